import { and, eq, inArray } from 'drizzle-orm';
import type { Role } from '../../../common/organizations.ts';
import type { Executor } from '../../platform/db/index.ts';
import { findRole, userSummaryColumns, type UserSummary } from './organizations.repository.ts';
import { memberships, users } from './tables.ts';

export type { UserSummary };

/**
 * What other modules may read about people: names for display and organisation roles.
 * They call these instead of reading identity's tables.
 */
export const directory = {
  /** Summaries of the given users, keyed by id; unknown ids are absent. */
  async userSummaries(db: Executor, userIds: readonly string[]): Promise<Map<string, UserSummary>> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return new Map();
    const rows = await db.select(userSummaryColumns).from(users).where(inArray(users.id, unique));
    return new Map(rows.map((row) => [row.id, row]));
  },

  organizationRole(db: Executor, orgId: string, userId: string): Promise<Role | undefined> {
    return findRole(db, orgId, userId);
  },

  /** The organisation's members with their roles, for pickers and mentions. */
  async organizationMembers(db: Executor, orgId: string): Promise<{ user: UserSummary; role: Role }[]> {
    return db
      .select({ user: userSummaryColumns, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, orgId)))
      .orderBy(users.displayName);
  },
};
