import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createFolderBodySchema, folderSchema, updateFolderBodySchema } from '../../../../common/studio-files.ts';
import { presentFolder } from './files.presenter.ts';
import type { FoldersService } from './folders.service.ts';

const tags = ['files'];
const projectParams = z.object({ projectId: z.uuid() });
const folderParams = z.object({ folderId: z.uuid() });

export const folderRoutes: FastifyPluginAsyncZod<{ folders: FoldersService }> = async (app, { folders }) => {
  app.get(
    '/projects/:projectId/folders',
    {
      schema: { tags, summary: 'Every folder of the project, as a flat list with parent ids', params: projectParams, response: { 200: z.object({ items: z.array(folderSchema) }) } },
    },
    async (req) => ({ items: (await folders.list(req.actor, req.params.projectId)).map(presentFolder) }),
  );

  app.post(
    '/projects/:projectId/folders',
    {
      schema: { tags, summary: 'Create a folder (members); names are unique within their parent', params: projectParams, body: createFolderBodySchema, response: { 201: folderSchema } },
    },
    async (req, reply) => reply.status(201).send(presentFolder(await folders.create(req.actor, req.params.projectId, req.body))),
  );

  app.patch(
    '/folders/:folderId',
    {
      schema: { tags, summary: 'Rename a folder or move it (parentId null: the root)', params: folderParams, body: updateFolderBodySchema, response: { 200: folderSchema } },
    },
    async (req) => presentFolder(await folders.update(req.actor, req.params.folderId, req.body)),
  );

  app.delete(
    '/folders/:folderId',
    {
      schema: {
        tags,
        summary: 'Delete a folder and its subfolders; their files go to the trash',
        params: folderParams,
        response: { 200: z.object({ trashedFileIds: z.array(z.uuid()) }) },
      },
    },
    async (req) => folders.remove(req.actor, req.params.folderId),
  );
};
