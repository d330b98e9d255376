import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createDocumentBodySchema,
  createVersionBodySchema,
  documentDetailSchema,
  documentListQuerySchema,
  documentSchema,
  documentVersionSchema,
  exportQuerySchema,
  renameDocumentBodySchema,
} from '../../../../common/studio-documents.ts';
import { pageQuerySchema, pageSchema } from '../../../../common/studio.ts';
import { attachmentDisposition } from '../../../platform/storage/content-disposition.ts';
import type { DocumentsService } from './documents.service.ts';
import { presentDocument, presentDocumentDetail, presentVersion } from './presenter.ts';

const tags = ['documents'];
const projectParams = z.object({ projectId: z.uuid() });
const documentParams = z.object({ documentId: z.uuid() });
const versionParams = documentParams.extend({ versionId: z.uuid() });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });

/** Document records, versions and exports; the content itself travels over /collab. */
export const documentRoutes: FastifyPluginAsyncZod<{ documents: DocumentsService }> = async (app, { documents }) => {
  app.get(
    '/projects/:projectId/documents',
    {
      schema: {
        tags,
        summary: 'Documents of a project, newest first; filter by kind',
        params: projectParams,
        querystring: documentListQuerySchema,
        response: { 200: pageSchema(documentSchema) },
      },
    },
    async (req) => {
      const page = await documents.list(req.actor, req.params.projectId, req.query);
      return { items: page.items.map(presentDocument), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/projects/:projectId/documents',
    {
      schema: {
        tags,
        summary: 'Start a rich-text document or a design board (members); accepts an Idempotency-Key',
        params: projectParams,
        headers: idempotencyHeaders,
        body: createDocumentBodySchema,
        response: { 201: documentSchema },
      },
    },
    async (req, reply) => reply.status(201).send(presentDocument(await documents.create(req.actor, req.params.projectId, req.body, req.headers['idempotency-key']))),
  );

  app.get(
    '/documents/:documentId',
    { schema: { tags, summary: 'A document, the actor’s role in its project and what they may do', params: documentParams, response: { 200: documentDetailSchema } } },
    async (req) => presentDocumentDetail(await documents.get(req.actor, req.params.documentId)),
  );

  app.patch(
    '/documents/:documentId',
    { schema: { tags, summary: 'Rename a document (members)', params: documentParams, body: renameDocumentBodySchema, response: { 200: documentSchema } } },
    async (req) => presentDocument(await documents.rename(req.actor, req.params.documentId, req.body.title)),
  );

  app.delete(
    '/documents/:documentId',
    { schema: { tags, summary: 'Delete a document with its history (its creator, or project admins)', params: documentParams } },
    async (req, reply) => {
      await documents.remove(req.actor, req.params.documentId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/documents/:documentId/versions',
    {
      schema: {
        tags,
        summary: 'Named versions of a document, newest first',
        params: documentParams,
        querystring: pageQuerySchema,
        response: { 200: pageSchema(documentVersionSchema) },
      },
    },
    async (req) => {
      const page = await documents.listVersions(req.actor, req.params.documentId, req.query);
      return { items: page.items.map(presentVersion), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/documents/:documentId/versions',
    {
      schema: { tags, summary: 'Save the current content as a named version (members)', params: documentParams, body: createVersionBodySchema, response: { 201: documentVersionSchema } },
    },
    async (req, reply) => reply.status(201).send(presentVersion(await documents.saveVersion(req.actor, req.params.documentId, req.body.name))),
  );

  app.post(
    '/documents/:documentId/versions/:versionId/restore',
    {
      schema: {
        tags,
        summary: 'Bring back a version’s content as a new edit; everyone connected sees it at once (members)',
        params: versionParams,
        response: { 200: documentSchema },
      },
    },
    async (req) => presentDocument(await documents.restoreVersion(req.actor, req.params.documentId, req.params.versionId)),
  );

  app.get(
    '/documents/:documentId/export',
    {
      schema: {
        tags,
        summary: 'The current content as Markdown, HTML or JSON (boards export JSON)',
        params: documentParams,
        querystring: exportQuerySchema,
        produces: ['text/markdown', 'text/html', 'application/json'],
      },
    },
    async (req, reply) => {
      const exported = await documents.export(req.actor, req.params.documentId, req.query.format);
      const filename = `${exported.title.replace(/[^\p{L}\p{N} ._-]+/gu, '').trim() || 'document'}.${exported.extension}`;
      return reply
        .header('content-type', exported.contentType)
        .header('content-disposition', attachmentDisposition(filename))
        .send(exported.body);
    },
  );
};
