import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  downloadQuerySchema,
  downloadSchema,
  fileDetailSchema,
  fileListQuerySchema,
  fileSchema,
  fileVersionSchema,
  storageUsageSchema,
  updateFileBodySchema,
} from '../../../../common/studio-files.ts';
import { presentFile, presentFileDetail, presentVersion } from './files.presenter.ts';
import type { FilesService } from './files.service.ts';

const tags = ['files'];
const projectParams = z.object({ projectId: z.uuid() });
const fileParams = z.object({ fileId: z.uuid() });
const versionParams = fileParams.extend({ versionId: z.uuid() });

export const fileRoutes: FastifyPluginAsyncZod<{ files: FilesService }> = async (app, { files }) => {
  app.get(
    '/projects/:projectId/files',
    {
      schema: {
        tags,
        summary: 'Files of a folder (root when folderId is omitted), sorted and paged by cursor; trash=true lists deleted files; q searches names',
        params: projectParams,
        querystring: fileListQuerySchema,
        response: { 200: z.object({ items: z.array(fileSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const page = await files.list(req.actor, req.params.projectId, req.query);
      return { items: page.items.map(presentFile), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/projects/:projectId/storage',
    { schema: { tags, summary: 'Storage the organisation uses and its quota', params: projectParams, response: { 200: storageUsageSchema } } },
    async (req) => files.usage(req.actor, req.params.projectId),
  );

  app.get(
    '/files/:fileId',
    { schema: { tags, summary: 'A file with its versions, newest first (deleted files too)', params: fileParams, response: { 200: fileDetailSchema } } },
    async (req) => presentFileDetail(await files.get(req.actor, req.params.fileId)),
  );

  app.patch(
    '/files/:fileId',
    {
      schema: {
        tags,
        summary: 'Rename a file or move it to another folder (folderId null: the root)',
        params: fileParams,
        body: updateFileBodySchema,
        response: { 200: fileDetailSchema },
      },
    },
    async (req) => presentFileDetail(await files.update(req.actor, req.params.fileId, req.body)),
  );

  app.delete(
    '/files/:fileId',
    { schema: { tags, summary: 'Move a file to the trash (restorable for 30 days)', params: fileParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await files.remove(req.actor, req.params.fileId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/files/:fileId/restore',
    {
      schema: {
        tags,
        summary: 'Restore a file from the trash (who deleted it, or project admins)',
        params: fileParams,
        response: { 200: fileDetailSchema },
      },
    },
    async (req) => presentFileDetail(await files.restore(req.actor, req.params.fileId)),
  );

  app.post(
    '/files/:fileId/purge',
    {
      schema: { tags, summary: 'Delete a trashed file for good (its uploader, or project admins)', params: fileParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await files.purge(req.actor, req.params.fileId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/files/:fileId/versions',
    { schema: { tags, summary: 'Every version of a file, newest first', params: fileParams, response: { 200: z.object({ items: z.array(fileVersionSchema) }) } } },
    async (req) => ({ items: (await files.get(req.actor, req.params.fileId)).versions.map(presentVersion) }),
  );

  app.get(
    '/files/:fileId/download',
    {
      schema: {
        tags,
        summary: 'A short-lived signed URL for the current version ({ url }, or 302 with redirect=true)',
        params: fileParams,
        querystring: downloadQuerySchema,
        response: { 200: downloadSchema, 302: z.null() },
      },
    },
    async (req, reply) => {
      const result = await files.download(req.actor, req.params.fileId, { disposition: req.query.disposition });
      return req.query.redirect ? reply.redirect(result.url, 302) : result;
    },
  );

  app.get(
    '/files/:fileId/versions/:versionId/download',
    {
      schema: {
        tags,
        summary: 'A short-lived signed URL for one version ({ url }, or 302 with redirect=true)',
        params: versionParams,
        querystring: downloadQuerySchema,
        response: { 200: downloadSchema, 302: z.null() },
      },
    },
    async (req, reply) => {
      const result = await files.download(req.actor, req.params.fileId, { versionId: req.params.versionId, disposition: req.query.disposition });
      return req.query.redirect ? reply.redirect(result.url, 302) : result;
    },
  );
};
