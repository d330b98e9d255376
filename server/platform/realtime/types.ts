import type { Namespace, Server, Socket } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents } from '../../../common/realtime.ts';
import type { Actor } from '../auth/actor.ts';

export interface SocketData {
  /** Set by the handshake middleware before any connection handler runs. */
  actor: Actor;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Decides whether an actor may join a room such as `org:<id>`; the identity module provides it. */
export type RoomAuthorizer = (actor: Actor, room: string) => Promise<boolean>;
