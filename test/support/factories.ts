import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../server/modules/identity/passwords.ts';
import type { Role } from '../../common/organizations.ts';
import { memberships, organizations, sessions, users } from '../../server/modules/identity/tables.ts';

export type TestUser = typeof users.$inferSelect;

export interface UserOverrides {
  email?: string;
  displayName?: string;
  /** Stored as an argon2id hash; without one the user can only sign in with the returned token. */
  password?: string;
  /** Defaults to true. */
  emailVerified?: boolean;
  isPlatformAdmin?: boolean;
}

/** A user row, a session row and an access token for it, without going through the sign-up endpoints. */
export async function buildUser(app: FastifyInstance, overrides: UserOverrides = {}): Promise<{ user: TestUser; token: string; sessionId: string }> {
  const unique = randomBytes(5).toString('hex');
  const [user] = await app.db
    .insert(users)
    .values({
      email: overrides.email ?? `user-${unique}@example.test`,
      displayName: overrides.displayName ?? `Test User ${unique}`,
      passwordHash: overrides.password ? await hashPassword(overrides.password) : null,
      emailVerifiedAt: overrides.emailVerified === false ? null : new Date(),
      isPlatformAdmin: overrides.isPlatformAdmin ?? false,
    })
    .returning();
  const [session] = await app.db
    .insert(sessions)
    .values({ userId: user!.id, userAgent: 'vitest', ip: '127.0.0.1', expiresAt: new Date(Date.now() + 24 * 60 * 60 * 1000) })
    .returning();
  const token = await app.auth.tokens.sign({ userId: user!.id, sessionId: session!.id });
  return { user: user!, token, sessionId: session!.id };
}

/** Headers that authenticate a request with an access token or an API key secret. */
export const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

/** An organisation owned by `ownerId`, inserted directly (no audit event, no bus event). */
export async function buildOrganization(app: FastifyInstance, ownerId: string, name = 'Test Org'): Promise<typeof organizations.$inferSelect> {
  const [organization] = await app.db
    .insert(organizations)
    .values({ name, slug: `test-${randomBytes(6).toString('hex')}` })
    .returning();
  await app.db.insert(memberships).values({ orgId: organization!.id, userId: ownerId, role: 'owner' });
  return organization!;
}

/** A new user who already holds `role` in the organisation. */
export async function buildMember(app: FastifyInstance, orgId: string, role: Role, overrides: UserOverrides = {}) {
  const built = await buildUser(app, overrides);
  await app.db.insert(memberships).values({ orgId, userId: built.user.id, role });
  return built;
}
