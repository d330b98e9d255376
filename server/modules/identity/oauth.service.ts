import { CodeChallengeMethod, generateCodeVerifier, generateState, OAuth2Client } from 'arctic';
import { z } from 'zod';
import { OAUTH_PROVIDERS, type OAuthProviderId } from '../../../common/auth.ts';
import { limits } from '../../../common/limits.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { recordAudit } from './audit.ts';
import type { AuthContext, Device } from './context.ts';
import { createEmailLinks } from './email-links.ts';
import { forgetCachedMe } from './me.cache.ts';
import { configuredProviders, type OAuthProfile, type OAuthProvider } from './oauth.providers.ts';
import { requireSessionActor } from './session-actor.ts';
import type { SessionsService } from './sessions.service.ts';
import type { SignInResult, SignInService } from './sign-in.service.ts';
import {
  deleteOAuthAccount,
  findOAuthAccount,
  findUserByEmail,
  findUserById,
  insertOAuthAccount,
  insertUser,
  listOAuthAccounts,
  updateUser,
  type UserRow,
} from './users.repository.ts';

/** What the signed cookie carries between the start of the flow and the provider's callback. */
export const pendingOAuthSchema = z.object({
  provider: z.enum(OAUTH_PROVIDERS),
  state: z.string(),
  codeVerifier: z.string(),
  intent: z.enum(['signin', 'link']),
  userId: z.string().nullable(),
});
export type PendingOAuth = z.infer<typeof pendingOAuthSchema>;

export type OAuthOutcome = { kind: 'linked' } | { kind: 'signed_in'; result: SignInResult };

const oauthError = (code: string, message: string) => new AppError(code, 400, message);

export function createOAuthService(ctx: AuthContext, deps: { signIn: SignInService; sessions: SessionsService }) {
  const { db } = ctx;
  const providers = configuredProviders(ctx.config);
  const links = createEmailLinks(ctx);

  function provider(id: string): OAuthProvider {
    const found = providers.get(id as OAuthProviderId);
    if (!found) throw notFound('oauth_provider');
    return found;
  }

  function client(p: OAuthProvider): OAuth2Client {
    const redirectUri = `${ctx.config.publicUrl}/api/v1/auth/oauth/${p.id}/callback`;
    return new OAuth2Client(p.credentials.clientId, p.credentials.clientSecret, redirectUri);
  }

  async function exchange(p: OAuthProvider, code: string, codeVerifier: string): Promise<OAuthProfile> {
    try {
      const endpoints = await p.endpoints();
      const tokens = await client(p).validateAuthorizationCode(endpoints.token, code, codeVerifier);
      return await p.fetchProfile(tokens.accessToken());
    } catch (err) {
      ctx.log.warn({ err, provider: p.id }, 'OAuth code exchange failed');
      throw new AppError('oauth_failed', 502, `${p.name} did not confirm the sign-in; try again`);
    }
  }

  async function link(user: UserRow, p: OAuthProvider, profile: OAuthProfile, device: Device, automatic: boolean): Promise<void> {
    await insertOAuthAccount(db, { userId: user.id, provider: p.id, providerUserId: profile.providerUserId, email: profile.email });
    await recordAudit(db, {
      action: 'auth.oauth_linked',
      actorUserId: user.id,
      targetType: 'user',
      targetId: user.id,
      metadata: { provider: p.id, automatic },
      ...device,
    });
  }

  /**
   * The provider proved this address but the local account never did: whoever registered it may not
   * own it, so their password, 2FA and sessions go before the real owner is let in.
   */
  async function claimUnverifiedAccount(user: UserRow): Promise<UserRow> {
    const claimed = await updateUser(db, user.id, { emailVerifiedAt: new Date(), passwordHash: null, totpSecret: null, totpEnabledAt: null });
    await deps.sessions.revokeAllOf(user.id, 'claimed_by_verified_owner');
    await forgetCachedMe(ctx.cache, user.id);
    return claimed!;
  }

  async function userForSignIn(p: OAuthProvider, profile: OAuthProfile, device: Device): Promise<UserRow> {
    const linked = await findOAuthAccount(db, p.id, profile.providerUserId);
    if (linked) {
      const user = await findUserById(db, linked.userId);
      if (!user) throw notFound('user');
      return user;
    }
    if (!profile.email) throw oauthError('oauth_email_missing', `${p.name} did not share an email address; allow it and try again`);
    const existing = await findUserByEmail(db, profile.email);
    if (existing) {
      if (!profile.emailVerified) {
        throw new AppError('oauth_email_unverified', 409, `${p.name} has not verified this email address; sign in with your password and link ${p.name} in settings`);
      }
      const user = existing.emailVerifiedAt ? existing : await claimUnverifiedAccount(existing);
      await link(user, p, profile, device, true);
      return user;
    }
    const displayName = (profile.name ?? profile.email.split('@')[0] ?? profile.email).slice(0, limits.displayName.max);
    const user = await insertUser(db, {
      email: profile.email,
      displayName,
      passwordHash: null,
      emailVerifiedAt: profile.emailVerified ? new Date() : null,
    });
    if (!user) throw new AppError('email_taken', 409, 'An account with this email address already exists');
    await ctx.bus.publish('user.registered', { userId: user.id, email: user.email });
    if (!user.emailVerifiedAt) await links.sendVerification(user);
    await link(user, p, profile, device, false);
    return user;
  }

  return {
    providers: () => [...providers.values()].map((p) => ({ id: p.id, name: p.name })),

    /** The provider's authorization URL and the state to keep in the signed cookie until the callback. */
    async start(providerId: string, intent: 'signin' | 'link', linkingUserId: string | undefined) {
      const p = provider(providerId);
      if (intent === 'link' && !linkingUserId) throw new AppError('unauthenticated', 401, `Sign in before linking ${p.name}`);
      const state = generateState();
      const codeVerifier = generateCodeVerifier();
      const { authorization } = await p.endpoints().catch(() => {
        throw new AppError('oauth_failed', 502, `${p.name} cannot be reached; try again later`);
      });
      const url = client(p).createAuthorizationURLWithPKCE(authorization, state, CodeChallengeMethod.S256, codeVerifier, p.scopes);
      const pending: PendingOAuth = { provider: p.id, state, codeVerifier, intent, userId: intent === 'link' ? linkingUserId! : null };
      return { url: url.toString(), pending };
    },

    /** Completes the flow the provider sent the browser back from: links the account or signs in. */
    async finish(providerId: string, query: { code?: string; state?: string; error?: string }, pendingRaw: unknown, device: Device): Promise<OAuthOutcome> {
      const p = provider(providerId);
      const pending = pendingOAuthSchema.safeParse(pendingRaw);
      if (!pending.success || pending.data.provider !== p.id || !query.state || query.state !== pending.data.state) {
        throw oauthError('oauth_state_mismatch', 'The sign-in took too long or was started elsewhere; start again');
      }
      if (query.error || !query.code) throw oauthError('oauth_denied', `${p.name} did not allow the sign-in`);
      const profile = await exchange(p, query.code, pending.data.codeVerifier);

      if (pending.data.intent === 'link') {
        const user = await findUserById(db, pending.data.userId ?? '');
        if (!user) throw notFound('user');
        const existing = await findOAuthAccount(db, p.id, profile.providerUserId);
        if (existing && existing.userId !== user.id) {
          throw new AppError('oauth_account_in_use', 409, `This ${p.name} account is already linked to another Fluxworks account`);
        }
        if (!existing) await link(user, p, profile, device, false);
        return { kind: 'linked' };
      }
      const user = await userForSignIn(p, profile, device);
      return { kind: 'signed_in', result: await deps.signIn.afterExternalProof(user, `oauth:${p.id}`, device) };
    },

    async linkedAccounts(actor: Actor) {
      const rows = await listOAuthAccounts(db, requireSessionActor(actor).userId);
      return rows.map((r) => ({ provider: r.provider, email: r.email, createdAt: r.createdAt.toISOString() }));
    },

    /** Unlinks a provider, unless it is the only way left to sign in. */
    async unlink(actor: Actor, providerId: OAuthProviderId): Promise<void> {
      const { userId } = requireSessionActor(actor);
      const user = await findUserById(db, userId);
      if (!user) throw notFound('user');
      const accounts = await listOAuthAccounts(db, userId);
      if (!accounts.some((a) => a.provider === providerId)) throw notFound('oauth_account');
      if (!user.passwordHash && accounts.every((a) => a.provider === providerId)) {
        throw new AppError('last_sign_in_method', 409, 'Set a password before unlinking your only way to sign in');
      }
      await deleteOAuthAccount(db, userId, providerId);
    },
  };
}

export type OAuthService = ReturnType<typeof createOAuthService>;
