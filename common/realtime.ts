/**
 * Socket.IO event maps shared by the server and the web app. Modules add their events here,
 * so an emit on the server and a listener in the browser are checked against one type.
 * Rooms are named by entity: `user:<id>`, `org:<id>`, `project:<id>`, `doc:<id>`.
 */
import type { IngestResult, LiveBatch, LivePoint, LiveSubscribe } from './dashboards-streams.ts';
import type { SocketAck } from './socket-ack.ts';
import type { CommentEventPayload } from './studio-comments.ts';
import type { CatchUpResult, Channel, ChatAck, Message, PresencePayload, PresenceStatus, ReadPayload, TypingPayload } from './studio-messaging.ts';

export interface NotificationPayload {
  id: string;
  kind: string;
  title: string;
  body?: string;
  link?: string;
  createdAt: string;
  /** The recipient's unread count including this one, for the badge. */
  unread?: number;
}

/** The recipient's unread count after they read notifications (in another tab, say). */
export interface NotificationsReadPayload {
  unread: number;
}

export interface JobProgressPayload {
  queue: string;
  jobId: string;
  /** 0..100 */
  percent: number;
}

export interface MembershipChangedPayload {
  orgId: string;
  userId: string;
  /** The new role, or null when the membership ended. */
  role: string | null;
}

/** Answer to a room join: `ok: false` carries a stable code (`forbidden`, `invalid_request`). */
export type RoomJoinResult = { ok: true; room: string } | { ok: false; error: { code: string; message: string } };

export interface ServerToClientEvents {
  notification: (payload: NotificationPayload) => void;
  'notification:read': (payload: NotificationsReadPayload) => void;
  // studio comments, to the `project:<id>` room on the default namespace (join with `project:watch`)
  'comment:created': (payload: CommentEventPayload) => void;
  'comment:updated': (payload: CommentEventPayload) => void;
  'comment:deleted': (payload: CommentEventPayload) => void;
  'job:progress': (payload: JobProgressPayload) => void;
  'membership:changed': (payload: MembershipChangedPayload) => void;
  // studio messaging (/messaging): rooms `channel:<id>` and `presence:<userId>`
  'chat:message': (message: Message) => void;
  'chat:message-changed': (message: Message) => void;
  'chat:typing': (payload: TypingPayload) => void;
  /** To the reader's own tabs, so every tab clears the same unread badge. */
  'chat:read': (payload: ReadPayload) => void;
  /** To the other person of a new direct conversation. */
  'chat:channel-created': (channel: Channel) => void;
  'presence:changed': (payload: PresencePayload) => void;
  // dashboards (/streams): each subscriber's points, batched every LIVE_BATCH_MS
  'stream:points': (batch: LiveBatch) => void;
}

export interface ClientToServerEvents {
  'org:join': (payload: { orgId: string }, ack: (result: RoomJoinResult) => void) => void;
  'org:leave': (payload: { orgId: string }, ack: (result: RoomJoinResult) => void) => void;
  /** Joins `project:<id>` on the default namespace (readers of the project only) for its comment events. */
  'project:watch': (payload: { projectId: string }, ack: (result: RoomJoinResult) => void) => void;
  'project:unwatch': (payload: { projectId: string }, ack?: (result: RoomJoinResult) => void) => void;
  // studio messaging (/messaging); payload schemas in common/studio-messaging.ts
  'chat:join': (payload: { channelId: string }, ack: (result: ChatAck<{ channel: Channel }>) => void) => void;
  'chat:leave': (payload: { channelId: string }, ack?: (result: ChatAck) => void) => void;
  'chat:catch-up': (payload: { channelId: string; since: number }, ack: (result: ChatAck<CatchUpResult>) => void) => void;
  'chat:send': (
    payload: { channelId: string; clientId: string; body: string; parentId?: string; attachmentIds?: string[] },
    ack: (result: ChatAck<{ message: Message }>) => void,
  ) => void;
  'chat:edit': (payload: { messageId: string; body: string }, ack: (result: ChatAck<{ message: Message }>) => void) => void;
  'chat:delete': (payload: { messageId: string }, ack: (result: ChatAck<{ message: Message }>) => void) => void;
  'chat:react': (payload: { messageId: string; emoji: string; on: boolean }, ack: (result: ChatAck<{ message: Message }>) => void) => void;
  'chat:typing': (payload: { channelId: string; parentId?: string | null }) => void;
  'chat:read': (payload: { channelId: string; sequence: number }, ack?: (result: ChatAck<{ sequence: number }>) => void) => void;
  'presence:set': (payload: { status: 'online' | 'away' }) => void;
  /** Subscribes to the presence of the project's people; answers with their statuses now. */
  'presence:watch': (payload: { projectId: string }, ack: (result: ChatAck<{ statuses: Record<string, PresenceStatus> }>) => void) => void;
  // dashboards (/streams); payload schema in common/dashboards-streams.ts
  'stream:subscribe': (payload: LiveSubscribe, ack: (result: SocketAck<{ subscriptionId: string; missed: LivePoint[] }>) => void) => void;
  'stream:unsubscribe': (payload: { subscriptionId: string }, ack?: (result: SocketAck) => void) => void;
  /** Up to 10,000 points into one stream; answered like POST /streams/:id/points. */
  'stream:write': (payload: { streamId: string; points: unknown[] }, ack: (result: SocketAck<IngestResult>) => void) => void;
}

export type InterServerEvents = Record<string, never>;

/** The reason a handshake is refused (`connect_error` message on the client). */
export const REALTIME_UNAUTHENTICATED = 'unauthenticated';

export const userRoom = (userId: string) => `user:${userId}`;
export const orgRoom = (orgId: string) => `org:${orgId}`;
export const projectRoom = (projectId: string) => `project:${projectId}`;
