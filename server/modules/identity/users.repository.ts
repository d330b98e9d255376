import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { emailTokens, memberships, oauthAccounts, organizations, recoveryCodes, users } from './tables.ts';

export type UserRow = typeof users.$inferSelect;
export type EmailTokenRow = typeof emailTokens.$inferSelect;
export type EmailTokenPurpose = EmailTokenRow['purpose'];
export type OAuthAccountRow = typeof oauthAccounts.$inferSelect;

const byEmail = (email: string) => sql`lower(${users.email}) = lower(${email})`;

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(byEmail(email));
  return row;
}

export async function emailInUse(db: Executor, email: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(byEmail(email));
  return row !== undefined;
}

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string | null;
  emailVerifiedAt?: Date | null;
}

/** Inserts a user; the very first one becomes platform admin. Returns undefined when the email is taken. */
export async function insertUser(db: Executor, user: NewUser): Promise<UserRow | undefined> {
  try {
    const [row] = await db
      .insert(users)
      .values({ ...user, isPlatformAdmin: sql`not exists (select 1 from ${users})` })
      .returning();
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) return undefined;
    throw err;
  }
}

export async function updateUser(db: Executor, id: string, patch: Partial<Omit<UserRow, 'id' | 'createdAt'>>): Promise<UserRow | undefined> {
  const [row] = await db.update(users).set({ ...patch, updatedAt: new Date() }).where(eq(users.id, id)).returning();
  return row;
}

export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}

export async function insertEmailToken(
  db: Executor,
  token: { userId: string; purpose: EmailTokenPurpose; tokenHash: string; expiresAt: Date; newEmail?: string },
): Promise<void> {
  await db.insert(emailTokens).values(token);
}

/** Marks the user's open tokens of one purpose as used, so only the newest link works. */
export async function retireEmailTokens(db: Executor, userId: string, purpose: EmailTokenPurpose): Promise<void> {
  await db
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)));
}

/** Uses a link token once: returns its row only if it was unused, unexpired and of one of the purposes. */
export async function consumeEmailToken(db: Executor, tokenHash: string, purposes: EmailTokenPurpose[]): Promise<EmailTokenRow | undefined> {
  const [row] = await db
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(emailTokens.tokenHash, tokenHash),
        inArray(emailTokens.purpose, purposes),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, new Date()),
      ),
    )
    .returning();
  return row;
}

export async function replaceRecoveryCodes(db: Executor, userId: string, codeHashes: string[]): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (codeHashes.length) await db.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
}

export async function consumeRecoveryCode(db: Executor, userId: string, codeHash: string): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length > 0;
}

export async function findOAuthAccount(db: Executor, provider: OAuthAccountRow['provider'], providerUserId: string): Promise<OAuthAccountRow | undefined> {
  const [row] = await db
    .select()
    .from(oauthAccounts)
    .where(and(eq(oauthAccounts.provider, provider), eq(oauthAccounts.providerUserId, providerUserId)));
  return row;
}

export async function insertOAuthAccount(
  db: Executor,
  account: { userId: string; provider: OAuthAccountRow['provider']; providerUserId: string; email: string | null },
): Promise<void> {
  await db.insert(oauthAccounts).values(account);
}

export async function listOAuthAccounts(db: Executor, userId: string): Promise<OAuthAccountRow[]> {
  return db.select().from(oauthAccounts).where(eq(oauthAccounts.userId, userId)).orderBy(asc(oauthAccounts.createdAt));
}

export async function deleteOAuthAccount(db: Executor, userId: string, provider: OAuthAccountRow['provider']): Promise<boolean> {
  const rows = await db
    .delete(oauthAccounts)
    .where(and(eq(oauthAccounts.userId, userId), eq(oauthAccounts.provider, provider)))
    .returning({ id: oauthAccounts.id });
  return rows.length > 0;
}

/** The organisations a user belongs to, for GET /me (organisation logic itself lives with the orgs service). */
export async function listMembershipsOf(db: Executor, userId: string) {
  return db
    .select({ id: organizations.id, name: organizations.name, slug: organizations.slug, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}
