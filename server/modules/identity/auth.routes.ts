import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  forgotPasswordBody,
  loginBody,
  loginResultSchema,
  registerBody,
  resetPasswordBody,
  signedInSchema,
  tokenBody,
  twoFactorLoginBody,
  userSchema,
} from '../../../common/auth.ts';
import { requireCsrfToken } from '../../platform/http/csrf.ts';
import { AppError } from '../../platform/http/errors.ts';
import { clearSessionCookies, refreshCookieOf, setSessionCookies } from './auth-cookies.ts';
import { createAuthServices } from './auth.services.ts';
import { forgetCachedMe } from './me.cache.ts';
import { meRoutes } from './me.routes.ts';
import { oauthRoutes } from './oauth.routes.ts';
import { deviceOf } from './request-device.ts';
import type { SignInResult, SignInSuccess } from './sign-in.service.ts';
import { TooManyAttemptsError } from './sign-in-throttle.ts';

const noContent = z.void().describe('No content');
const tags = ['auth'];

/** Registration, sign-in (password, 2FA, OAuth), refresh, sign-out and password reset; /me under it. */
export async function authRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const services = createAuthServices(app);
  const { accounts, signIn, sessions } = services;

  app.addHook('onError', async (_req, reply, err) => {
    if (err instanceof TooManyAttemptsError) reply.header('retry-after', String(err.retryAfterSeconds));
  });
  app.addHook('onClose', () => accounts.settle());

  // The cached GET /me payload lists organisations, so membership changes elsewhere must drop it.
  const unsubscribers = [
    app.bus.subscribe('membership.changed', ({ userId }) => forgetCachedMe(app.cache, userId)),
    app.bus.subscribe('organization.created', ({ ownerId }) => forgetCachedMe(app.cache, ownerId)),
  ];
  app.addHook('onClose', async () => unsubscribers.forEach((stop) => stop()));

  const signedIn = (reply: FastifyReply, result: SignInSuccess) => {
    setSessionCookies(reply, app.config, result.refreshToken);
    return { accessToken: result.accessToken, expiresIn: result.expiresIn, user: result.user };
  };
  const answerSignIn = (reply: FastifyReply, result: SignInResult) => ('accessToken' in result ? signedIn(reply, result) : result);

  app.post(
    '/auth/register',
    { schema: { tags, summary: 'Create an account and send a verification email', body: registerBody, response: { 201: z.object({ user: userSchema }) } } },
    async (req, reply) => reply.status(201).send({ user: await accounts.register(req.body) }),
  );

  app.post(
    '/auth/verify-email',
    { schema: { tags, summary: 'Confirm an email address (or an email change) from a link', body: tokenBody, response: { 200: z.object({ user: userSchema }) } } },
    async (req) => ({ user: await accounts.verifyEmail(req.body.token, deviceOf(req)) }),
  );

  app.post(
    '/auth/resend-verification',
    { onRequest: (req) => app.authenticate(req), schema: { tags, summary: 'Send the verification email again', response: { 204: noContent } } },
    async (req, reply) => {
      await accounts.resendVerification(req.actor);
      return reply.status(204).send();
    },
  );

  app.post(
    '/auth/login',
    { schema: { tags, summary: 'Sign in with email and password', body: loginBody, response: { 200: loginResultSchema } } },
    async (req, reply) => answerSignIn(reply, await signIn.withPassword(req.body, deviceOf(req))),
  );

  app.post(
    '/auth/login/2fa',
    { schema: { tags, summary: 'Finish signing in with a TOTP or recovery code', body: twoFactorLoginBody, response: { 200: signedInSchema } } },
    async (req, reply) => signedIn(reply, await signIn.withSecondFactor(req.body, deviceOf(req))),
  );

  app.post(
    '/auth/refresh',
    {
      preHandler: requireCsrfToken,
      schema: { tags, summary: 'Rotate the refresh cookie and get a new access token', security: [], response: { 200: signedInSchema } },
    },
    async (req, reply) => {
      const refreshToken = refreshCookieOf(req);
      try {
        if (!refreshToken) throw new AppError('invalid_refresh_token', 401, 'Sign in to continue');
        return signedIn(reply, await signIn.resume(refreshToken, deviceOf(req)));
      } catch (err) {
        if (err instanceof AppError && err.status === 401) clearSessionCookies(reply, app.config);
        throw err;
      }
    },
  );

  app.post(
    '/auth/logout',
    { preHandler: requireCsrfToken, schema: { tags, summary: 'Sign out this device', security: [], response: { 204: noContent } } },
    async (req, reply) => {
      await sessions.signOut(refreshCookieOf(req), deviceOf(req));
      clearSessionCookies(reply, app.config);
      return reply.status(204).send();
    },
  );

  app.post(
    '/auth/password/forgot',
    { schema: { tags, summary: 'Email a password reset link (the answer never tells whether the account exists)', body: forgotPasswordBody, response: { 202: noContent } } },
    async (req, reply) => {
      accounts.requestPasswordReset(req.body.email);
      return reply.status(202).send();
    },
  );

  app.post(
    '/auth/password/reset',
    { schema: { tags, summary: 'Set a new password from a reset link; signs out every device', body: resetPasswordBody, response: { 204: noContent } } },
    async (req, reply) => {
      await accounts.resetPassword(req.body, deviceOf(req));
      return reply.status(204).send();
    },
  );

  await app.register(meRoutes, { services });
  await app.register(oauthRoutes, { services });
}
