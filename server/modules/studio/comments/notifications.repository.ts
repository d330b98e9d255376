import { and, count, desc, eq, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import type { Position } from '../../../platform/pagination/cursor.ts';
import { notificationPreferences, notifications } from './notifications.tables.ts';

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotificationRow = typeof notifications.$inferInsert;

const created = sql`date_trunc('milliseconds', ${notifications.createdAt})`;

export async function insertNotifications(db: Executor, rows: NewNotificationRow[]): Promise<NotificationRow[]> {
  if (rows.length === 0) return [];
  return db.insert(notifications).values(rows).returning();
}

/** Newest first; the keyset is (created_at to the millisecond, id). */
export async function listNotifications(
  db: Executor,
  filter: { userId: string; unreadOnly: boolean },
  before: Position | undefined,
  limit: number,
): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, filter.userId),
        filter.unreadOnly ? isNull(notifications.readAt) : undefined,
        before ? sql`(${created}, ${notifications.id}) < (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(created), desc(notifications.id))
    .limit(limit + 1);
}

export async function countUnread(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.unread ?? 0;
}

/** Marks the user's own notifications read; ids of other users are ignored. */
export async function markRead(db: Executor, userId: string, ids: string[]): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), inArray(notifications.id, ids), isNull(notifications.readAt)));
}

export async function markAllRead(db: Executor, userId: string): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

export async function findEmailDigestSetting(db: Executor, userId: string): Promise<boolean | undefined> {
  const [row] = await db.select({ emailDigest: notificationPreferences.emailDigest }).from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  return row?.emailDigest;
}

export async function saveEmailDigestSetting(db: Executor, userId: string, emailDigest: boolean): Promise<void> {
  await db
    .insert(notificationPreferences)
    .values({ userId, emailDigest })
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: { emailDigest, updatedAt: new Date() } });
}

/** Users with unread, not yet emailed mentions created up to `until`, who have not turned the digest off. */
export async function usersWithDigestableMentions(db: Executor, until: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: notifications.userId })
    .from(notifications)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, notifications.userId))
    .where(
      and(
        eq(notifications.kind, 'mention'),
        isNull(notifications.readAt),
        isNull(notifications.digestedAt),
        lte(notifications.createdAt, until),
        sql`coalesce(${notificationPreferences.emailDigest}, true)`,
      ),
    );
  return rows.map((row) => row.userId);
}

/**
 * Claims the user's digestable mentions by stamping them in one statement, so two digest runs
 * (or two worker nodes) never email the same notification twice.
 */
export async function claimDigestableMentions(db: Executor, userId: string, until: Date): Promise<NotificationRow[]> {
  const claimed = await db
    .update(notifications)
    .set({ digestedAt: new Date() })
    .where(
      and(
        eq(notifications.userId, userId),
        eq(notifications.kind, 'mention'),
        isNull(notifications.readAt),
        isNull(notifications.digestedAt),
        lte(notifications.createdAt, until),
      ),
    )
    .returning();
  return claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** Deletes notifications read before `before`; unread ones stay whatever their age. Returns how many. */
export async function pruneReadNotifications(db: Executor, before: Date): Promise<number> {
  const removed = await db
    .delete(notifications)
    .where(and(isNotNull(notifications.readAt), lt(notifications.readAt, before)))
    .returning({ id: notifications.id });
  return removed.length;
}
