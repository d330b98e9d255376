import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Cache } from '../cache/index.ts';
import { unauthenticated } from '../http/errors.ts';
import { API_KEY_PREFIX, type Actor } from './actor.ts';
import { createAccessTokens, type AccessClaims, type AccessTokens } from './tokens.ts';

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
    /**
     * The same check as a callback-style onRequest hook for hot routes: it finishes without a
     * promise when the token was verified before and the revocation check is answered in this
     * process (the in-process cache), and waits only when it must (a new token, Redis, an API key).
     */
    authenticateHook: onRequestHookHandler;
  }
  interface FastifyRequest {
    /** The authenticated actor; reading it on an unauthenticated request throws 401. */
    actor: Actor;
    actorOrNull: Actor | null;
  }
}

const REVOKED_TTL_SECONDS = 16 * 60;
const revokedKey = (sessionId: string) => `session-revoked:${sessionId}`;

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> => value instanceof Promise;

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

    // A verified token's claims are one object for as long as the token is remembered, so its actor
    // and the cache key of its session's revocation are built once, not on every request. The actor
    // is frozen because every request with that token shares it.
    const sessionOf = new WeakMap<AccessClaims, { actor: Actor; revokedKey: string }>();
    // The revocation check runs on every request, for remembered tokens too.
    const unlessRevoked = (claims: AccessClaims): Actor | undefined | Promise<Actor | undefined> => {
      let session = sessionOf.get(claims);
      if (!session) {
        const actor: Actor = Object.freeze({ type: 'user', userId: claims.userId, sessionId: claims.sessionId });
        session = { actor, revokedKey: revokedKey(claims.sessionId) };
        sessionOf.set(claims, session);
      }
      const { actor } = session;
      const revoked = cache.lookup<boolean>(session.revokedKey);
      return isPromise(revoked) ? revoked.then((isRevoked) => (isRevoked ? undefined : actor)) : revoked ? undefined : actor;
    };
    /** `resolve`, answered without a promise when everything it needs is in this process. */
    const resolveNow = (credential: string, connection?: object): Actor | undefined | Promise<Actor | undefined> => {
      if (credential.startsWith(API_KEY_PREFIX)) return apiKeyResolver(credential);
      const claims = tokens.recall(credential, connection);
      if (claims) return unlessRevoked(claims);
      return tokens.verify(credential).then((verified) => verified && unlessRevoked(verified));
    };
    const noActor = () => unauthenticated('Your session has expired or the credential is not valid; sign in again');

    const auth: Auth = {
      tokens,
      async resolve(credential) {
        return resolveNow(credential);
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
      const actor = await resolveNow(credential, req.raw.socket);
      if (!actor) throw noActor();
      req.actorOrNull = actor;
    });
    app.decorate('authenticateHook', ((req, _reply, done) => {
      const admit = (actor: Actor | undefined) => {
        if (actor) req.actorOrNull = actor;
        done(actor ? undefined : noActor());
      };
      const credential = bearerCredential(req);
      if (!credential) {
        done(unauthenticated());
        return;
      }
      let resolved: Actor | undefined | Promise<Actor | undefined>;
      try {
        resolved = resolveNow(credential, req.raw.socket);
      } catch (err) {
        done(err as Error);
        return;
      }
      if (isPromise(resolved)) resolved.then(admit, done);
      else admit(resolved);
    }) satisfies onRequestHookHandler);
  },
  { name: 'auth' },
);
