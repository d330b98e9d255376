import { commentsService } from './comments/comments.service.ts';
import { integrationsService } from './comments/integrations.service.ts';
import { notificationsService } from './comments/notifications.service.ts';
import type { StudioContext } from './context.ts';
import { documentsService } from './documents/documents.service.ts';
import { createFilesArea } from './files/index.ts';
import { messagingService } from './messaging/service.ts';
import { projectAccess } from './project-access.ts';
import { projectsService } from './projects.service.ts';

/** The studio services, built once per app and handed to the route plugins and socket handlers. */
export function createStudioServices(ctx: StudioContext) {
  const access = projectAccess(ctx);
  const notifications = notificationsService(ctx);
  const integrations = integrationsService(ctx, access);
  const { files, folders, uploads } = createFilesArea(ctx, access, integrations);
  return {
    access,
    projects: projectsService(ctx, access, files),
    documents: documentsService(ctx, access, integrations),
    notifications,
    integrations,
    files,
    folders,
    uploads,
    comments: commentsService(ctx, { access, notifications, integrations, files }),
    messaging: messagingService(ctx, { access, notifications, integrations, describeAttachments: (actor, projectId, fileIds) => files.describeAttachments(actor, projectId, fileIds) }),
  };
}

export type StudioServices = ReturnType<typeof createStudioServices>;
