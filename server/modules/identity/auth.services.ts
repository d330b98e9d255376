import type { FastifyInstance } from 'fastify';
import { createAccountsService } from './accounts.service.ts';
import type { AuthContext } from './context.ts';
import { createOAuthService } from './oauth.service.ts';
import { createSessionsService } from './sessions.service.ts';
import { createSignInService } from './sign-in.service.ts';
import { createSignInThrottle } from './sign-in-throttle.ts';
import { createTwoFactorService } from './two-factor.service.ts';

/** Wires the authentication services together once, on the app's platform services. */
export function createAuthServices(app: FastifyInstance) {
  const ctx: AuthContext = app;
  const sessions = createSessionsService(ctx);
  const twoFactor = createTwoFactorService(ctx);
  const throttle = createSignInThrottle(ctx.cache, ctx.config.rateLimits.signInPerMinute);
  const signIn = createSignInService(ctx, { sessions, twoFactor, throttle });
  const accounts = createAccountsService(ctx, { sessions });
  const oauth = createOAuthService(ctx, { signIn, sessions });
  return { sessions, twoFactor, signIn, accounts, oauth };
}

export type AuthServices = ReturnType<typeof createAuthServices>;
