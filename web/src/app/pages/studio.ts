export { ProjectsPage } from '../../modules/studio/ProjectsPage.tsx';
export { ProjectSettingsPage } from '../../modules/studio/ProjectSettingsPage.tsx';
