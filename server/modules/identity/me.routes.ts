import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  changeEmailBody,
  changePasswordBody,
  deviceSessionSchema,
  disableTwoFactorBody,
  enrollmentSchema,
  linkedAccountSchema,
  meSchema,
  OAUTH_PROVIDERS,
  recoveryCodesSchema,
  totpCodeBody,
  updateMeBody,
  userSchema,
} from '../../../common/auth.ts';
import { createCachedReplies } from '../../platform/http/cached-replies.ts';
import type { AuthServices } from './auth.services.ts';
import { deviceOf } from './request-device.ts';

const noContent = z.void().describe('No content');
const tags = ['me'];

/** The signed-in user's own account: profile, password, email, 2FA, devices and linked logins. */
export async function meRoutes(parent: FastifyInstance, { services }: { services: AuthServices }): Promise<void> {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const { accounts, twoFactor, sessions, oauth } = services;
  app.addHook('onRequest', app.authenticateHook);

  // Every page load asks for /me: a cached answer is serialised and hashed once, not on every request.
  const sendMe = createCachedReplies();
  app.get('/me', { schema: { tags, summary: 'The signed-in user and their organisations', response: { 200: meSchema } } }, (req, reply) =>
    sendMe(reply, accounts.me(req.actor)),
  );

  app.patch(
    '/me',
    { schema: { tags, summary: 'Update the profile', body: updateMeBody, response: { 200: z.object({ user: userSchema }) } } },
    async (req) => ({ user: await accounts.updateProfile(req.actor, req.body) }),
  );

  app.post(
    '/me/password',
    { schema: { tags, summary: 'Change the password; other devices are signed out', body: changePasswordBody, response: { 204: noContent } } },
    async (req, reply) => {
      await accounts.changePassword(req.actor, req.body, deviceOf(req));
      return reply.status(204).send();
    },
  );

  app.post(
    '/me/email',
    { schema: { tags, summary: 'Change the email address after confirming the new one', body: changeEmailBody, response: { 202: noContent } } },
    async (req, reply) => {
      await accounts.requestEmailChange(req.actor, req.body);
      return reply.status(202).send();
    },
  );

  app.post('/me/2fa/enroll', { schema: { tags, summary: 'Start TOTP enrolment', response: { 200: enrollmentSchema } } }, async (req) =>
    twoFactor.enroll(req.actor),
  );

  app.post(
    '/me/2fa/confirm',
    { schema: { tags, summary: 'Turn TOTP on with a first code; returns recovery codes once', body: totpCodeBody, response: { 200: recoveryCodesSchema } } },
    async (req) => ({ recoveryCodes: await twoFactor.confirm(req.actor, req.body.code, deviceOf(req)) }),
  );

  app.post(
    '/me/2fa/disable',
    { schema: { tags, summary: 'Turn TOTP off', body: disableTwoFactorBody, response: { 204: noContent } } },
    async (req, reply) => {
      await twoFactor.disable(req.actor, req.body, deviceOf(req));
      return reply.status(204).send();
    },
  );

  app.post(
    '/me/2fa/recovery-codes',
    { schema: { tags, summary: 'Replace the recovery codes', body: totpCodeBody, response: { 200: recoveryCodesSchema } } },
    async (req) => ({ recoveryCodes: await twoFactor.regenerateRecoveryCodes(req.actor, req.body.code) }),
  );

  app.get(
    '/me/sessions',
    { schema: { tags, summary: 'Devices signed in to this account', response: { 200: z.object({ items: z.array(deviceSessionSchema) }) } } },
    async (req) => ({ items: await sessions.list(req.actor) }),
  );

  app.delete(
    '/me/sessions/:sessionId',
    { schema: { tags, summary: 'Sign out one device', params: z.object({ sessionId: z.uuid() }), response: { 204: noContent } } },
    async (req, reply) => {
      await sessions.revokeDevice(req.actor, req.params.sessionId, deviceOf(req));
      return reply.status(204).send();
    },
  );

  app.post(
    '/me/sessions/revoke-others',
    { schema: { tags, summary: 'Sign out every other device', response: { 204: noContent } } },
    async (req, reply) => {
      await sessions.revokeOthers(req.actor, deviceOf(req));
      return reply.status(204).send();
    },
  );

  app.get(
    '/me/oauth',
    { schema: { tags, summary: 'Linked Google and GitHub accounts', response: { 200: z.object({ items: z.array(linkedAccountSchema) }) } } },
    async (req) => ({ items: await oauth.linkedAccounts(req.actor) }),
  );

  app.delete(
    '/me/oauth/:provider',
    { schema: { tags, summary: 'Unlink a provider', params: z.object({ provider: z.enum(OAUTH_PROVIDERS) }), response: { 204: noContent } } },
    async (req, reply) => {
      await oauth.unlink(req.actor, req.params.provider);
      return reply.status(204).send();
    },
  );
}
