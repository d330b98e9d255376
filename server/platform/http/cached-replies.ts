import { hash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { isSharedCacheValue } from '../cache/index.ts';

/** A strong ETag for a response body: the quoted SHA-1, as the API's ETag plugin makes it. */
export const etagOf = (body: string | Buffer): string => `"${hash('sha1', body, 'base64url')}"`;

interface SerialisedReply {
  body: string;
  etag: string;
}

/**
 * For a hot read whose answer comes from the platform cache: the 200 body, serialised by the
 * route's response schema (which checks its shape, as for any reply), and its ETag are made
 * once per cached value and sent again while the in-process cache hands out that same frozen
 * value. A changed entry is a new value, so a stale body is never sent; a value the cache did not
 * hand out (a miss just loaded, or any value from Redis) is sent the ordinary way.
 *
 * The answer may come as a value or a promise: a route whose service answers a cache hit without
 * a promise (`Cache.lookup`) returns without one too, a promise and its microtask turns fewer per
 * request. One memo per route, since a body is shaped by that route's schema. The ETag plugin sees
 * the ETag already set and still answers a matching If-None-Match with 304.
 */
export function createCachedReplies(): (reply: FastifyReply, answer: unknown) => Promise<void> | undefined {
  const replies = new WeakMap<object, SerialisedReply>();
  const send = (reply: FastifyReply, value: unknown): void => {
    if (!isSharedCacheValue(value)) {
      reply.send(value);
      return;
    }
    let serialised = replies.get(value);
    if (!serialised) {
      const body = reply.serialize(value);
      if (typeof body !== 'string') {
        reply.send(value);
        return;
      }
      serialised = { body, etag: etagOf(body) };
      replies.set(value, serialised);
    }
    reply.header('etag', serialised.etag).type('application/json; charset=utf-8').send(serialised.body);
  };
  return (reply, answer) => {
    if (answer instanceof Promise) return answer.then((value) => send(reply, value));
    send(reply, answer);
    return undefined;
  };
}
