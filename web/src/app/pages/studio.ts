export { ProjectsPage } from '../../modules/studio/ProjectsPage.tsx';
export { ProjectSettingsPage } from '../../modules/studio/ProjectSettingsPage.tsx';
export { DiscussionPage } from '../../modules/studio/comments/index.ts';
export { ChatPage } from '../../modules/studio/chat/index.ts';
export { FilesPage } from '../../modules/studio/files/index.ts';
export { DocsPage, DocumentPage } from '../../modules/studio/docs/index.ts';
