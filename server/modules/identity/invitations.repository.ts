import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Role } from '../../../common/organizations.ts';
import type { Executor } from '../../platform/db/index.ts';
import type { Position } from '../../platform/pagination/cursor.ts';
import { millis, userSummaryColumns, type UserSummary } from './organizations.repository.ts';
import { invitations, organizations, users } from './tables.ts';

export type InvitationRow = typeof invitations.$inferSelect;
export type InvitationWithInviter = InvitationRow & { invitedByUser: UserSummary | null };

const pending = and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt));

export async function insertInvitation(
  db: Executor,
  values: { orgId: string; email: string; role: Role; tokenHash: string; invitedBy: string; expiresAt: Date },
): Promise<InvitationRow> {
  const [row] = await db.insert(invitations).values(values).returning();
  return row!;
}

/** Revokes the organisation's pending invitations to an email (a re-invite replaces them). */
export async function revokePendingInvitationsTo(db: Executor, orgId: string, email: string): Promise<void> {
  await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.orgId, orgId), sql`lower(${invitations.email}) = lower(${email})`, pending));
}

export async function findPendingInvitation(db: Executor, orgId: string, invitationId: string): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(invitations).where(and(eq(invitations.orgId, orgId), eq(invitations.id, invitationId), pending));
  return row;
}

export async function findPendingInvitationToEmail(db: Executor, orgId: string, email: string): Promise<InvitationRow | undefined> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), sql`lower(${invitations.email}) = lower(${email})`, pending));
  return row;
}

export async function findInvitationByTokenHash(
  db: Executor,
  tokenHash: string,
): Promise<{ invitation: InvitationRow; organization: typeof organizations.$inferSelect } | undefined> {
  const [row] = await db
    .select({ invitation: invitations, organization: organizations })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(eq(invitations.tokenHash, tokenHash));
  return row;
}

export async function listPendingInvitations(db: Executor, orgId: string, before: Position | undefined, limit: number): Promise<InvitationWithInviter[]> {
  const created = millis(invitations.createdAt);
  const rows = await db
    .select({ invitation: invitations, invitedByUser: userSummaryColumns })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(
      and(
        eq(invitations.orgId, orgId),
        pending,
        before ? sql`(${created}, ${invitations.id}) < (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(created), desc(invitations.id))
    .limit(limit + 1);
  return rows.map((r) => ({ ...r.invitation, invitedByUser: r.invitedByUser }));
}

/** Marks a pending invitation used; false when another request used or revoked it first. */
export async function markInvitationAccepted(db: Executor, invitationId: string): Promise<boolean> {
  const rows = await db
    .update(invitations)
    .set({ acceptedAt: new Date() })
    .where(and(eq(invitations.id, invitationId), pending))
    .returning({ id: invitations.id });
  return rows.length > 0;
}

export async function revokeInvitation(db: Executor, invitationId: string): Promise<void> {
  await db.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, invitationId));
}
