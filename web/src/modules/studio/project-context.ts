import { useOutletContext } from 'react-router';
import type { Role } from '../../../../common/organizations.ts';
import type { Project } from '../../../../common/studio.ts';

export interface ProjectOutlet {
  project: Project;
  role: Role;
  policies: Record<string, boolean>;
}

/** The project loaded by ProjectLayout, with `can(action)` reading the server's policy answer. */
export function useProjectContext(): ProjectOutlet & { can: (action: string) => boolean } {
  const outlet = useOutletContext<ProjectOutlet>();
  return { ...outlet, can: (action) => outlet.policies[action] === true };
}
