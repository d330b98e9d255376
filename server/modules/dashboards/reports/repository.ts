import { and, count, desc, eq, lte } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import { dashboardReports } from './tables.ts';

export type ReportRow = typeof dashboardReports.$inferSelect;

export async function insertReport(db: Executor, values: typeof dashboardReports.$inferInsert): Promise<ReportRow> {
  const [row] = await db.insert(dashboardReports).values(values).returning();
  return row!;
}

export async function findReport(db: Executor, reportId: string): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(dashboardReports).where(eq(dashboardReports.id, reportId));
  return row;
}

export function listReports(db: Executor, dashboardId: string): Promise<ReportRow[]> {
  return db.select().from(dashboardReports).where(eq(dashboardReports.dashboardId, dashboardId)).orderBy(desc(dashboardReports.createdAt));
}

export async function countReports(db: Executor, dashboardId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(dashboardReports).where(eq(dashboardReports.dashboardId, dashboardId));
  return row?.n ?? 0;
}

export function dueReports(db: Executor, now: Date): Promise<ReportRow[]> {
  return db
    .select()
    .from(dashboardReports)
    .where(and(eq(dashboardReports.enabled, true), lte(dashboardReports.nextRunAt, now)));
}

export async function recordReportRun(db: Executor, reportId: string, run: { at: Date; nextRunAt: Date; error: string | null }): Promise<void> {
  await db.update(dashboardReports).set({ lastRunAt: run.at, nextRunAt: run.nextRunAt, lastError: run.error }).where(eq(dashboardReports.id, reportId));
}

export async function deleteReport(db: Executor, reportId: string): Promise<void> {
  await db.delete(dashboardReports).where(eq(dashboardReports.id, reportId));
}
