export { ProfilePage } from '../../modules/identity/ProfilePage.tsx';
export { SecurityPage } from '../../modules/identity/SecurityPage.tsx';
export { SessionsPage } from '../../modules/identity/SessionsPage.tsx';
