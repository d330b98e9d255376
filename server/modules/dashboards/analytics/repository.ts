import { and, desc, eq, gte, inArray, lt, lte } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import type { Anomaly } from './findings.ts';
import type { ForecastPoint } from './holt-winters.ts';
import { streamAnomalies, streamForecasts, streamInsights } from './tables.ts';

export type AnomalyRow = typeof streamAnomalies.$inferSelect;
export type ForecastRow = typeof streamForecasts.$inferSelect;
export type InsightRow = typeof streamInsights.$inferSelect;

/** Replaces a field's anomalies from `since` on with what the latest run found. */
export async function replaceAnomalies(db: Executor, streamId: string, field: string, since: Date, anomalies: Anomaly[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(streamAnomalies).where(and(eq(streamAnomalies.streamId, streamId), eq(streamAnomalies.field, field), gte(streamAnomalies.time, since)));
    if (anomalies.length) {
      await tx.insert(streamAnomalies).values(anomalies.map((a) => ({ streamId, field, time: new Date(a.time), value: a.value, expected: a.expected, score: a.score })));
    }
  });
}

export function listAnomalies(db: Executor, streamId: string, field: string, from: Date, to: Date): Promise<AnomalyRow[]> {
  return db
    .select()
    .from(streamAnomalies)
    .where(and(eq(streamAnomalies.streamId, streamId), eq(streamAnomalies.field, field), gte(streamAnomalies.time, from), lte(streamAnomalies.time, to)))
    .orderBy(streamAnomalies.time)
    .limit(1000);
}

export async function saveForecast(db: Executor, streamId: string, field: string, computedAt: Date, points: ForecastPoint[]): Promise<void> {
  await db
    .insert(streamForecasts)
    .values({ streamId, field, computedAt, points })
    .onConflictDoUpdate({ target: [streamForecasts.streamId, streamForecasts.field], set: { computedAt, points } });
}

export async function findForecast(db: Executor, streamId: string, field: string): Promise<ForecastRow | undefined> {
  const [row] = await db
    .select()
    .from(streamForecasts)
    .where(and(eq(streamForecasts.streamId, streamId), eq(streamForecasts.field, field)));
  return row;
}

export async function insertInsight(db: Executor, values: typeof streamInsights.$inferInsert): Promise<void> {
  await db.insert(streamInsights).values(values);
}

export function listInsights(db: Executor, streamIds: string[], limit: number): Promise<InsightRow[]> {
  if (streamIds.length === 0) return Promise.resolve([]);
  return db.select().from(streamInsights).where(inArray(streamInsights.streamId, streamIds)).orderBy(desc(streamInsights.computedAt)).limit(limit);
}

export async function pruneInsights(db: Executor, before: Date): Promise<void> {
  await db.delete(streamInsights).where(lt(streamInsights.computedAt, before));
}
