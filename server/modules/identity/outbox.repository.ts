import { and, desc, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import type { Position } from '../../platform/pagination/cursor.ts';
import { millis } from './organizations.repository.ts';

export type OutboxRow = typeof mailOutbox.$inferSelect;

/** Messages newest first; with `to`, only those addressed to that email (case-insensitive). */
export async function listOutbox(db: Executor, options: { to?: string; before?: Position; limit: number }): Promise<OutboxRow[]> {
  const { to, before, limit } = options;
  const created = millis(mailOutbox.createdAt);
  return db
    .select()
    .from(mailOutbox)
    .where(
      and(
        to ? sql`lower(${mailOutbox.to}) = lower(${to})` : undefined,
        before ? sql`(${created}, ${mailOutbox.id}) < (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(created), desc(mailOutbox.id))
    .limit(limit + 1);
}
