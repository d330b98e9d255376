import { notificationLimits, type NotificationKind, type NotificationPreferences } from '../../../../common/studio-notifications.ts';
import { userRoom } from '../../../../common/realtime.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { forbidden } from '../../../platform/http/errors.ts';
import { decodeCursor, pageOf } from '../../../platform/pagination/cursor.ts';
import { directory, type UserSummary } from '../../identity/directory.ts';
import type { StudioContext } from '../context.ts';
import {
  countUnread,
  findEmailDigestSetting,
  insertNotifications,
  listNotifications,
  markAllRead,
  markRead,
  saveEmailDigestSetting,
  type NotificationRow,
} from './notifications.repository.ts';

/** What another part of studio asks to tell someone. */
export interface NotificationInput {
  userId: string;
  orgId: string;
  projectId: string | null;
  kind: NotificationKind;
  title: string;
  body?: string;
  link?: string;
  /** Who caused it; they are never notified of their own action. Null when no person did (an alert). */
  actorId: string | null;
}

export interface NotificationView {
  notification: NotificationRow;
  actor: UserSummary | null;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Notifications belong to people: API keys neither read nor clear them. */
function ownerOf(actor: Actor): string {
  if (actor.type !== 'user') throw forbidden('Notifications belong to signed-in users, not API keys');
  return actor.userId;
}

export function notificationsService(ctx: StudioContext) {
  const { db } = ctx;
  const sockets = () => ctx.realtime.namespace('/');

  const pushUnread = async (userId: string) => {
    sockets().to(userRoom(userId)).emit('notification:read', { unread: await countUnread(db, userId) });
  };

  return {
    /**
     * Stores each notification (skipping the actor's own and repeats within the call), then pushes
     * it with the new unread count to the person's `user:<id>` room on the default namespace.
     */
    async notify(items: NotificationInput[]): Promise<void> {
      const seen = new Set<string>();
      const rows = items.flatMap((item) => {
        const key = `${item.userId}|${item.kind}|${item.link ?? ''}`;
        if (item.userId === item.actorId || seen.has(key)) return [];
        seen.add(key);
        return [
          {
            userId: item.userId,
            orgId: item.orgId,
            projectId: item.projectId,
            kind: item.kind,
            title: clip(item.title, notificationLimits.title.max),
            body: item.body === undefined ? null : clip(item.body, notificationLimits.body.max),
            link: item.link === undefined ? null : item.link.slice(0, notificationLimits.link.max),
            actorId: item.actorId,
          },
        ];
      });
      const stored = await insertNotifications(db, rows);
      const unreadByUser = new Map<string, number>();
      for (const userId of new Set(stored.map((row) => row.userId))) unreadByUser.set(userId, await countUnread(db, userId));
      for (const row of stored) {
        sockets()
          .to(userRoom(row.userId))
          .emit('notification', {
            id: row.id,
            kind: row.kind,
            title: row.title,
            ...(row.body === null ? {} : { body: row.body }),
            ...(row.link === null ? {} : { link: row.link }),
            createdAt: row.createdAt.toISOString(),
            unread: unreadByUser.get(row.userId) ?? 0,
          });
      }
    },

    async list(actor: Actor, query: { cursor?: string; limit: number; unread: boolean }) {
      const userId = ownerOf(actor);
      const rows = await listNotifications(db, { userId, unreadOnly: query.unread }, decodeCursor(query.cursor), query.limit);
      const page = pageOf(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
      const people = await directory.userSummaries(db, page.rows.flatMap((row) => (row.actorId ? [row.actorId] : [])));
      const items: NotificationView[] = page.rows.map((notification) => ({
        notification,
        actor: notification.actorId ? (people.get(notification.actorId) ?? null) : null,
      }));
      return { items, nextCursor: page.nextCursor };
    },

    async unreadCount(actor: Actor): Promise<number> {
      return countUnread(db, ownerOf(actor));
    },

    /** Marks some of the actor's notifications read; other tabs of theirs get the new count. */
    async markRead(actor: Actor, ids: string[]): Promise<number> {
      const userId = ownerOf(actor);
      await markRead(db, userId, ids);
      await pushUnread(userId);
      return countUnread(db, userId);
    },

    async markAllRead(actor: Actor): Promise<void> {
      const userId = ownerOf(actor);
      await markAllRead(db, userId);
      await pushUnread(userId);
    },

    async preferences(actor: Actor): Promise<NotificationPreferences> {
      return { emailDigest: (await findEmailDigestSetting(db, ownerOf(actor))) ?? true };
    },

    async updatePreferences(actor: Actor, preferences: NotificationPreferences): Promise<NotificationPreferences> {
      await saveEmailDigestSetting(db, ownerOf(actor), preferences.emailDigest);
      return preferences;
    },
  };
}

export type NotificationsService = ReturnType<typeof notificationsService>;
