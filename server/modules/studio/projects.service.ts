import type { Role } from '../../../common/organizations.ts';
import type { CreateProjectBody, ProjectListQuery, ProjectMember, ProjectRole, UpdateProjectBody } from '../../../common/studio.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { createOnce } from '../../platform/idempotency/index.ts';
import { decodeCursor, pageOf } from '../../platform/pagination/cursor.ts';
import { hasRole } from '../../platform/policy/index.ts';
import { directory, type UserSummary } from '../identity/directory.ts';
import type { StudioContext } from './context.ts';
import { projectCollectionResource, projectResource, projectRoleOf } from './policy.ts';
import type { ProjectAccess } from './project-access.ts';
import {
  deleteProject,
  deleteProjectMember,
  insertProject,
  listProjectMemberRows,
  listProjects,
  updateProject,
  upsertProjectMember,
  type ProjectRow,
} from './projects.repository.ts';

export interface ProjectView {
  project: ProjectRow;
  createdBy: UserSummary | null;
  coverUrl: string | null;
}

/** What projects need from the files area: a project cover is one of its image files. */
export interface CoverFiles {
  describeAttachments(actor: Actor, projectId: string, fileIds: string[]): Promise<{ mimeType: string; thumbnailUrl: string | null }[]>;
}

export interface ProjectDetailView extends ProjectView {
  role: Role;
  policies: Record<string, boolean>;
}

const memberNotFound = () => new AppError('member_not_found', 404, 'That person is not a member of this organisation');

export function projectsService(ctx: StudioContext, access: ProjectAccess, files: CoverFiles) {
  const { db, policies, bus } = ctx;

  /** A cover whose file was deleted since simply shows no picture. */
  const coverUrlOf = async (actor: Actor, project: ProjectRow): Promise<string | null> => {
    if (!project.coverFileId) return null;
    const [cover] = await files.describeAttachments(actor, project.id, [project.coverFileId]).catch(() => []);
    return cover?.thumbnailUrl ?? null;
  };

  const presentable = async (actor: Actor, rows: ProjectRow[]): Promise<ProjectView[]> => {
    const people = await directory.userSummaries(db, rows.flatMap((row) => (row.createdBy ? [row.createdBy] : [])));
    return Promise.all(
      rows.map(async (project) => ({
        project,
        createdBy: project.createdBy ? (people.get(project.createdBy) ?? null) : null,
        coverUrl: await coverUrlOf(actor, project),
      })),
    );
  };

  const assertCoverImage = async (actor: Actor, projectId: string, fileId: string): Promise<void> => {
    const [cover] = await files.describeAttachments(actor, projectId, [fileId]);
    if (!cover?.mimeType.startsWith('image/')) throw new AppError('cover_not_image', 422, 'A project cover must be an image file of the project');
  };

  const detail = async (actor: Actor, project: ProjectRow, role: Role): Promise<ProjectDetailView> => {
    const [view] = await presentable(actor, [project]);
    return { ...view!, role, policies: await access.policiesFor(actor, project) };
  };

  const announce = (name: 'project.updated' | 'project.archived' | 'project.restored' | 'project.deleted', actor: Actor, project: ProjectRow) =>
    bus.publish(name, { orgId: project.orgId, projectId: project.id, actorId: actor.userId });

  return {
    /** Starts a project; the same `idempotencyKey` returns the first project again. */
    async create(actor: Actor, orgId: string, input: CreateProjectBody, idempotencyKey?: string): Promise<ProjectDetailView> {
      await policies.authorize(actor, 'create', projectCollectionResource(orgId));
      const project = await createOnce(ctx.cache, {
        scope: `studio:project-create:${actor.userId}`,
        key: idempotencyKey,
        create: async () => {
          const row = await insertProject(db, {
            orgId,
            name: input.name,
            description: input.description ?? '',
            visibility: input.visibility ?? 'organization',
            createdBy: actor.userId,
          });
          await bus.publish('project.created', { orgId, projectId: row.id, actorId: actor.userId, name: row.name });
          return row;
        },
        idOf: (row) => row.id,
        reload: async (projectId) => (await access.authorize(actor, projectId, 'read').catch(() => undefined))?.project,
      });
      const { role } = await access.authorize(actor, project.id, 'read');
      return detail(actor, project, role);
    },

    async list(actor: Actor, orgId: string, query: ProjectListQuery & { limit: number }) {
      const orgRole = await policies.authorize(actor, 'list', projectCollectionResource(orgId));
      const rows = await listProjects(
        db,
        { orgId, status: query.status ?? 'active', q: query.q === '' ? undefined : query.q, readerId: actor.userId, seesAllPrivate: hasRole(orgRole, 'admin') },
        decodeCursor(query.cursor),
        query.limit,
      );
      const page = pageOf(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
      return { items: await presentable(actor, page.rows), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, projectId: string): Promise<ProjectDetailView> {
      const { project, role } = await access.authorize(actor, projectId, 'read');
      return detail(actor, project, role);
    },

    async update(actor: Actor, projectId: string, changes: UpdateProjectBody): Promise<ProjectDetailView> {
      const { role } = await access.authorize(actor, projectId, 'update');
      if (changes.coverFileId) await assertCoverImage(actor, projectId, changes.coverFileId);
      const updated = await updateProject(db, projectId, changes);
      if (!updated) throw new AppError('project_not_found', 404, 'No such project');
      await access.forgetProject(projectId);
      await announce('project.updated', actor, updated);
      return detail(actor, updated, role);
    },

    async archive(actor: Actor, projectId: string): Promise<ProjectDetailView> {
      const { project, role } = await access.authorize(actor, projectId, 'archive');
      if (project.status === 'archived') return detail(actor, project, role);
      const updated = (await updateProject(db, projectId, { status: 'archived', archivedAt: new Date() }))!;
      await access.forgetProject(projectId);
      await announce('project.archived', actor, updated);
      return detail(actor, updated, role);
    },

    async restore(actor: Actor, projectId: string): Promise<ProjectDetailView> {
      const { project, role } = await access.authorize(actor, projectId, 'archive');
      if (project.status === 'active') return detail(actor, project, role);
      const updated = (await updateProject(db, projectId, { status: 'active', archivedAt: null }))!;
      await access.forgetProject(projectId);
      await announce('project.restored', actor, updated);
      return detail(actor, updated, role);
    },

    async remove(actor: Actor, projectId: string): Promise<void> {
      const { project } = await access.authorize(actor, projectId, 'delete');
      await deleteProject(db, projectId);
      await access.forgetProject(projectId);
      await announce('project.deleted', actor, project);
    },

    /**
     * Everyone who can open the project, with the role it grants them: every organisation member
     * for an organisation-wide project; members and organisation admins for a private one.
     */
    async listMembers(actor: Actor, projectId: string): Promise<ProjectMember[]> {
      const { project } = await access.authorize(actor, projectId, 'read');
      const [people, rows] = await Promise.all([directory.organizationMembers(db, project.orgId), listProjectMemberRows(db, projectId)]);
      const memberships = new Map(rows.map((row) => [row.userId, row]));
      const roleIn = projectRoleOf(async (_projectId, userId) => memberships.get(userId)?.role);
      const resource = projectResource(project);
      const members: ProjectMember[] = [];
      for (const { user, role: organizationRole } of people) {
        const role = await roleIn({ type: 'user', userId: user.id, sessionId: '' }, organizationRole, resource);
        if (!role) continue;
        const membership = memberships.get(user.id);
        members.push({
          user,
          role,
          organizationRole,
          projectRole: membership?.role ?? null,
          addedAt: membership?.addedAt.toISOString() ?? null,
        });
      }
      return members;
    },

    /** Adds an organisation member to the project, or changes the role the project gives them. */
    async setMember(actor: Actor, projectId: string, userId: string, role: ProjectRole): Promise<ProjectMember[]> {
      const { project } = await access.authorize(actor, projectId, 'manageMembers');
      if (!(await directory.organizationRole(db, project.orgId, userId))) throw memberNotFound();
      await upsertProjectMember(db, projectId, userId, role);
      await access.forgetRole(projectId, userId);
      await bus.publish('project.member_changed', { orgId: project.orgId, projectId, actorId: actor.userId, userId, role });
      return this.listMembers(actor, projectId);
    },

    async removeMember(actor: Actor, projectId: string, userId: string): Promise<void> {
      const { project } = await access.authorize(actor, projectId, 'manageMembers');
      if (!(await deleteProjectMember(db, projectId, userId))) {
        throw new AppError('project_member_not_found', 404, 'That person has no membership in this project');
      }
      await access.forgetRole(projectId, userId);
      await bus.publish('project.member_changed', { orgId: project.orgId, projectId, actorId: actor.userId, userId, role: null });
    },
  };
}

export type ProjectsService = ReturnType<typeof projectsService>;
