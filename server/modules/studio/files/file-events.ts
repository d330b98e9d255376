import type { Actor } from '../../../platform/auth/actor.ts';
import type { ProjectEventDelivery } from '../comments/integrations.service.ts';
import type { StudioContext } from '../context.ts';
import type { FileRow, FileVersionRow } from './files.repository.ts';
import type { UploadRow } from './uploads.repository.ts';

export const PREVIEWS_QUEUE = 'studio.files.previews';

/** What the previews job receives; `notifyUserId` gets its progress over the socket. */
export interface PreviewJobData {
  versionId: string;
  notifyUserId?: string;
}

const filesLink = (projectId: string, fileId: string) => `/projects/${projectId}/files?file=${fileId}`;

/** Everything that follows a file change: bus events for other modules, the project's integrations, preview jobs. */
export function fileEvents(ctx: StudioContext, integrations: ProjectEventDelivery) {
  const { bus, jobs } = ctx;
  return {
    async uploaded(actor: Actor, upload: UploadRow, fileId: string, version: FileVersionRow): Promise<void> {
      await jobs.send<PreviewJobData>(PREVIEWS_QUEUE, { versionId: version.id, notifyUserId: actor.userId }, { retryLimit: 2 });
      await bus.publish('file.uploaded', {
        orgId: upload.orgId,
        projectId: upload.projectId,
        actorId: actor.userId,
        fileId,
        versionId: version.id,
        versionNumber: version.number,
        name: upload.name,
        mimeType: version.mimeType,
        sizeBytes: version.sizeBytes,
      });
      await integrations.deliver(upload.projectId, {
        type: 'file.uploaded',
        actorId: actor.userId,
        summary: version.number > 1 ? `uploaded version ${version.number} of ${upload.name}` : `uploaded ${upload.name}`,
        link: filesLink(upload.projectId, fileId),
        data: { fileId, versionId: version.id, versionNumber: version.number, name: upload.name, mimeType: version.mimeType, sizeBytes: version.sizeBytes },
      });
    },

    async deleted(actor: Actor, file: FileRow): Promise<void> {
      await bus.publish('file.deleted', { orgId: file.orgId, projectId: file.projectId, actorId: actor.userId, fileId: file.id });
      await integrations.deliver(file.projectId, {
        type: 'file.deleted',
        actorId: actor.userId,
        summary: `moved ${file.name} to the trash`,
        link: `/projects/${file.projectId}/files?view=trash`,
        data: { fileId: file.id, name: file.name },
      });
    },

    async restored(actor: Actor, file: FileRow): Promise<void> {
      await bus.publish('file.restored', { orgId: file.orgId, projectId: file.projectId, actorId: actor.userId, fileId: file.id });
    },

    async downloaded(actor: Actor, file: FileRow, versionId: string): Promise<void> {
      await bus.publish('file.downloaded', { orgId: file.orgId, projectId: file.projectId, actorId: actor.userId, fileId: file.id, versionId });
    },

    async purged(actor: Actor | null, file: FileRow): Promise<void> {
      await bus.publish('file.purged', { orgId: file.orgId, projectId: file.projectId, fileId: file.id, actorId: actor?.userId ?? null });
    },
  };
}

export type FileEvents = ReturnType<typeof fileEvents>;
