import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import type { Position } from '../../platform/pagination/cursor.ts';
import { millis, userSummaryColumns, type UserSummary } from './organizations.repository.ts';
import { teamMembers, teams, users } from './tables.ts';

export interface TeamRow {
  id: string;
  orgId: string;
  name: string;
  createdAt: Date;
  memberCount: number;
}

const teamColumns = {
  id: teams.id,
  orgId: teams.orgId,
  name: teams.name,
  createdAt: teams.createdAt,
  memberCount: sql<number>`(select count(*)::int from ${teamMembers} where ${teamMembers.teamId} = ${teams.id})`,
};

/** Returns undefined when the organisation already has a team of that name (case-insensitive). */
export async function insertTeam(db: Executor, orgId: string, name: string): Promise<TeamRow | undefined> {
  const [row] = await db.insert(teams).values({ orgId, name }).onConflictDoNothing().returning();
  return row && { ...row, memberCount: 0 };
}

export async function findTeam(db: Executor, orgId: string, teamId: string): Promise<TeamRow | undefined> {
  const [row] = await db.select(teamColumns).from(teams).where(and(eq(teams.orgId, orgId), eq(teams.id, teamId)));
  return row;
}

export async function teamNameTaken(db: Executor, orgId: string, name: string, exceptTeamId?: string): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(teams)
    .where(and(eq(teams.orgId, orgId), sql`lower(${teams.name}) = lower(${name})`, exceptTeamId ? sql`${teams.id} <> ${exceptTeamId}` : undefined));
  return (row?.n ?? 0) > 0;
}

export async function listTeams(db: Executor, orgId: string, after: Position | undefined, limit: number): Promise<TeamRow[]> {
  const created = millis(teams.createdAt);
  return db
    .select(teamColumns)
    .from(teams)
    .where(and(eq(teams.orgId, orgId), after ? sql`(${created}, ${teams.id}) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined))
    .orderBy(asc(created), asc(teams.id))
    .limit(limit + 1);
}

export async function renameTeam(db: Executor, teamId: string, name: string): Promise<void> {
  await db.update(teams).set({ name }).where(eq(teams.id, teamId));
}

export async function deleteTeam(db: Executor, teamId: string): Promise<void> {
  await db.delete(teams).where(eq(teams.id, teamId));
}

export async function listTeamMembers(db: Executor, teamId: string): Promise<{ user: UserSummary; addedAt: Date }[]> {
  return db
    .select({ user: userSummaryColumns, addedAt: teamMembers.createdAt })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, teamId))
    .orderBy(asc(users.displayName), asc(users.id));
}

/** Returns whether the user was added (false when already in the team). */
export async function insertTeamMember(db: Executor, teamId: string, userId: string): Promise<boolean> {
  const rows = await db.insert(teamMembers).values({ teamId, userId }).onConflictDoNothing().returning({ userId: teamMembers.userId });
  return rows.length > 0;
}

/** Returns whether the user was in the team. */
export async function deleteTeamMember(db: Executor, teamId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .returning({ userId: teamMembers.userId });
  return rows.length > 0;
}

export async function findTeamByName(db: Executor, orgId: string, name: string): Promise<TeamRow | undefined> {
  const [row] = await db.select(teamColumns).from(teams).where(and(eq(teams.orgId, orgId), sql`lower(${teams.name}) = lower(${name})`));
  return row;
}
