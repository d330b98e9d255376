import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import type { Position } from '../../platform/pagination/cursor.ts';
import { millis, userSummaryColumns, type UserSummary } from './organizations.repository.ts';
import { apiKeys, users } from './tables.ts';

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type ApiKeyWithCreator = ApiKeyRow & { createdBy: UserSummary | null };

export async function insertApiKey(
  db: Executor,
  values: { orgId: string; userId: string; name: string; prefix: string; keyHash: string; scopes: string[]; expiresAt: Date | null },
): Promise<ApiKeyRow> {
  const [row] = await db.insert(apiKeys).values(values).returning();
  return row!;
}

export async function findApiKeyByHash(db: Executor, keyHash: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash));
  return row;
}

export async function findActiveApiKey(db: Executor, orgId: string, keyId: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db.select().from(apiKeys).where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)));
  return row;
}

export async function listApiKeys(db: Executor, orgId: string, before: Position | undefined, limit: number): Promise<ApiKeyWithCreator[]> {
  const created = millis(apiKeys.createdAt);
  const rows = await db
    .select({ key: apiKeys, createdBy: userSummaryColumns })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.orgId, orgId), before ? sql`(${created}, ${apiKeys.id}) < (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)` : undefined))
    .orderBy(desc(created), desc(apiKeys.id))
    .limit(limit + 1);
  return rows.map((r) => ({ ...r.key, createdBy: r.createdBy }));
}

export async function revokeApiKey(db: Executor, keyId: string): Promise<void> {
  await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, keyId));
}

/** Revokes the keys a user holds in an organisation (when they leave it); returns their hashes. */
export async function revokeApiKeysOfMember(db: Executor, orgId: string, userId: string): Promise<string[]> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ keyHash: apiKeys.keyHash });
  return rows.map((r) => r.keyHash);
}

export async function listApiKeyHashesOfOrganization(db: Executor, orgId: string): Promise<string[]> {
  const rows = await db.select({ keyHash: apiKeys.keyHash }).from(apiKeys).where(and(eq(apiKeys.orgId, orgId), isNull(apiKeys.revokedAt)));
  return rows.map((r) => r.keyHash);
}

export async function touchApiKey(db: Executor, keyId: string, at: Date): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, keyId));
}
