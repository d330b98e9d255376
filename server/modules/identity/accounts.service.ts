import { isValidEmail, type Me, type User } from '../../../common/auth.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { recordAudit } from './audit.ts';
import type { AuthContext, Device } from './context.ts';
import { createEmailLinks } from './email-links.ts';
import { forgetCachedMe, ME_CACHE_TTL_SECONDS, meCacheKey } from './me.cache.ts';
import { assertPasswordAcceptable, hashPassword, hashToken, passwordMatches } from './passwords.ts';
import { requireSessionActor } from './session-actor.ts';
import type { SessionsService } from './sessions.service.ts';
import { forgetCachedProfile } from './user-summary.cache.ts';
import { presentUser } from './user.presenter.ts';
import {
  consumeEmailToken,
  emailInUse,
  findUserByEmail,
  findUserById,
  insertUser,
  isUniqueViolation,
  listMembershipsOf,
  updateUser,
  type UserRow,
} from './users.repository.ts';

const RESEND_PER_HOUR = 5;
const RESET_MAILS_PER_HOUR = 5;

const emailInvalid = () => new AppError('email_invalid', 400, 'Enter a valid email address');
const emailTaken = () => new AppError('email_taken', 409, 'An account with this email address already exists');
const invalidLink = () => new AppError('invalid_token', 400, 'This link is not valid or has expired; ask for a new one');
const wrongPassword = () => new AppError('invalid_password', 403, 'The current password is not correct');

/** Registration, email verification, profile, password and email changes, and password reset. */
export function createAccountsService(ctx: AuthContext, deps: { sessions: SessionsService }) {
  const { db, cache } = ctx;
  const links = createEmailLinks(ctx);
  const backgroundWork = new Set<Promise<void>>();

  async function loadUser(userId: string): Promise<UserRow> {
    const user = await findUserById(db, userId);
    if (!user) throw notFound('user');
    return user;
  }

  async function loadMe(userId: string): Promise<Me> {
    const [user, memberships] = await Promise.all([loadUser(userId), listMembershipsOf(db, userId)]);
    const me: Me = {
      user: presentUser(user),
      memberships: memberships.map((m) => ({ organization: { id: m.id, name: m.name, slug: m.slug }, role: m.role })),
    };
    await cache.set(meCacheKey(userId), me, ME_CACHE_TTL_SECONDS);
    return me;
  }

  async function sendResetIfKnown(email: string): Promise<void> {
    const user = isValidEmail(email) ? await findUserByEmail(db, email) : undefined;
    if (!user) return;
    const { count } = await cache.increment(`identity:reset-mails:${user.id}`, 3600);
    if (count <= RESET_MAILS_PER_HOUR) await links.sendPasswordReset(user);
  }

  return {
    async register(input: { email: string; password: string; displayName: string }): Promise<User> {
      const email = input.email.trim();
      if (!isValidEmail(email)) throw emailInvalid();
      assertPasswordAcceptable(input.password);
      // Hashing before the uniqueness check makes a taken email cost the same time as a free one.
      const passwordHash = await hashPassword(input.password);
      const user = await insertUser(db, { email, displayName: input.displayName, passwordHash });
      if (!user) throw emailTaken();
      await links.sendVerification(user);
      await ctx.bus.publish('user.registered', { userId: user.id, email: user.email });
      return presentUser(user);
    },

    /** Confirms a verification link, or the link that completes an email change. */
    async verifyEmail(token: string, device: Device): Promise<User> {
      const row = await consumeEmailToken(db, hashToken(token), ['verify_email', 'change_email']);
      if (!row) throw invalidLink();
      const user = await loadUser(row.userId);
      let updated: UserRow | undefined;
      if (row.purpose === 'change_email' && row.newEmail) {
        try {
          updated = await updateUser(db, user.id, { email: row.newEmail, emailVerifiedAt: new Date() });
        } catch (err) {
          if (isUniqueViolation(err)) throw emailTaken();
          throw err;
        }
        await recordAudit(db, {
          action: 'auth.email_changed',
          actorUserId: user.id,
          targetType: 'user',
          targetId: user.id,
          metadata: { from: user.email, to: row.newEmail },
          ...device,
        });
      } else {
        updated = await updateUser(db, user.id, { emailVerifiedAt: user.emailVerifiedAt ?? new Date() });
      }
      await forgetCachedProfile(cache, user.id);
      return presentUser(updated!);
    },

    async resendVerification(actor: Actor): Promise<void> {
      const user = await loadUser(actor.userId);
      if (user.emailVerifiedAt) throw new AppError('email_already_verified', 409, 'Your email address is already verified');
      const { count, resetInSeconds } = await cache.increment(`identity:resend-verification:${user.id}`, 3600);
      if (count > RESEND_PER_HOUR) {
        throw new AppError('too_many_requests', 429, `Too many verification emails; try again in ${resetInSeconds} seconds`);
      }
      await links.sendVerification(user);
    },

    /**
     * The signed-in user and their organisations, cached briefly because every page load asks. A
     * cache hit in this process is answered without a promise, and is read-only (frozen by the cache).
     */
    me(actor: Actor): Me | Promise<Me> {
      const cached = cache.lookup<Me>(meCacheKey(actor.userId));
      if (cached instanceof Promise) return cached.then((hit) => hit ?? loadMe(actor.userId));
      return cached ?? loadMe(actor.userId);
    },

    async updateProfile(actor: Actor, input: { displayName: string }): Promise<User> {
      const { userId } = requireSessionActor(actor);
      const user = await updateUser(db, userId, { displayName: input.displayName });
      if (!user) throw notFound('user');
      await forgetCachedProfile(cache, userId);
      return presentUser(user);
    },

    /** Changes the password and signs out every other device. */
    async changePassword(actor: Actor, input: { currentPassword: string; newPassword: string }, device: Device): Promise<void> {
      const { userId, sessionId } = requireSessionActor(actor);
      const user = await loadUser(userId);
      if (!(await passwordMatches(user.passwordHash, input.currentPassword))) throw wrongPassword();
      assertPasswordAcceptable(input.newPassword);
      await updateUser(db, userId, { passwordHash: await hashPassword(input.newPassword) });
      await deps.sessions.revokeAllOf(userId, 'password_changed', sessionId);
      await recordAudit(db, { action: 'auth.password_changed', actorUserId: userId, targetType: 'user', targetId: userId, ...device });
    },

    /** Sends a confirmation link to the new address; the change happens when it is opened. */
    async requestEmailChange(actor: Actor, input: { newEmail: string; currentPassword: string }): Promise<void> {
      const { userId } = requireSessionActor(actor);
      const user = await loadUser(userId);
      const newEmail = input.newEmail.trim();
      if (!isValidEmail(newEmail)) throw emailInvalid();
      if (!(await passwordMatches(user.passwordHash, input.currentPassword))) throw wrongPassword();
      if (newEmail.toLowerCase() === user.email.toLowerCase()) throw new AppError('email_unchanged', 400, 'That is already your email address');
      if (await emailInUse(db, newEmail)) throw emailTaken();
      await links.sendEmailChange(user, newEmail);
    },

    /**
     * Answers at once and the same way for every address; the lookup and the mail happen afterwards,
     * so neither the answer nor its timing tells whether an account exists.
     */
    requestPasswordReset(email: string): void {
      const work = sendResetIfKnown(email.trim())
        .catch((err: unknown) => ctx.log.error({ err }, 'password reset mail failed'))
        .finally(() => backgroundWork.delete(work));
      backgroundWork.add(work);
    },

    /** Sets a new password from a reset link and signs out every device. */
    async resetPassword(input: { token: string; password: string }, device: Device): Promise<void> {
      assertPasswordAcceptable(input.password);
      const row = await consumeEmailToken(db, hashToken(input.token), ['reset_password']);
      if (!row) throw invalidLink();
      const user = await loadUser(row.userId);
      // Opening the emailed link proves the address, so it counts as verified.
      await updateUser(db, user.id, { passwordHash: await hashPassword(input.password), emailVerifiedAt: user.emailVerifiedAt ?? new Date() });
      await deps.sessions.revokeAllOf(user.id, 'password_reset');
      await recordAudit(db, { action: 'auth.password_reset', actorUserId: user.id, targetType: 'user', targetId: user.id, ...device });
      await forgetCachedMe(cache, user.id);
    },

    /** Waits for mail still being prepared in the background (on shutdown). */
    async settle(): Promise<void> {
      await Promise.all(backgroundWork);
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
