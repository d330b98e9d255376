export { DiscussionPage } from './DiscussionPage.tsx';
export { FileComments } from './FileComments.tsx';
export { IntegrationsSettings } from './IntegrationsSettings.tsx';
