import { and, asc, eq, sql } from 'drizzle-orm';
import type { Role } from '../../../common/organizations.ts';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../../platform/db/index.ts';
import type { Position } from '../../platform/pagination/cursor.ts';
import { memberships, organizations, teamMembers, teams, users } from './tables.ts';

export type OrganizationRow = typeof organizations.$inferSelect;

export const userSummaryColumns = { id: users.id, email: users.email, displayName: users.displayName };
export interface UserSummary {
  id: string;
  email: string;
  displayName: string;
}

/** Millisecond precision, so that keyset cursors (JS dates) compare exactly with stored microseconds. */
export const millis = (column: AnyPgColumn) => sql`date_trunc('milliseconds', ${column})`;

/** Returns undefined when the slug is already taken. */
export async function insertOrganization(db: Executor, values: { name: string; slug: string }): Promise<OrganizationRow | undefined> {
  const [row] = await db.insert(organizations).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findOrganization(db: Executor, orgId: string): Promise<OrganizationRow | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  return row;
}

export async function findOrganizationBySlug(db: Executor, slug: string): Promise<OrganizationRow | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.slug, slug));
  return row;
}

export async function renameOrganization(db: Executor, orgId: string, name: string): Promise<OrganizationRow | undefined> {
  const [row] = await db.update(organizations).set({ name }).where(eq(organizations.id, orgId)).returning();
  return row;
}

export async function deleteOrganization(db: Executor, orgId: string): Promise<void> {
  await db.delete(organizations).where(eq(organizations.id, orgId));
}

export async function listOrganizationsOfUser(db: Executor, userId: string): Promise<{ organization: OrganizationRow; role: Role }[]> {
  return db
    .select({ organization: organizations, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name), asc(organizations.id));
}

export async function findRole(db: Executor, orgId: string, userId: string): Promise<Role | undefined> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row?.role;
}

/** Adds a member; an existing membership is left as it is. Returns whether a row was added. */
export async function insertMembership(db: Executor, values: { orgId: string; userId: string; role: Role }): Promise<boolean> {
  const rows = await db.insert(memberships).values(values).onConflictDoNothing().returning({ userId: memberships.userId });
  return rows.length > 0;
}

export async function updateMembershipRole(db: Executor, orgId: string, userId: string, role: Role): Promise<void> {
  await db.update(memberships).set({ role }).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
}

/** Removes a member and their places in the organisation's teams. */
export async function deleteMembership(db: Executor, orgId: string, userId: string): Promise<void> {
  const teamIds = db.select({ id: teams.id }).from(teams).where(eq(teams.orgId, orgId));
  await db.delete(teamMembers).where(and(eq(teamMembers.userId, userId), sql`${teamMembers.teamId} in ${teamIds}`));
  await db.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
}

/** The owners' ids, row-locked so two concurrent demotions cannot both pass the last-owner check. */
export async function lockOwners(db: Executor, orgId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'owner')))
    .for('update');
  return rows.map((r) => r.userId);
}

export interface MemberRow {
  user: UserSummary;
  role: Role;
  joinedAt: Date;
}

export async function listMembers(db: Executor, orgId: string, after: Position | undefined, limit: number): Promise<MemberRow[]> {
  const joined = millis(memberships.createdAt);
  return db
    .select({ user: userSummaryColumns, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), after ? sql`(${joined}, ${memberships.userId}) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined))
    .orderBy(asc(joined), asc(memberships.userId))
    .limit(limit + 1);
}

export async function listMemberIds(db: Executor, orgId: string): Promise<string[]> {
  const rows = await db.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.orgId, orgId));
  return rows.map((r) => r.userId);
}

export interface UserRow {
  id: string;
  email: string;
  displayName: string;
  emailVerifiedAt: Date | null;
  isPlatformAdmin: boolean;
}

const userColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  emailVerifiedAt: users.emailVerifiedAt,
  isPlatformAdmin: users.isPlatformAdmin,
};

export async function findUser(db: Executor, userId: string): Promise<UserRow | undefined> {
  const [row] = await db.select(userColumns).from(users).where(eq(users.id, userId));
  return row;
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select(userColumns).from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return row;
}
