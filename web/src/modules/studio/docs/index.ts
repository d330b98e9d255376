export { DocsPage } from './DocsPage.tsx';
export { DocumentPage } from './DocumentPage.tsx';
