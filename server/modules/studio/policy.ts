import type { Role } from '../../../common/organizations.ts';
import type { ProjectVisibility } from '../../../common/studio.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { hasRole, type ResourcePolicy } from '../../platform/policy/index.ts';

/** Projects of an organisation as a whole: who may list them and start new ones. */
export interface ProjectCollectionResource {
  type: 'project_collection';
  orgId: string;
}

export interface ProjectResource {
  type: 'project';
  orgId: string;
  projectId: string;
  visibility: ProjectVisibility;
}

export const projectCollectionResource = (orgId: string): ProjectCollectionResource => ({ type: 'project_collection', orgId });
export const projectResource = (project: { id: string; orgId: string; visibility: ProjectVisibility }): ProjectResource => ({
  type: 'project',
  orgId: project.orgId,
  projectId: project.id,
  visibility: project.visibility,
});

export const projectCollectionPolicy = {
  type: 'project_collection',
  module: 'studio',
  actions: {
    list: { role: 'viewer', scope: 'read' },
    create: { role: 'member', scope: 'write' },
  },
} satisfies ResourcePolicy<ProjectCollectionResource>;

/** Finds the role a project membership sets for a user, if any. */
export type ProjectRoleLookup = (projectId: string, userId: string) => Promise<Role | undefined>;

/** The weaker of two roles. */
const weaker = (a: Role, b: Role): Role => (hasRole(a, b) ? b : a);

/**
 * A project membership narrows the organisation role; organisation owners keep theirs, so a
 * project can never lock out the people who run the organisation. A private project exists only
 * for its members and organisation admins.
 */
export function projectRoleOf(lookup: ProjectRoleLookup) {
  return async (actor: Actor, orgRole: Role, project: ProjectResource): Promise<Role | undefined> => {
    if (orgRole === 'owner') return orgRole;
    const projectRole = await lookup(project.projectId, actor.userId);
    if (projectRole) return weaker(orgRole, projectRole);
    if (project.visibility === 'private' && !hasRole(orgRole, 'admin')) return undefined;
    return orgRole;
  };
}

/**
 * What each project role may do. `contribute` covers everyday writing: files, messages,
 * comments and documents. `moderate` covers others' content: deleting their messages,
 * restoring and purging files.
 */
export function projectPolicy(lookup: ProjectRoleLookup) {
  return {
    type: 'project',
    module: 'studio',
    roleOn: projectRoleOf(lookup),
    actions: {
      read: { role: 'viewer', scope: 'read' },
      contribute: { role: 'member', scope: 'write' },
      moderate: { role: 'admin', scope: 'write' },
      update: { role: 'admin', scope: 'write' },
      archive: { role: 'admin', scope: 'write' },
      manageMembers: { role: 'admin', scope: 'admin' },
      manageIntegrations: { role: 'admin', scope: 'admin' },
      delete: { role: 'admin', scope: 'admin', userOnly: true },
    },
  } satisfies ResourcePolicy<ProjectResource>;
}

export type ProjectAction = keyof ReturnType<typeof projectPolicy>['actions'];
