/**
 * Typed Socket.IO connections to the server's namespaces, one per namespace per tab, shared by
 * every component that needs it. The handshake carries the in-memory access token; when the
 * server refuses it as expired, the session is refreshed once and the connection retried.
 */
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import { REALTIME_UNAUTHENTICATED, type ClientToServerEvents, type ServerToClientEvents } from '../../../common/realtime.ts';
import { onSessionChange, refreshSession } from './api.ts';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Shared {
  socket: AppSocket;
  users: number;
}

let accessToken: string | null = null;
const shared = new Map<string, Shared>();

onSessionChange((session) => {
  accessToken = session?.accessToken ?? null;
  if (!session) {
    for (const entry of shared.values()) {
      entry.socket.disconnect();
      entry.users = 0;
    }
  }
});

/** The current access token; a page loaded before this module heard of the session refreshes it. */
async function currentToken(): Promise<string> {
  if (accessToken) return accessToken;
  const session = await refreshSession();
  return session?.accessToken ?? '';
}

function open(name: string): AppSocket {
  const socket: AppSocket = io(name, {
    path: '/socket.io',
    autoConnect: false,
    // Polling needs sticky sessions across nodes; every supported browser speaks WebSocket.
    transports: ['websocket'],
    auth: (send) => {
      void currentToken().then((token) => {
        send({ token });
      });
    },
  });
  let refreshedAfterRefusal = false;
  socket.on('connect', () => {
    refreshedAfterRefusal = false;
  });
  socket.on('connect_error', (err) => {
    // A refused handshake is not retried by the client; a stale token gets one refresh and one retry.
    if (err.message !== REALTIME_UNAUTHENTICATED || refreshedAfterRefusal) return;
    refreshedAfterRefusal = true;
    accessToken = null;
    void refreshSession().then((session) => {
      if (session) socket.connect();
    });
  });
  return socket;
}

/** The tab's one socket for a namespace, created (not connected) on first ask. */
export function namespaceSocket(name: string): AppSocket {
  let entry = shared.get(name);
  if (!entry) {
    entry = { socket: open(name), users: 0 };
    shared.set(name, entry);
  }
  return entry.socket;
}

/**
 * The shared connection to a namespace (`/messaging`, `/`), connected on first use. Pair it
 * with `releaseNamespace` — or use `useNamespace`, which does both.
 */
export function connectNamespace(name: string): AppSocket {
  const socket = namespaceSocket(name);
  const entry = shared.get(name)!;
  entry.users += 1;
  if (socket.disconnected) socket.connect();
  return socket;
}

/** Drops one user of the namespace's connection; the last one disconnects it. */
export function releaseNamespace(name: string): void {
  const entry = shared.get(name);
  if (!entry || entry.users === 0) return;
  entry.users -= 1;
  if (entry.users === 0) entry.socket.disconnect();
}

/** The namespace's connection, kept connected while the component is mounted. */
export function useNamespace(name: string): AppSocket {
  const socket = namespaceSocket(name);
  useEffect(() => {
    connectNamespace(name);
    return () => {
      releaseNamespace(name);
    };
  }, [name]);
  return socket;
}

/** Whether the socket is connected right now, re-rendering on connect and disconnect. */
export function useSocketConnected(socket: AppSocket): boolean {
  const subscribe = useCallback(
    (notify: () => void) => {
      socket.on('connect', notify);
      socket.on('disconnect', notify);
      return () => {
        socket.off('connect', notify);
        socket.off('disconnect', notify);
      };
    },
    [socket],
  );
  return useSyncExternalStore(subscribe, () => socket.connected);
}
