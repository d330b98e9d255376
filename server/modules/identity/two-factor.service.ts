import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { limits } from '../../../common/limits.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { createSecretBox } from '../../platform/auth/secret-box.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { recordAudit } from './audit.ts';
import type { AuthContext, Device } from './context.ts';
import { forgetCachedMe } from './me.cache.ts';
import { hashToken, passwordMatches } from './passwords.ts';
import { requireSessionActor } from './session-actor.ts';
import { consumeRecoveryCode, findUserById, replaceRecoveryCodes, updateUser, type UserRow } from './users.repository.ts';

const ISSUER = 'Fluxworks';
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const TOTP_CODE = /^\d{6}$/;
// Accepts the previous and the next 30-second step, for clocks that drift a little.
const EPOCH_TOLERANCE_SECONDS = 30;
const LAST_STEP_TTL_SECONDS = 120;

const invalidCode = () => new AppError('invalid_code', 400, 'That code is not valid; use the current code from your authenticator app');
const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');

function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** TOTP two-factor authentication (RFC 6238, base32 secrets) with single-use recovery codes stored hashed. */
export function createTwoFactorService(ctx: AuthContext) {
  const { db, cache } = ctx;
  const seeds = createSecretBox(ctx.config.secrets.dataEncryption, 'totp-seed');
  const lastStepKey = (userId: string) => `identity:totp-step:${userId}`;

  async function loadUser(actor: Actor): Promise<UserRow> {
    const user = await findUserById(db, requireSessionActor(actor).userId);
    if (!user) throw notFound('user');
    return user;
  }

  /** Checks a TOTP code and refuses a code (time step) that was already accepted once. */
  async function totpMatches(user: UserRow, code: string): Promise<boolean> {
    const secret = user.totpSecret ? seeds.open(user.totpSecret) : undefined;
    if (!secret || !TOTP_CODE.test(code)) return false;
    const lastStep = await cache.get<number>(lastStepKey(user.id));
    try {
      const result = await verify({
        secret,
        token: code,
        epochTolerance: EPOCH_TOLERANCE_SECONDS,
        ...(lastStep === undefined ? {} : { afterTimeStep: lastStep }),
      });
      if (!result.valid || !('timeStep' in result)) return false;
      await cache.set(lastStepKey(user.id), result.timeStep, LAST_STEP_TTL_SECONDS);
      return true;
    } catch {
      return false;
    }
  }

  async function issueRecoveryCodes(userId: string): Promise<string[]> {
    const codes = Array.from({ length: limits.recoveryCodeCount }, newRecoveryCode);
    await replaceRecoveryCodes(db, userId, codes.map((c) => hashToken(normaliseRecoveryCode(c))));
    return codes;
  }

  /** A TOTP code, or else one unused recovery code (which is then spent). */
  async function verifySecondFactor(user: UserRow, code: string): Promise<boolean> {
    if (await totpMatches(user, code)) return true;
    const normalised = normaliseRecoveryCode(code);
    return normalised.length === 10 && consumeRecoveryCode(db, user.id, hashToken(normalised));
  }

  return {
    verifySecondFactor,

    /** Starts enrolment: a new secret waits, unused, until a code from it is confirmed. */
    async enroll(actor: Actor) {
      const user = await loadUser(actor);
      if (user.totpEnabledAt) throw new AppError('two_factor_already_enabled', 409, 'Two-factor authentication is already on');
      const secret = generateSecret();
      await updateUser(db, user.id, { totpSecret: seeds.seal(secret) });
      const otpauthUrl = generateURI({ issuer: ISSUER, label: user.email, secret });
      return { secret, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl) };
    },

    async confirm(actor: Actor, code: string, device: Device): Promise<string[]> {
      const user = await loadUser(actor);
      if (user.totpEnabledAt) throw new AppError('two_factor_already_enabled', 409, 'Two-factor authentication is already on');
      if (!user.totpSecret) throw new AppError('two_factor_not_enrolled', 409, 'Start enrolment first');
      if (!(await totpMatches(user, code))) throw invalidCode();
      await updateUser(db, user.id, { totpEnabledAt: new Date() });
      const codes = await issueRecoveryCodes(user.id);
      await recordAudit(db, { action: 'auth.2fa_enabled', actorUserId: user.id, targetType: 'user', targetId: user.id, ...device });
      await forgetCachedMe(cache, user.id);
      return codes;
    },

    async disable(actor: Actor, input: { password: string; code: string }, device: Device): Promise<void> {
      const user = await loadUser(actor);
      if (!user.totpEnabledAt) throw new AppError('two_factor_not_enabled', 409, 'Two-factor authentication is not on');
      // Accounts that only sign in through OAuth have no password; the second factor alone proves it is them.
      if (user.passwordHash && !(await passwordMatches(user.passwordHash, input.password))) {
        throw new AppError('invalid_password', 403, 'The password is not correct');
      }
      if (!(await verifySecondFactor(user, input.code))) throw invalidCode();
      await updateUser(db, user.id, { totpSecret: null, totpEnabledAt: null });
      await replaceRecoveryCodes(db, user.id, []);
      await recordAudit(db, { action: 'auth.2fa_disabled', actorUserId: user.id, targetType: 'user', targetId: user.id, ...device });
      await forgetCachedMe(cache, user.id);
    },

    async regenerateRecoveryCodes(actor: Actor, code: string): Promise<string[]> {
      const user = await loadUser(actor);
      if (!user.totpEnabledAt) throw new AppError('two_factor_not_enabled', 409, 'Two-factor authentication is not on');
      if (!(await totpMatches(user, code))) throw invalidCode();
      return issueRecoveryCodes(user.id);
    },
  };
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;
