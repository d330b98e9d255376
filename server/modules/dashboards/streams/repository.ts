import { and, desc, eq, ilike, isNotNull, sql } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import type { Position } from '../../../platform/pagination/cursor.ts';
import { streamSeries, streams } from './tables.ts';

export type StreamRow = typeof streams.$inferSelect;

const created = sql`date_trunc('milliseconds', ${streams.createdAt})`;

export async function insertStream(
  db: Executor,
  values: { orgId: string; name: string; description: string; fields: string[]; tagKeys: string[]; retentionDays: number; createdBy: string | null },
): Promise<StreamRow | undefined> {
  const [row] = await db.insert(streams).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findStream(db: Executor, streamId: string): Promise<StreamRow | undefined> {
  const [row] = await db.select().from(streams).where(eq(streams.id, streamId));
  return row;
}

export async function findStreamByName(db: Executor, orgId: string, name: string): Promise<StreamRow | undefined> {
  const [row] = await db
    .select()
    .from(streams)
    .where(and(eq(streams.orgId, orgId), eq(streams.name, name)));
  return row;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Newest first; the keyset is (created_at to the millisecond, id). */
export async function listStreams(db: Executor, orgId: string, q: string | undefined, before: Position | undefined, limit: number): Promise<StreamRow[]> {
  const pattern = q ? likePattern(q) : undefined;
  return db
    .select()
    .from(streams)
    .where(
      and(
        eq(streams.orgId, orgId),
        pattern ? ilike(streams.name, pattern) : undefined,
        before ? sql`(${created}, ${streams.id}) < (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(created), desc(streams.id))
    .limit(limit + 1);
}

export async function updateStream(
  db: Executor,
  streamId: string,
  changes: Partial<Pick<StreamRow, 'name' | 'description' | 'retentionDays'>>,
): Promise<StreamRow | undefined> {
  const [row] = await db
    .update(streams)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(streams.id, streamId))
    .returning();
  return row;
}

/**
 * Appends the fields and tag keys the stream does not have yet, in the order given, and answers
 * the row as stored. The row lock orders concurrent writers, and each appends to what the other
 * left, so every field keeps one position for good.
 */
export async function appendSchema(db: Executor, streamId: string, fields: string[], tagKeys: string[]): Promise<StreamRow | undefined> {
  const [row] = await db
    .update(streams)
    .set({
      fields: sql`${streams.fields} || array(select f from unnest(${sql.param(fields)}::text[]) with ordinality as n(f, i) where not f = any(${streams.fields}) order by i)`,
      tagKeys: sql`${streams.tagKeys} || array(select k from unnest(${sql.param(tagKeys)}::text[]) with ordinality as n(k, i) where not k = any(${streams.tagKeys}) order by i)`,
      updatedAt: new Date(),
    })
    .where(eq(streams.id, streamId))
    .returning();
  return row;
}

/** Counts points written and marks rollups stale from `from` on until the rollup job has run again. */
export async function recordWrite(db: Executor, streamId: string, count: number, from: Date): Promise<void> {
  await db
    .update(streams)
    .set({
      pointCount: sql`${streams.pointCount} + ${count}`,
      rollupDirtyFrom: sql`least(${streams.rollupDirtyFrom}, ${from.toISOString()}::timestamptz)`,
    })
    .where(eq(streams.id, streamId));
}

export async function deleteStream(db: Executor, streamId: string): Promise<void> {
  await db.delete(streams).where(eq(streams.id, streamId));
}

/** Ids of the given series keys of a stream, creating the ones that do not exist yet. */
export async function upsertSeries(db: Executor, streamId: string, series: { key: string; tags: Record<string, string> }[]): Promise<Map<string, number>> {
  if (series.length === 0) return new Map();
  const rows = await db
    .insert(streamSeries)
    .values(series.map(({ key, tags }) => ({ streamId, key, tags })))
    .onConflictDoUpdate({ target: [streamSeries.streamId, streamSeries.key], set: { key: sql`excluded.key` } })
    .returning({ id: streamSeries.id, key: streamSeries.key });
  return new Map(rows.map((row) => [row.key, row.id]));
}

/** The distinct values of one tag key across a stream's series, in order. */
export async function tagValues(db: Executor, streamId: string, key: string, q: string | undefined, limit: number): Promise<string[]> {
  const value = sql<string>`${streamSeries.tags} ->> ${key}`;
  const rows = await db
    .selectDistinct({ value })
    .from(streamSeries)
    .where(and(eq(streamSeries.streamId, streamId), isNotNull(value), q ? ilike(value, likePattern(q)) : undefined))
    // The key is a bound parameter, so the ORDER BY copy of the expression would not match the DISTINCT one; order by position.
    .orderBy(sql`1`)
    .limit(limit);
  return rows.map((row) => row.value);
}

/** Every stream of every organisation, for jobs that visit them all. */
export function everyStream(db: Executor): Promise<StreamRow[]> {
  return db.select().from(streams).orderBy(streams.createdAt);
}
