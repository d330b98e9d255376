import type { Notification } from '../../../../common/studio-notifications.ts';
import type { NotificationView } from './notifications.service.ts';

export function presentNotification({ notification, actor }: NotificationView): Notification {
  return {
    id: notification.id,
    kind: notification.kind,
    orgId: notification.orgId,
    projectId: notification.projectId,
    title: notification.title,
    body: notification.body,
    link: notification.link,
    actor,
    readAt: notification.readAt?.toISOString() ?? null,
    createdAt: notification.createdAt.toISOString(),
  };
}
