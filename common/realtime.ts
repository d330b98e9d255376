/**
 * Socket.IO event maps shared by the server and the web app. Modules add their events here,
 * so an emit on the server and a listener in the browser are checked against one type.
 * Rooms are named by entity: `user:<id>`, `org:<id>`, `project:<id>`, `doc:<id>`.
 */

export interface NotificationPayload {
  id: string;
  kind: string;
  title: string;
  body?: string;
  link?: string;
  createdAt: string;
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
  'job:progress': (payload: JobProgressPayload) => void;
  'membership:changed': (payload: MembershipChangedPayload) => void;
}

export interface ClientToServerEvents {
  'org:join': (payload: { orgId: string }, ack: (result: RoomJoinResult) => void) => void;
  'org:leave': (payload: { orgId: string }, ack: (result: RoomJoinResult) => void) => void;
}

export type InterServerEvents = Record<string, never>;

/** The reason a handshake is refused (`connect_error` message on the client). */
export const REALTIME_UNAUTHENTICATED = 'unauthenticated';

export const userRoom = (userId: string) => `user:${userId}`;
export const orgRoom = (orgId: string) => `org:${orgId}`;
