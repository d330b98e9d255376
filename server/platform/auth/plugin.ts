import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Cache } from '../cache/index.ts';
import { unauthenticated } from '../http/errors.ts';
import { API_KEY_PREFIX, type Actor } from './actor.ts';
import { createAccessTokens, type AccessTokens } from './tokens.ts';

export type ApiKeyResolver = (key: string) => Promise<Actor | undefined>;

export interface Auth {
  tokens: AccessTokens;
  /** Turns a bearer credential (access JWT or API key) into an actor; undefined when it is not valid. */
  resolve(credential: string): Promise<Actor | undefined>;
  /** The identity module registers how API keys are checked. */
  setApiKeyResolver(resolver: ApiKeyResolver): void;
  /** Makes access tokens of a revoked session fail at once instead of at their expiry. */
  markSessionRevoked(sessionId: string): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: Auth;
    /** onRequest hook: rejects the request with 401 unless it carries a valid credential. */
    authenticate(req: FastifyRequest): Promise<void>;
  }
  interface FastifyRequest {
    /** The authenticated actor; reading it on an unauthenticated request throws 401. */
    actor: Actor;
    actorOrNull: Actor | null;
  }
}

const REVOKED_TTL_SECONDS = 16 * 60;
const revokedKey = (sessionId: string) => `session-revoked:${sessionId}`;

/**
 * The credential of a request: `Authorization: Bearer <token or key>`, `Authorization: Token <key>`
 * (the InfluxDB scheme, so Influx clients and Telegraf write points unchanged) or `X-Api-Key`.
 */
export function bearerCredential(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  if (header?.startsWith('Token ')) return header.slice(6).trim() || undefined;
  const apiKey = req.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey ? apiKey : undefined;
}

export const authPlugin = fp<{ jwtSecret: string; cache: Cache }>(
  async (app: FastifyInstance, { jwtSecret, cache }) => {
    const tokens = createAccessTokens(jwtSecret);
    let apiKeyResolver: ApiKeyResolver = async () => undefined;

    const auth: Auth = {
      tokens,
      async resolve(credential) {
        if (credential.startsWith(API_KEY_PREFIX)) return apiKeyResolver(credential);
        const claims = tokens.recall(credential) ?? (await tokens.verify(credential));
        if (!claims) return undefined;
        if (await cache.get<boolean>(revokedKey(claims.sessionId))) return undefined;
        return { type: 'user', userId: claims.userId, sessionId: claims.sessionId };
      },
      setApiKeyResolver(resolver) {
        apiKeyResolver = resolver;
      },
      async markSessionRevoked(sessionId) {
        await cache.set(revokedKey(sessionId), true, REVOKED_TTL_SECONDS);
      },
    };

    app.decorate('auth', auth);
    app.decorateRequest('actorOrNull', null);
    app.decorateRequest('actor', {
      getter(this: FastifyRequest) {
        if (!this.actorOrNull) throw unauthenticated();
        return this.actorOrNull;
      },
    });
    app.decorate('authenticate', async (req: FastifyRequest) => {
      const credential = bearerCredential(req);
      if (!credential) throw unauthenticated();
      const actor = await auth.resolve(credential);
      if (!actor) throw unauthenticated('Your session has expired or the credential is not valid; sign in again');
      req.actorOrNull = actor;
    });
  },
  { name: 'auth' },
);
