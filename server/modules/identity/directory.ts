import { and, eq, inArray } from 'drizzle-orm';
import type { Role } from '../../../common/organizations.ts';
import type { Cache } from '../../platform/cache/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { findRole, userSummaryColumns, type UserSummary } from './organizations.repository.ts';
import { memberships, users } from './tables.ts';
import { USER_SUMMARY_CACHE_TTL_SECONDS, userSummaryCacheKey } from './user-summary.cache.ts';

export type { UserSummary };

/**
 * What other modules may read about people: names for display and organisation roles.
 * They call these instead of reading identity's tables.
 */
export const directory = {
  /** Summaries of the given users, keyed by id; unknown ids are absent. */
  userSummaries: loadUserSummaries,

  /**
   * The same, through the cache, for paths that run on every message. Identity forgets a user's
   * entry whenever their name or email changes. Values from the in-process cache are frozen.
   */
  async cachedUserSummaries(db: Executor, cache: Cache, userIds: readonly string[]): Promise<Map<string, UserSummary>> {
    const unique = [...new Set(userIds)];
    const cached = await Promise.all(unique.map((id) => cache.get<UserSummary>(userSummaryCacheKey(id))));
    const found = new Map(cached.flatMap((summary) => (summary ? [[summary.id, summary] as const] : [])));
    const loaded = await loadUserSummaries(db, unique.filter((id) => !found.has(id)));
    await Promise.all([...loaded.values()].map((summary) => cache.set(userSummaryCacheKey(summary.id), summary, USER_SUMMARY_CACHE_TTL_SECONDS)));
    for (const [id, summary] of loaded) found.set(id, summary);
    return found;
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

async function loadUserSummaries(db: Executor, userIds: readonly string[]): Promise<Map<string, UserSummary>> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return new Map();
  const rows = await db.select(userSummaryColumns).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((row) => [row.id, row]));
}
