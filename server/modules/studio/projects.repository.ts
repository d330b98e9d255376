import { and, asc, desc, eq, ilike, or, sql } from 'drizzle-orm';
import type { Role } from '../../../common/organizations.ts';
import type { ProjectRole, ProjectStatus, ProjectVisibility } from '../../../common/studio.ts';
import type { Executor } from '../../platform/db/index.ts';
import type { Position } from '../../platform/pagination/cursor.ts';
import { projectMembers, projects } from './projects.tables.ts';

export type ProjectRow = typeof projects.$inferSelect;
export type ProjectMemberRow = typeof projectMembers.$inferSelect;

const created = sql`date_trunc('milliseconds', ${projects.createdAt})`;

export async function insertProject(
  db: Executor,
  values: { orgId: string; name: string; description: string; visibility: ProjectVisibility; createdBy: string },
): Promise<ProjectRow> {
  const [row] = await db.insert(projects).values(values).returning();
  return row!;
}

export async function findProject(db: Executor, projectId: string): Promise<ProjectRow | undefined> {
  const [row] = await db.select().from(projects).where(eq(projects.id, projectId));
  return row;
}

export interface ProjectListFilter {
  orgId: string;
  status: ProjectStatus;
  q?: string;
  /** Private projects appear only to their members, unless the reader sees every project (organisation admins). */
  readerId: string;
  seesAllPrivate: boolean;
}

/** Newest first; the keyset is (created_at to the millisecond, id). */
export async function listProjects(db: Executor, filter: ProjectListFilter, before: Position | undefined, limit: number): Promise<ProjectRow[]> {
  const pattern = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const visible = filter.seesAllPrivate
    ? undefined
    : or(
        eq(projects.visibility, 'organization'),
        sql`exists (select 1 from ${projectMembers} where ${projectMembers.projectId} = ${projects.id} and ${projectMembers.userId} = ${filter.readerId})`,
      );
  return db
    .select()
    .from(projects)
    .where(
      and(
        eq(projects.orgId, filter.orgId),
        eq(projects.status, filter.status),
        visible,
        pattern ? or(ilike(projects.name, pattern), ilike(projects.description, pattern)) : undefined,
        before ? sql`(${created}, ${projects.id}) < (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(created), desc(projects.id))
    .limit(limit + 1);
}

export async function updateProject(
  db: Executor,
  projectId: string,
  changes: Partial<Pick<ProjectRow, 'name' | 'description' | 'visibility' | 'coverFileId' | 'status' | 'archivedAt'>>,
): Promise<ProjectRow | undefined> {
  const [row] = await db
    .update(projects)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(projects.id, projectId))
    .returning();
  return row;
}

export async function deleteProject(db: Executor, projectId: string): Promise<void> {
  await db.delete(projects).where(eq(projects.id, projectId));
}

export async function findProjectRole(db: Executor, projectId: string, userId: string): Promise<Role | undefined> {
  const [row] = await db
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
  return row?.role;
}

export async function listProjectMemberRows(db: Executor, projectId: string): Promise<ProjectMemberRow[]> {
  return db.select().from(projectMembers).where(eq(projectMembers.projectId, projectId)).orderBy(asc(projectMembers.addedAt));
}

export async function upsertProjectMember(db: Executor, projectId: string, userId: string, role: ProjectRole): Promise<void> {
  await db
    .insert(projectMembers)
    .values({ projectId, userId, role })
    .onConflictDoUpdate({ target: [projectMembers.projectId, projectMembers.userId], set: { role } });
}

/** Returns whether there was a membership to remove. */
export async function deleteProjectMember(db: Executor, projectId: string, userId: string): Promise<boolean> {
  const removed = await db
    .delete(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
    .returning({ userId: projectMembers.userId });
  return removed.length > 0;
}
