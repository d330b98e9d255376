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

/** The tabs of a project page, in order; the first is where a project opens. */
export const projectTabs: ProjectTab[] = [{ path: 'settings', label: 'Settings', icon: 'settings', element: <ProjectSettingsPage /> }];

export const ProjectsPage = studioPage('ProjectsPage');
