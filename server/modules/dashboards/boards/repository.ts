import { and, desc, eq, gte, ilike, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import type { Position } from '../../../platform/pagination/cursor.ts';
import { dashboardAnnotations, dashboards } from './tables.ts';

export type DashboardRow = typeof dashboards.$inferSelect;
export type AnnotationRow = typeof dashboardAnnotations.$inferSelect;

const created = sql`date_trunc('milliseconds', ${dashboards.createdAt})`;

export async function insertDashboard(db: Executor, values: typeof dashboards.$inferInsert): Promise<DashboardRow> {
  const [row] = await db.insert(dashboards).values(values).returning();
  return row!;
}

export async function findDashboard(db: Executor, dashboardId: string): Promise<DashboardRow | undefined> {
  const [row] = await db.select().from(dashboards).where(eq(dashboards.id, dashboardId));
  return row;
}

export async function findDashboardByShareHash(db: Executor, hash: string): Promise<DashboardRow | undefined> {
  const [row] = await db.select().from(dashboards).where(eq(dashboards.shareTokenHash, hash));
  return row;
}

export interface DashboardListFilter {
  orgId: string;
  q?: string;
  readerId: string;
  /** Organisation admins see private dashboards too. */
  seesAllPrivate: boolean;
}

/** Newest first; the keyset is (created_at to the millisecond, id). */
export function listDashboards(db: Executor, filter: DashboardListFilter, before: Position | undefined, limit: number): Promise<DashboardRow[]> {
  const pattern = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return db
    .select()
    .from(dashboards)
    .where(
      and(
        eq(dashboards.orgId, filter.orgId),
        filter.seesAllPrivate ? undefined : or(eq(dashboards.visibility, 'organization'), eq(dashboards.createdBy, filter.readerId)),
        pattern ? ilike(dashboards.title, pattern) : undefined,
        before ? sql`(${created}, ${dashboards.id}) < (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(created), desc(dashboards.id))
    .limit(limit + 1);
}

/** Applies the change only if the row is still at `version`; answers undefined when someone changed it first. */
export async function updateDashboardAt(
  db: Executor,
  dashboardId: string,
  version: number,
  changes: Partial<Pick<DashboardRow, 'title' | 'description' | 'visibility' | 'config'>>,
): Promise<DashboardRow | undefined> {
  const [row] = await db
    .update(dashboards)
    .set({ ...changes, version: sql`${dashboards.version} + 1`, updatedAt: new Date() })
    .where(and(eq(dashboards.id, dashboardId), eq(dashboards.version, version)))
    .returning();
  return row;
}

export async function setShareToken(db: Executor, dashboardId: string, token: { hash: string; sealed: string } | null): Promise<DashboardRow | undefined> {
  const [row] = await db
    .update(dashboards)
    .set({ shareTokenHash: token?.hash ?? null, shareTokenSealed: token?.sealed ?? null })
    .where(eq(dashboards.id, dashboardId))
    .returning();
  return row;
}

export async function deleteDashboard(db: Executor, dashboardId: string): Promise<void> {
  await db.delete(dashboards).where(eq(dashboards.id, dashboardId));
}

export async function insertAnnotation(db: Executor, values: typeof dashboardAnnotations.$inferInsert): Promise<AnnotationRow> {
  const [row] = await db.insert(dashboardAnnotations).values(values).returning();
  return row!;
}

export async function findAnnotation(db: Executor, annotationId: string): Promise<AnnotationRow | undefined> {
  const [row] = await db.select().from(dashboardAnnotations).where(eq(dashboardAnnotations.id, annotationId));
  return row;
}

/** Annotations that touch [from, to], oldest first. */
export function listAnnotations(db: Executor, dashboardId: string, from: Date, to: Date): Promise<AnnotationRow[]> {
  return db
    .select()
    .from(dashboardAnnotations)
    .where(
      and(
        eq(dashboardAnnotations.dashboardId, dashboardId),
        lte(dashboardAnnotations.time, to),
        or(gte(dashboardAnnotations.time, from), gte(dashboardAnnotations.timeEnd, from)),
      ),
    )
    .orderBy(dashboardAnnotations.time)
    .limit(1000);
}

export async function deleteAnnotation(db: Executor, annotationId: string): Promise<void> {
  await db.delete(dashboardAnnotations).where(eq(dashboardAnnotations.id, annotationId));
}
