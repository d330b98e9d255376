import type { Role } from '../../../common/organizations.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { StudioContext } from './context.ts';
import { projectResource, type ProjectAction, type ProjectRoleLookup } from './policy.ts';
import { findProject, findProjectRole, type ProjectRow } from './projects.repository.ts';

const ROLE_CACHE_TTL_SECONDS = 60;
const roleKey = (projectId: string, userId: string) => `studio:project-role:${projectId}:${userId}`;

/** Actions still allowed once a project is archived; everything else waits for a restore. */
const ALLOWED_WHEN_ARCHIVED: ReadonlySet<ProjectAction> = new Set(['read', 'archive', 'update', 'manageMembers', 'delete']);

export const projectNotFound = () => new AppError('project_not_found', 404, 'No such project');

export interface AuthorizedProject {
  project: ProjectRow;
  role: Role;
}

/**
 * The one way studio code reaches a project: load it, then check the actor's project role
 * (organisation role narrowed by the project) through the policy layer.
 */
export function projectAccess(ctx: StudioContext) {
  const lookupRole: ProjectRoleLookup = async (projectId, userId) => {
    const cached = await ctx.cache.get<{ role: Role | null }>(roleKey(projectId, userId));
    if (cached) return cached.role ?? undefined;
    const role = await findProjectRole(ctx.db, projectId, userId);
    await ctx.cache.set(roleKey(projectId, userId), { role: role ?? null }, ROLE_CACHE_TTL_SECONDS);
    return role;
  };

  return {
    lookupRole,

    /** Drops the cached project role after a project membership changes. */
    forgetRole: (projectId: string, userId: string) => ctx.cache.delete(roleKey(projectId, userId)),

    /**
     * Throws 404 `project_not_found` when the project does not exist or the actor may not see it,
     * 403 when their role does not allow the action, and 409 `project_archived` for writes to an archived project.
     */
    async authorize(actor: Actor, projectId: string, action: ProjectAction): Promise<AuthorizedProject> {
      const project = await findProject(ctx.db, projectId);
      if (!project) throw projectNotFound();
      return this.authorizeLoaded(actor, project, action);
    },

    /** The same checks for a project the caller has just read (joined with a row of its own, say). */
    async authorizeLoaded(actor: Actor, project: ProjectRow, action: ProjectAction): Promise<AuthorizedProject> {
      const role = await ctx.policies.authorize(actor, action, projectResource(project));
      if (project.status === 'archived' && !ALLOWED_WHEN_ARCHIVED.has(action)) {
        throw new AppError('project_archived', 409, 'This project is archived; restore it to make changes');
      }
      return { project, role };
    },

    /** Whether the actor may do the action, without throwing (for filtering and socket joins). */
    async can(actor: Actor, project: ProjectRow, action: ProjectAction): Promise<boolean> {
      return ctx.policies.can(actor, action, projectResource(project));
    },

    policiesFor: (actor: Actor, project: ProjectRow) => ctx.policies.policiesFor(actor, projectResource(project)),
  };
}

export type ProjectAccess = ReturnType<typeof projectAccess>;
