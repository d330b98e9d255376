import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createUploadBodySchema,
  fileDetailSchema,
  filesLimits,
  partUrlsBodySchema,
  partUrlsSchema,
  recordPartBodySchema,
  uploadSchema,
  type Upload,
} from '../../../../common/studio-files.ts';
import type { FilesService } from './files.service.ts';
import { presentFileDetail } from './files.presenter.ts';
import type { UploadsService, UploadView } from './uploads.service.ts';

const tags = ['files'];
const projectParams = z.object({ projectId: z.uuid() });
const uploadParams = z.object({ uploadId: z.uuid() });
const partParams = uploadParams.extend({ partNumber: z.coerce.number().int().min(1).max(10_000) });

function presentUpload({ upload, uploadUrl }: UploadView): Upload {
  return {
    id: upload.id,
    projectId: upload.projectId,
    fileId: upload.fileId,
    folderId: upload.folderId,
    name: upload.name,
    mimeType: upload.mimeType,
    sizeBytes: upload.sizeBytes,
    status: upload.status,
    expiresAt: upload.expiresAt.toISOString(),
    uploadUrl,
    multipart: upload.multipartId
      ? {
          partSizeBytes: filesLimits.partSizeBytes,
          partCount: upload.partCount!,
          completedParts: Object.entries(upload.parts)
            .map(([partNumber, etag]) => ({ partNumber: Number(partNumber), sizeBytes: null, etag }))
            .sort((a, b) => a.partNumber - b.partNumber),
        }
      : null,
    versionId: upload.versionId,
  };
}

export const uploadRoutes: FastifyPluginAsyncZod<{ uploads: UploadsService; files: FilesService }> = async (app, { uploads, files }) => {
  app.post(
    '/projects/:projectId/uploads',
    {
      schema: {
        tags,
        summary: 'Start an upload (members): checks type, size and quota; answers a signed URL, or part details for large files',
        params: projectParams,
        body: createUploadBodySchema,
        response: { 201: uploadSchema },
      },
    },
    async (req, reply) => reply.status(201).send(presentUpload(await uploads.create(req.actor, req.params.projectId, req.body))),
  );

  app.get(
    '/uploads/:uploadId',
    { schema: { tags, summary: 'An upload of yours, with the parts already recorded (to resume)', params: uploadParams, response: { 200: uploadSchema } } },
    async (req) => presentUpload(await uploads.get(req.actor, req.params.uploadId)),
  );

  app.post(
    '/uploads/:uploadId/parts',
    {
      schema: {
        tags,
        summary: 'Signed URLs for parts of a multipart upload; PUT each part there and record its ETag',
        params: uploadParams,
        body: partUrlsBodySchema,
        response: { 200: partUrlsSchema },
      },
    },
    async (req) => uploads.partUrls(req.actor, req.params.uploadId, req.body.partNumbers),
  );

  app.put(
    '/uploads/:uploadId/parts/:partNumber',
    {
      schema: {
        tags,
        summary: 'Record the ETag storage answered for an uploaded part',
        params: partParams,
        body: recordPartBodySchema,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await uploads.recordPart(req.actor, req.params.uploadId, req.params.partNumber, req.body.etag);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/uploads/:uploadId/complete',
    {
      schema: {
        tags,
        summary: 'Confirm an upload: checks size and real type, records the file or new version, queues its previews',
        params: uploadParams,
        response: { 200: fileDetailSchema },
      },
    },
    async (req) => {
      const { fileId } = await uploads.complete(req.actor, req.params.uploadId);
      return presentFileDetail(await files.get(req.actor, fileId));
    },
  );

  app.delete(
    '/uploads/:uploadId',
    { schema: { tags, summary: 'Cancel an unfinished upload', params: uploadParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await uploads.abort(req.actor, req.params.uploadId);
      return reply.status(204).send(null);
    },
  );
};
