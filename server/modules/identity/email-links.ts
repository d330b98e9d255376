import { limits } from '../../../common/limits.ts';
import type { AuthContext } from './context.ts';
import { createOpaqueToken } from './passwords.ts';
import { insertEmailToken, retireEmailTokens, type UserRow } from './users.repository.ts';

const hours = (n: number) => new Date(Date.now() + n * 3_600_000);

/** Single-use links sent by email. Only a SHA-256 hash of each token is stored; a new link retires older ones. */
export function createEmailLinks(ctx: AuthContext) {
  const { db } = ctx;
  const link = (path: string, token: string) => `${ctx.config.publicUrl}${path}?token=${encodeURIComponent(token)}`;

  async function issue(user: UserRow, purpose: 'verify_email' | 'reset_password' | 'change_email', expiresAt: Date, newEmail?: string) {
    await retireEmailTokens(db, user.id, purpose);
    const { token, tokenHash } = createOpaqueToken();
    await insertEmailToken(db, { userId: user.id, purpose, tokenHash, expiresAt, newEmail });
    return token;
  }

  return {
    async sendVerification(user: UserRow): Promise<void> {
      const token = await issue(user, 'verify_email', hours(limits.emailVerificationTtlHours));
      await ctx.mailer.send({
        to: user.email,
        subject: 'Confirm your email address',
        text: `Hello ${user.displayName},\n\nConfirm your email address for Fluxworks by opening this link within ${limits.emailVerificationTtlHours} hours:\n\n${link('/verify-email', token)}\n`,
      });
    },

    async sendEmailChange(user: UserRow, newEmail: string): Promise<void> {
      const token = await issue(user, 'change_email', hours(limits.emailVerificationTtlHours), newEmail);
      await ctx.mailer.send({
        to: newEmail,
        subject: 'Confirm your new email address',
        text: `Hello ${user.displayName},\n\nConfirm ${newEmail} as your Fluxworks email address by opening this link within ${limits.emailVerificationTtlHours} hours:\n\n${link('/verify-email', token)}\n`,
      });
      await ctx.mailer.send({
        to: user.email,
        subject: 'Your email address is being changed',
        text: `Hello ${user.displayName},\n\nSomeone signed in as you asked to change your Fluxworks email address to ${newEmail}. If this was not you, reset your password now.\n`,
      });
    },

    async sendPasswordReset(user: UserRow): Promise<void> {
      const token = await issue(user, 'reset_password', hours(limits.passwordResetTtlMinutes / 60));
      await ctx.mailer.send({
        to: user.email,
        subject: 'Reset your password',
        text: `Hello ${user.displayName},\n\nReset your Fluxworks password by opening this link within ${limits.passwordResetTtlMinutes} minutes:\n\n${link('/reset-password', token)}\n\nIf you did not ask for this, ignore this message.\n`,
      });
    },
  };
}
