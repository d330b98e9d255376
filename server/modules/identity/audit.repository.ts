import { and, desc, eq, gte, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { userSummaryColumns, type UserSummary } from './organizations.repository.ts';
import { auditEvents, memberships, users } from './tables.ts';

export type AuditEventRow = typeof auditEvents.$inferSelect & { actor: UserSummary | null };

export interface AuditFilter {
  action?: string;
  actorUserId?: string;
  from?: Date;
  to?: Date;
  /** Only events with a smaller id (the previous page's last one). */
  beforeId?: number;
}

/**
 * The organisation's events, plus user-level security events (no organisation, such as sign-ins)
 * of its current members, newest first.
 */
export async function listAuditEvents(db: Executor, orgId: string, filter: AuditFilter, limit: number): Promise<AuditEventRow[]> {
  const memberIds = db.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.orgId, orgId));
  const rows = await db
    .select({ event: auditEvents, actor: userSummaryColumns })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(
      and(
        or(eq(auditEvents.orgId, orgId), and(isNull(auditEvents.orgId), sql`${auditEvents.actorUserId} in ${memberIds}`)),
        filter.action ? eq(auditEvents.action, filter.action) : undefined,
        filter.actorUserId ? eq(auditEvents.actorUserId, filter.actorUserId) : undefined,
        filter.from ? gte(auditEvents.createdAt, filter.from) : undefined,
        filter.to ? lte(auditEvents.createdAt, filter.to) : undefined,
        filter.beforeId !== undefined ? lt(auditEvents.id, filter.beforeId) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1);
  return rows.map((r) => ({ ...r.event, actor: r.actor }));
}
