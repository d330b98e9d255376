import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../http/errors.ts';
import type { Storage } from './index.ts';
import type { LocalStorage } from './local.ts';
import { attachmentDisposition } from './content-disposition.ts';
import type { UrlGrant } from './signing.ts';

const grantQuery = z.object({
  op: z.enum(['get', 'put', 'part']),
  exp: z.coerce.number().int(),
  ct: z.string().min(1).max(255),
  fn: z.string().min(1).max(255).optional(),
  max: z.coerce.number().int().positive().optional(),
  up: z.string().max(64).optional(),
  pn: z.coerce.number().int().optional(),
  sig: z.string().max(128),
});
const keyParams = z.object({ '*': z.string() });

const isLocal = (storage: Storage): storage is LocalStorage => storage.kind === 'local' && 'verifyGrant' in storage;

/** Serves the URLs local storage signs; S3 URLs point at the bucket, so nothing is registered for S3. */
export const storageRoutes = fp(
  async (app: FastifyInstance) => {
    const storage = app.storage;
    if (isLocal(storage)) await app.register(signedUrlRoutes, { storage });
  },
  { name: 'storage-routes' },
);

async function signedUrlRoutes(parent: FastifyInstance, { storage }: { storage: LocalStorage }): Promise<void> {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  // Uploads are raw bytes of any type, streamed to disk; their size limit is the signed `max`, not the JSON body limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

  const schema = { hide: true, params: keyParams, querystring: grantQuery };
  const grantFor = (op: UrlGrant['op'], key: string, query: z.infer<typeof grantQuery>): UrlGrant => {
    const part = op === 'part' && query.up !== undefined && query.pn !== undefined ? { uploadId: query.up, partNumber: query.pn } : undefined;
    const grant: UrlGrant = { op, key, expiresAt: query.exp, contentType: query.ct, filename: query.fn, maxBytes: query.max, part };
    storage.verifyGrant(grant, query.op === op ? query.sig : '');
    return grant;
  };

  app.get('/storage/*', { schema }, async (req, reply) => {
    const grant = grantFor('get', req.params['*'], req.query);
    const object = await storage.head(grant.key);
    if (!object) throw new AppError('object_not_found', 404, 'No such object');
    reply
      .header('content-type', grant.contentType)
      .header('content-length', object.size)
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store');
    if (grant.filename) reply.header('content-disposition', attachmentDisposition(grant.filename));
    return reply.send(await storage.get(grant.key));
  });

  app.put('/storage/*', { schema }, async (req, reply) => {
    if (req.query.op === 'part') {
      const grant = grantFor('part', req.params['*'], req.query);
      refuseDeclaredOversize(grant, req.headers['content-length']);
      const body = (req.body as Readable | undefined) ?? Readable.from([]);
      const etag = await storage.putPart(grant.key, grant.part!.uploadId, grant.part!.partNumber, body, grant.maxBytes);
      return reply.status(200).header('etag', etag).send();
    }
    const grant = grantFor('put', req.params['*'], req.query);
    if (req.headers['content-type'] !== grant.contentType) {
      throw new AppError('content_type_mismatch', 403, `This URL accepts only Content-Type ${grant.contentType}`);
    }
    refuseDeclaredOversize(grant, req.headers['content-length']);
    await storage.put(grant.key, (req.body as Readable | undefined) ?? Buffer.alloc(0), grant.contentType, grant.maxBytes);
    return reply.status(204).send();
  });
}

function refuseDeclaredOversize(grant: UrlGrant, contentLength: string | undefined): void {
  if (grant.maxBytes !== undefined && Number(contentLength ?? 0) > grant.maxBytes) {
    throw new AppError('upload_too_large', 413, `Uploads through this URL are limited to ${grant.maxBytes} bytes`);
  }
}
