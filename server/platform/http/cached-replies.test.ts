import Fastify, { type FastifyInstance } from 'fastify';
import etag from '@fastify/etag';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryCache, type Cache } from '../cache/index.ts';
import { createCachedReplies, etagOf } from './cached-replies.ts';

const profile = z.object({ id: z.string(), name: z.string() });

describe('replies cached with their serialised body', () => {
  let app: FastifyInstance;
  let cache: Cache;
  let serialisations: number;

  beforeEach(async () => {
    cache = createMemoryCache();
    serialisations = 0;
    const typed = Fastify().withTypeProvider<ZodTypeProvider>();
    typed.setValidatorCompiler(validatorCompiler);
    typed.setSerializerCompiler((route) => {
      const serialise = serializerCompiler(route as Parameters<typeof serializerCompiler>[0]);
      return (data) => {
        serialisations++;
        return serialise(data);
      };
    });
    await typed.register(etag, { hashFn: (payload) => etagOf(payload).slice(1, -1) });
    const sendProfile = createCachedReplies();
    typed.get('/profile', { schema: { response: { 200: profile } } }, (_req, reply) => sendProfile(reply, cache.lookup('profile')));
    typed.get('/profile-later', { schema: { response: { 200: profile } } }, (_req, reply) => sendProfile(reply, cache.get('profile')));
    typed.get('/fresh', { schema: { response: { 200: profile } } }, (_req, reply) => sendProfile(reply, { id: 'p1', name: 'Fresh', extra: 'dropped' }));
    app = typed;
  });
  afterEach(async () => {
    await app.close();
    await cache.close();
  });

  it('serialises and hashes a cached value once, and sends the same body and ETag as the ordinary path', async () => {
    await cache.set('profile', { id: 'p1', name: 'Ada', extra: 'not in the schema' }, 60);
    const first = await app.inject({ method: 'GET', url: '/profile' });
    const second = await app.inject({ method: 'GET', url: '/profile-later' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ id: 'p1', name: 'Ada' });
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.headers.etag).toBe(etagOf(first.body));
    expect([second.body, second.headers.etag]).toEqual([first.body, first.headers.etag]);
    expect(serialisations).toBe(1);

    const fresh = await app.inject({ method: 'GET', url: '/fresh' });
    expect(fresh.json()).toEqual({ id: 'p1', name: 'Fresh' });
    expect(fresh.headers.etag).toBe(etagOf(fresh.body));
    expect(serialisations).toBe(2);
  });

  it('answers 304 to a client that holds the current ETag', async () => {
    await cache.set('profile', { id: 'p1', name: 'Ada' }, 60);
    const first = await app.inject({ method: 'GET', url: '/profile' });
    const again = await app.inject({ method: 'GET', url: '/profile', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('sends the new body once the cached entry changes', async () => {
    await cache.set('profile', { id: 'p1', name: 'Ada' }, 60);
    const before = await app.inject({ method: 'GET', url: '/profile' });
    await cache.set('profile', { id: 'p1', name: 'Grace' }, 60);
    const after = await app.inject({ method: 'GET', url: '/profile' });
    expect(after.json()).toEqual({ id: 'p1', name: 'Grace' });
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('still refuses a cached value that does not fit the response schema', async () => {
    await cache.set('profile', { id: 'p1' }, 60);
    for (let i = 0; i < 2; i++) expect((await app.inject({ method: 'GET', url: '/profile' })).statusCode).toBe(500);
  });
});
