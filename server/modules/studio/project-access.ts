import type { Role } from '../../../common/organizations.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { StudioContext } from './context.ts';
import { projectResource, type ProjectAction, type ProjectRoleLookup } from './policy.ts';
import { findProject, findProjectRole, type ProjectRow } from './projects.repository.ts';

const ROLE_CACHE_TTL_SECONDS = 60;
const roleKey = (projectId: string, userId: string) => `studio:project-role:${projectId}:${userId}`;
const BASICS_CACHE_TTL_SECONDS = 60;
const basicsKey = (projectId: string) => `studio:project-basics:${projectId}`;

/** Actions still allowed once a project is archived; everything else waits for a restore. */
const ALLOWED_WHEN_ARCHIVED: ReadonlySet<ProjectAction> = new Set(['read', 'archive', 'update', 'manageMembers', 'delete']);

export const projectNotFound = () => new AppError('project_not_found', 404, 'No such project');

export interface AuthorizedProject<P extends ProjectBasics = ProjectRow> {
  project: P;
  role: Role;
}

/** What the policy checks and chat messages read of a project; plain strings, so the cache can hold it. */
export type ProjectBasics = Pick<ProjectRow, 'id' | 'orgId' | 'name' | 'status' | 'visibility'>;

const basicsOf = ({ id, orgId, name, status, visibility }: ProjectBasics): ProjectBasics => ({ id, orgId, name, status, visibility });

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

    /** The project's basics from the cache (every chat message opens its project); undefined when it does not exist. */
    async findBasics(projectId: string): Promise<ProjectBasics | undefined> {
      const cached = await ctx.cache.get<ProjectBasics>(basicsKey(projectId));
      if (cached) return cached;
      const project = await findProject(ctx.db, projectId);
      return project && this.rememberBasics(project);
    },

    /** Caches the basics of a project the caller has just read (joined with a row of its own, say). */
    async rememberBasics(project: ProjectBasics): Promise<ProjectBasics> {
      const basics = basicsOf(project);
      await ctx.cache.set(basicsKey(project.id), basics, BASICS_CACHE_TTL_SECONDS);
      return basics;
    },

    /** Drops the cached basics after the project changes (renamed, archived, restored, made private, deleted). */
    forgetProject: (projectId: string) => ctx.cache.delete(basicsKey(projectId)),

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
    async authorizeLoaded<P extends ProjectBasics>(actor: Actor, project: P, action: ProjectAction): Promise<AuthorizedProject<P>> {
      const role = await ctx.policies.authorize(actor, action, projectResource(project));
      if (project.status === 'archived' && !ALLOWED_WHEN_ARCHIVED.has(action)) {
        throw new AppError('project_archived', 409, 'This project is archived; restore it to make changes');
      }
      return { project, role };
    },

    /** Whether the actor may do the action, without throwing (for filtering and socket joins). */
    async can(actor: Actor, project: ProjectBasics, action: ProjectAction): Promise<boolean> {
      return ctx.policies.can(actor, action, projectResource(project));
    },

    policiesFor: (actor: Actor, project: ProjectRow) => ctx.policies.policiesFor(actor, projectResource(project)),
  };
}

export type ProjectAccess = ReturnType<typeof projectAccess>;
