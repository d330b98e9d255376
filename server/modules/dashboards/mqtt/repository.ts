import { count, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import { mqttSources } from './tables.ts';

export type MqttSourceRow = typeof mqttSources.$inferSelect;
export type NewMqttSource = typeof mqttSources.$inferInsert;

export async function insertMqttSource(db: Executor, values: NewMqttSource): Promise<MqttSourceRow> {
  const [row] = await db.insert(mqttSources).values(values).returning();
  return row!;
}

export async function findMqttSource(db: Executor, sourceId: string): Promise<MqttSourceRow | undefined> {
  const [row] = await db.select().from(mqttSources).where(eq(mqttSources.id, sourceId));
  return row;
}

export function listMqttSources(db: Executor, orgId: string): Promise<MqttSourceRow[]> {
  return db.select().from(mqttSources).where(eq(mqttSources.orgId, orgId)).orderBy(desc(mqttSources.createdAt));
}

export async function countMqttSources(db: Executor, orgId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(mqttSources).where(eq(mqttSources.orgId, orgId));
  return row?.n ?? 0;
}

export function enabledMqttSources(db: Executor): Promise<MqttSourceRow[]> {
  return db.select().from(mqttSources).where(eq(mqttSources.enabled, true));
}

export async function updateMqttSource(db: Executor, sourceId: string, changes: Partial<Pick<MqttSourceRow, 'name' | 'enabled'>>): Promise<MqttSourceRow | undefined> {
  const [row] = await db.update(mqttSources).set(changes).where(eq(mqttSources.id, sourceId)).returning();
  return row;
}

export async function deleteMqttSource(db: Executor, sourceId: string): Promise<void> {
  await db.delete(mqttSources).where(eq(mqttSources.id, sourceId));
}

/** Counts one message and its points; `error` (or null once a message goes through) is what the source page shows. */
export async function recordMqttMessage(db: Executor, sourceId: string, outcome: { accepted: number; rejected: number; error: string | null }): Promise<void> {
  await db
    .update(mqttSources)
    .set({
      messages: sql`${mqttSources.messages} + 1`,
      acceptedPoints: sql`${mqttSources.acceptedPoints} + ${outcome.accepted}`,
      rejectedPoints: sql`${mqttSources.rejectedPoints} + ${outcome.rejected}`,
      lastMessageAt: new Date(),
      lastError: outcome.error,
    })
    .where(eq(mqttSources.id, sourceId));
}

export async function recordMqttError(db: Executor, sourceId: string, error: string): Promise<void> {
  await db.update(mqttSources).set({ lastError: error }).where(eq(mqttSources.id, sourceId));
}
