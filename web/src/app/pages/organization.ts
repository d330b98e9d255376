export { ApiKeysPage } from '../../modules/identity/ApiKeysPage.tsx';
export { CreateOrganizationPage } from '../../modules/identity/CreateOrganizationPage.tsx';
export { MembersPage } from '../../modules/identity/MembersPage.tsx';
export { OrganizationSettingsPage } from '../../modules/identity/OrganizationSettingsPage.tsx';
export { TeamsPage } from '../../modules/identity/TeamsPage.tsx';
