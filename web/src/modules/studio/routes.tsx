import { lazy, type ComponentType, type ReactNode } from 'react';
import type { IconName } from '../../lib/ui/index.ts';

const studioPages = () => import('../../app/pages/studio.ts');
type StudioPages = Awaited<ReturnType<typeof studioPages>>;

function studioPage(name: keyof StudioPages) {
  return lazy(async () => ({ default: (await studioPages())[name] as ComponentType }));
}

export interface ProjectTab {
  /** Relative to /projects/:projectId. */
  path: string;
  label: string;
  icon: IconName;
  element: ReactNode;
  /** Pages below the tab (e.g. `docs/:documentId`), shown with the tab highlighted. */
  children?: { path: string; element: ReactNode }[];
}

const ProjectSettingsPage = studioPage('ProjectSettingsPage');
const DiscussionPage = studioPage('DiscussionPage');
const ChatPage = studioPage('ChatPage');
const FilesPage = studioPage('FilesPage');
const DocsPage = studioPage('DocsPage');
const DocumentPage = studioPage('DocumentPage');

/** The tabs of a project page, in order; the first is where a project opens. */
export const projectTabs: ProjectTab[] = [
  { path: 'files', label: 'Files', icon: 'folder', element: <FilesPage /> },
  { path: 'chat', label: 'Chat', icon: 'chat', element: <ChatPage /> },
  { path: 'docs', label: 'Docs', icon: 'document', element: <DocsPage />, children: [{ path: 'docs/:documentId', element: <DocumentPage /> }] },
  { path: 'discussion', label: 'Discussion', icon: 'comment', element: <DiscussionPage /> },
  { path: 'settings', label: 'Settings', icon: 'settings', element: <ProjectSettingsPage /> },
];

export const ProjectsPage = studioPage('ProjectsPage');
