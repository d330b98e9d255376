import type { FastifyInstance, FastifyReply, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Cache } from '../cache/index.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false` keeps the route out of the global rate limit (health checks, metrics scrapes). */
    rateLimit?: false;
  }
}

export interface RateLimitOptions {
  /** Requests one client address may make in a window. */
  max: number;
  windowSeconds: number;
  /**
   * Where the counters live when several processes share them (the Redis cache). Without it they
   * are counted in this process.
   */
  shared?: Cache;
  /** Addresses counted at once in this process; the oldest window goes first past it. */
  maxAddresses?: number;
}

interface Window {
  count: number;
  resetAt: number;
}

/**
 * The global per-address rate limit: a fixed window per client address, `x-ratelimit-limit`,
 * `-remaining` and `-reset` on every limited response, and 429 with `retry-after` past the limit
 * (the error handler renders it as `rate_limited`). A route opts out with `config: { rateLimit:
 * false }`. It does what the global limit of @fastify/rate-limit did here, as one callback-style
 * hook that counts in this process without a promise: that plugin awaited three promises on every
 * request even with its in-process store, a measured part of each request's cost
 * (docs/benchmarks.md). With a shared cache (Redis) the count is the cache's atomic `increment`.
 */
export const rateLimitPlugin = fp<RateLimitOptions>(
  async (app: FastifyInstance, { max, windowSeconds, shared, maxAddresses = 100_000 }) => {
    const windowMs = windowSeconds * 1000;
    const limitHeader = String(max);
    const windows = new Map<string, Window>();
    if (!shared) {
      const sweep = setInterval(() => {
        const now = Date.now();
        for (const [address, window] of windows) if (window.resetAt <= now) windows.delete(address);
      }, windowMs);
      sweep.unref();
      app.addHook('onClose', async () => {
        clearInterval(sweep);
      });
    }

    const answer = (reply: FastifyReply, count: number, resetInSeconds: number, done: HookHandlerDoneFunction) => {
      const reset = String(resetInSeconds);
      reply.header('x-ratelimit-limit', limitHeader);
      reply.header('x-ratelimit-remaining', String(Math.max(0, max - count)));
      reply.header('x-ratelimit-reset', reset);
      if (count <= max) {
        done();
        return;
      }
      reply.header('retry-after', reset);
      done(Object.assign(new Error(`Rate limit exceeded, retry in ${reset} seconds`), { statusCode: 429 }));
    };

    const countInProcess = (address: string): Window => {
      const now = Date.now();
      let window = windows.get(address);
      if (!window || window.resetAt <= now) {
        windows.delete(address);
        if (windows.size >= maxAddresses) windows.delete(windows.keys().next().value!);
        window = { count: 0, resetAt: now + windowMs };
        windows.set(address, window);
      }
      window.count++;
      return window;
    };

    const limit: onRequestHookHandler = (req, reply, done) => {
      if (shared) {
        shared.increment(`rate-limit:${req.ip}`, windowSeconds).then(({ count, resetInSeconds }) => {
          answer(reply, count, resetInSeconds, done);
        }, done);
        return;
      }
      const window = countInProcess(req.ip);
      answer(reply, window.count, Math.max(0, Math.ceil((window.resetAt - Date.now()) / 1000)), done);
    };

    // A route-level hook, so a route that opts out pays nothing and the others read no route config per request.
    app.addHook('onRoute', (route) => {
      if ((route.config as { rateLimit?: unknown } | undefined)?.rateLimit === false) return;
      const hooks = route.onRequest;
      route.onRequest = hooks === undefined ? [limit] : [...(Array.isArray(hooks) ? hooks : [hooks]), limit];
    });
  },
  { name: 'rate-limit' },
);
