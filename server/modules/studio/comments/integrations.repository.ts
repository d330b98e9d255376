import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import type { Position } from '../../../platform/pagination/cursor.ts';
import { integrationDeliveries, integrationDeliveryAttempts, projectIntegrations } from './integrations.tables.ts';

export type IntegrationRow = typeof projectIntegrations.$inferSelect;
export type NewIntegrationRow = typeof projectIntegrations.$inferInsert;
export type DeliveryRow = typeof integrationDeliveries.$inferSelect;
export type DeliveryAttemptRow = typeof integrationDeliveryAttempts.$inferSelect;

const deliveryCreated = sql`date_trunc('milliseconds', ${integrationDeliveries.createdAt})`;

export async function insertIntegration(db: Executor, values: NewIntegrationRow): Promise<IntegrationRow> {
  const [row] = await db.insert(projectIntegrations).values(values).returning();
  return row!;
}

export async function findIntegration(db: Executor, integrationId: string): Promise<IntegrationRow | undefined> {
  const [row] = await db.select().from(projectIntegrations).where(eq(projectIntegrations.id, integrationId));
  return row;
}

export async function listIntegrations(db: Executor, projectId: string): Promise<IntegrationRow[]> {
  return db.select().from(projectIntegrations).where(eq(projectIntegrations.projectId, projectId)).orderBy(asc(projectIntegrations.createdAt));
}

export async function countIntegrations(db: Executor, projectId: string): Promise<number> {
  return db.$count(projectIntegrations, eq(projectIntegrations.projectId, projectId));
}

/** Enabled integrations of the project subscribed to the event. */
/** The event types the project's enabled integrations listen to. */
export async function listSubscribedEvents(db: Executor, projectId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ event: sql<string>`unnest(${projectIntegrations.events})` })
    .from(projectIntegrations)
    .where(and(eq(projectIntegrations.projectId, projectId), eq(projectIntegrations.enabled, true)));
  return rows.map((row) => row.event);
}

export async function listSubscribers(db: Executor, projectId: string, eventType: string): Promise<IntegrationRow[]> {
  return db
    .select()
    .from(projectIntegrations)
    .where(and(eq(projectIntegrations.projectId, projectId), eq(projectIntegrations.enabled, true), sql`${eventType} = any(${projectIntegrations.events})`));
}

export async function updateIntegration(
  db: Executor,
  integrationId: string,
  changes: Partial<Pick<IntegrationRow, 'name' | 'urlSealed' | 'urlPreview' | 'secretSealed' | 'events' | 'enabled'>>,
): Promise<IntegrationRow | undefined> {
  const [row] = await db
    .update(projectIntegrations)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(projectIntegrations.id, integrationId))
    .returning();
  return row;
}

export async function deleteIntegration(db: Executor, integrationId: string): Promise<void> {
  await db.delete(projectIntegrations).where(eq(projectIntegrations.id, integrationId));
}

export async function insertDelivery(db: Executor, values: typeof integrationDeliveries.$inferInsert): Promise<DeliveryRow> {
  const [row] = await db.insert(integrationDeliveries).values(values).returning();
  return row!;
}

export async function findDelivery(db: Executor, deliveryId: string): Promise<DeliveryRow | undefined> {
  const [row] = await db.select().from(integrationDeliveries).where(eq(integrationDeliveries.id, deliveryId));
  return row;
}

export async function setDeliveryStatus(db: Executor, deliveryId: string, status: DeliveryRow['status'], deliveredAt?: Date): Promise<void> {
  await db
    .update(integrationDeliveries)
    .set({ status, ...(deliveredAt ? { deliveredAt } : {}) })
    .where(eq(integrationDeliveries.id, deliveryId));
}

export async function insertAttempt(db: Executor, values: typeof integrationDeliveryAttempts.$inferInsert): Promise<void> {
  await db.insert(integrationDeliveryAttempts).values(values);
}

/** Newest first; the keyset is (created_at to the millisecond, id). */
export async function listDeliveries(db: Executor, integrationId: string, before: Position | undefined, limit: number): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(integrationDeliveries)
    .where(
      and(
        eq(integrationDeliveries.integrationId, integrationId),
        before ? sql`(${deliveryCreated}, ${integrationDeliveries.id}) < (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(deliveryCreated), desc(integrationDeliveries.id))
    .limit(limit + 1);
}

export async function listAttempts(db: Executor, deliveryIds: string[]): Promise<DeliveryAttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return db
    .select()
    .from(integrationDeliveryAttempts)
    .where(inArray(integrationDeliveryAttempts.deliveryId, deliveryIds))
    .orderBy(asc(integrationDeliveryAttempts.attempt));
}

/** Deletes deliveries created before `before` (their attempts go with them); returns how many. */
export async function pruneDeliveries(db: Executor, before: Date): Promise<number> {
  const removed = await db.delete(integrationDeliveries).where(lt(integrationDeliveries.createdAt, before)).returning({ id: integrationDeliveries.id });
  return removed.length;
}
