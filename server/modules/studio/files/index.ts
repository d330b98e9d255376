import type { FastifyInstance } from 'fastify';
import type { ProjectEventDelivery } from '../comments/integrations.service.ts';
import type { StudioContext } from '../context.ts';
import type { ProjectAccess } from '../project-access.ts';
import { fileEvents, PREVIEWS_QUEUE, type PreviewJobData } from './file-events.ts';
import { fileRoutes } from './files.routes.ts';
import { filesService, type FilesService } from './files.service.ts';
import { folderRoutes } from './folders.routes.ts';
import { foldersService, type FoldersService } from './folders.service.ts';
import { previewsJob } from './previews.job.ts';
import { uploadRoutes } from './uploads.routes.ts';
import { uploadsService, type UploadsService } from './uploads.service.ts';

export const PURGE_TRASH_QUEUE = 'studio.files.purge-trash';
export const EXPIRE_UPLOADS_QUEUE = 'studio.files.expire-uploads';

export interface FilesArea {
  files: FilesService;
  folders: FoldersService;
  uploads: UploadsService;
}

/** The files area's services, sharing one event publisher. */
export function createFilesArea(ctx: StudioContext, access: ProjectAccess, integrations: ProjectEventDelivery): FilesArea {
  const events = fileEvents(ctx, integrations);
  return {
    files: filesService(ctx, access, events),
    folders: foldersService(ctx, access, events),
    uploads: uploadsService(ctx, access, events),
  };
}

/** Files: HTTP routes inside the authenticated plugin, the previews worker and the hourly clean-ups. */
export async function registerFiles(app: FastifyInstance, authenticated: FastifyInstance, area: FilesArea): Promise<void> {
  await authenticated.register(uploadRoutes, { uploads: area.uploads, files: area.files });
  await authenticated.register(fileRoutes, { files: area.files });
  await authenticated.register(folderRoutes, { folders: area.folders });

  await app.jobs.work<PreviewJobData>(PREVIEWS_QUEUE, previewsJob(app), { concurrency: 2 });
  await app.jobs.work(PURGE_TRASH_QUEUE, async () => ({ purged: await area.files.purgeExpiredTrash() }));
  await app.jobs.work(EXPIRE_UPLOADS_QUEUE, async () => ({ expired: await area.uploads.expireUploads() }));
  await app.jobs.schedule(PURGE_TRASH_QUEUE, '17 * * * *');
  await app.jobs.schedule(EXPIRE_UPLOADS_QUEUE, '47 * * * *');
}
