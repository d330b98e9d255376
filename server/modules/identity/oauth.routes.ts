import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { oauthProvidersSchema } from '../../../common/auth.ts';
import { bearerCredential } from '../../platform/auth/plugin.ts';
import { AppError } from '../../platform/http/errors.ts';
import { refreshCookieOf, setOAuthCookie, setSessionCookies, takeOAuthCookie } from './auth-cookies.ts';
import type { AuthServices } from './auth.services.ts';
import type { OAuthOutcome } from './oauth.service.ts';
import { deviceOf } from './request-device.ts';

const tags = ['auth'];
const providerParams = z.object({ provider: z.string().max(32) });

/** Browser redirects for Google and GitHub: start sends the user to the provider, callback comes back. */
export async function oauthRoutes(parent: FastifyInstance, { services }: { services: AuthServices }): Promise<void> {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const { oauth, sessions } = services;
  const complete = (query: Record<string, string>) => `${app.config.publicUrl}/oauth/complete${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;

  /** Linking needs to know who asks: a bearer token from the app, or the refresh cookie a browser navigation carries. */
  async function linkingUserId(req: Parameters<typeof bearerCredential>[0]): Promise<string | undefined> {
    const credential = bearerCredential(req);
    if (credential) {
      const actor = await app.auth.resolve(credential);
      return actor?.type === 'user' ? actor.userId : undefined;
    }
    const refreshToken = refreshCookieOf(req);
    return refreshToken ? sessions.ownerOf(refreshToken) : undefined;
  }

  function redirectFor(reply: FastifyReply, provider: string, outcome: OAuthOutcome) {
    if (outcome.kind === 'linked') return reply.redirect(complete({ linked: provider }));
    const result = outcome.result;
    if (!('accessToken' in result)) return reply.redirect(complete({ challengeToken: result.challengeToken }));
    setSessionCookies(reply, app.config, result.refreshToken);
    return reply.redirect(complete({}));
  }

  app.get(
    '/auth/oauth/providers',
    { schema: { tags, summary: 'OAuth providers configured on this server', security: [], response: { 200: oauthProvidersSchema } } },
    async () => ({ providers: oauth.providers() }),
  );

  app.get(
    '/auth/oauth/:provider/start',
    {
      schema: {
        tags,
        summary: 'Redirect to the provider to sign in, or to link it to the signed-in account',
        params: providerParams,
        querystring: z.object({ intent: z.enum(['signin', 'link']).default('signin') }),
      },
    },
    async (req, reply) => {
      const userId = req.query.intent === 'link' ? await linkingUserId(req) : undefined;
      const { url, pending } = await oauth.start(req.params.provider, req.query.intent, userId);
      setOAuthCookie(reply, app.config, pending);
      return reply.redirect(url);
    },
  );

  app.get(
    '/auth/oauth/:provider/callback',
    {
      schema: {
        tags,
        summary: 'Where the provider sends the browser back; redirects to /oauth/complete',
        security: [],
        params: providerParams,
        querystring: z.object({ code: z.string().max(2048).optional(), state: z.string().max(512).optional(), error: z.string().max(256).optional() }),
      },
    },
    async (req, reply) => {
      const pending = takeOAuthCookie(req, reply, app.config);
      let outcome: OAuthOutcome;
      try {
        outcome = await oauth.finish(req.params.provider, req.query, pending, deviceOf(req));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return reply.redirect(complete({ error: err.code }));
      }
      return redirectFor(reply, req.params.provider, outcome);
    },
  );
}
