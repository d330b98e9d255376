import { isValidEmail, type SignedIn } from '../../../common/auth.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordAudit } from './audit.ts';
import { createChallengeTokens } from './challenge-tokens.ts';
import type { AuthContext, Device } from './context.ts';
import { passwordMatches } from './passwords.ts';
import type { SessionsService } from './sessions.service.ts';
import { throttleSubjects, type SignInThrottle } from './sign-in-throttle.ts';
import type { TwoFactorService } from './two-factor.service.ts';
import { presentUser } from './user.presenter.ts';
import { findUserByEmail, findUserById, type UserRow } from './users.repository.ts';

/** A completed sign-in: the body for the client plus the refresh token the route puts in a cookie. */
export type SignInSuccess = SignedIn & { refreshToken: string };
export type SignInResult = SignInSuccess | { twoFactorRequired: true; challengeToken: string };

const invalidCredentials = () => new AppError('invalid_credentials', 401, 'The email or password is not correct');
const invalidChallenge = () => new AppError('invalid_challenge', 401, 'The sign-in step expired; enter your email and password again');

export function createSignInService(ctx: AuthContext, deps: { sessions: SessionsService; twoFactor: TwoFactorService; throttle: SignInThrottle }) {
  const { db } = ctx;
  const { sessions, twoFactor, throttle } = deps;
  const challenges = createChallengeTokens(ctx.config.secrets.jwt);

  async function failed(user: UserRow | undefined, email: string, reason: string, device: Device) {
    await recordAudit(db, { action: 'auth.sign_in_failed', actorUserId: user?.id ?? null, metadata: { email, reason }, ...device });
  }

  /** Opens a session for a user who has proved who they are, announces it and records it. */
  async function complete(user: UserRow, method: string, device: Device): Promise<SignInSuccess> {
    const tokens = await sessions.open(user.id, device);
    await recordAudit(db, {
      action: 'auth.sign_in',
      actorUserId: user.id,
      targetType: 'session',
      targetId: tokens.sessionId,
      metadata: { method },
      ...device,
    });
    await ctx.bus.publish('user.signed_in', { userId: user.id, sessionId: tokens.sessionId });
    return { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn, refreshToken: tokens.refreshToken, user: presentUser(user) };
  }

  /** The password step, or for a 2FA account a challenge the second step needs. Unknown emails answer exactly like wrong passwords. */
  async function withPassword(input: { email: string; password: string }, device: Device): Promise<SignInResult> {
    const subjects = throttleSubjects(device.ip, input.email);
    await throttle.attempt(subjects);
    const user = isValidEmail(input.email) ? await findUserByEmail(db, input.email) : undefined;
    const matches = await passwordMatches(user?.passwordHash, input.password);
    if (!user || !matches) {
      await throttle.failed(subjects);
      await failed(user, input.email, 'bad_credentials', device);
      throw invalidCredentials();
    }
    await throttle.succeeded(subjects);
    if (user.totpEnabledAt) return { twoFactorRequired: true, challengeToken: await challenges.sign(user.id) };
    return complete(user, 'password', device);
  }

  async function withSecondFactor(input: { challengeToken: string; code: string }, device: Device): Promise<SignInSuccess> {
    const userId = await challenges.verify(input.challengeToken);
    const user = userId ? await findUserById(db, userId) : undefined;
    if (!user?.totpEnabledAt) throw invalidChallenge();
    const subjects = throttleSubjects(device.ip, user.email);
    await throttle.attempt(subjects);
    if (!(await twoFactor.verifySecondFactor(user, input.code))) {
      await throttle.failed(subjects);
      await failed(user, user.email, 'bad_second_factor', device);
      throw new AppError('invalid_code', 401, 'That code is not valid');
    }
    await throttle.succeeded(subjects);
    return complete(user, 'password+2fa', device);
  }

  /** Rotates the refresh token and answers like a sign-in, for the web app's silent refresh. */
  async function resume(refreshToken: string, device: Device): Promise<SignInSuccess> {
    const tokens = await sessions.rotate(refreshToken, device);
    const user = await findUserById(db, tokens.userId);
    if (!user) throw new AppError('invalid_refresh_token', 401, 'Your session has ended; sign in again');
    return { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn, refreshToken: tokens.refreshToken, user: presentUser(user) };
  }

  return {
    withPassword,
    resume,
    withSecondFactor,
    complete,
    /** For sign-ins that did not use a password (OAuth): a 2FA account still needs its second step. */
    async afterExternalProof(user: UserRow, method: string, device: Device): Promise<SignInResult> {
      if (user.totpEnabledAt) return { twoFactorRequired: true, challengeToken: await challenges.sign(user.id) };
      return complete(user, method, device);
    },
  };
}

export type SignInService = ReturnType<typeof createSignInService>;
