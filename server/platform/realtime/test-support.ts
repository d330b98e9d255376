import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../common/realtime.ts';
import type { SocketAck } from '../../../common/socket-ack.ts';

export type TestClient = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

/** A user row and an access token for it, without going through the identity module's routes. */
export async function createSignedInUser(app: FastifyInstance): Promise<{ userId: string; token: string }> {
  const { rows } = await app.database.sql.query<{ id: string }>(
    'insert into users (email, display_name) values ($1, $2) returning id',
    [`rt-${randomUUID()}@example.test`, 'Realtime Tester'],
  );
  const [user] = rows;
  if (!user) throw new Error('user insert returned no row');
  const token = await app.auth.tokens.sign({ userId: user.id, sessionId: randomUUID() });
  return { userId: user.id, token };
}

export async function listenOnFreePort(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Connects over WebSocket only: nodes behind a load balancer without sticky sessions cannot share polling. */
export function openClient(baseUrl: string, token: string | undefined, namespace = '/'): TestClient {
  return connect(`${baseUrl}${namespace === '/' ? '' : namespace}`, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: token === undefined ? {} : { token },
  });
}

/** Resolves once connected, or rejects with the server's refusal message. */
export function connected(client: TestClient): Promise<void> {
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('connect_error', reject);
  });
}

/** Resolves with the refusal message; rejects if the server lets the client in. */
export function refusal(client: TestClient): Promise<string> {
  return new Promise((resolve, reject) => {
    client.once('connect', () => reject(new Error('the server accepted the connection')));
    client.once('connect_error', (err) => resolve(err.message));
  });
}

export function nextEvent<E extends keyof ServerToClientEvents>(
  client: TestClient,
  event: E,
  timeoutMs = 5_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} event within ${timeoutMs} ms`)), timeoutMs);
    const listener = ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(payload);
    }) as never;
    client.once(event, listener);
  });
}

/**
 * Connecting for a test file: `connect(baseUrl, token)` opens an authenticated client on
 * `namespace` and waits until it is in; every client is disconnected after each test.
 */
export function namespaceClients(namespace: string) {
  const clients: TestClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });
  return async (baseUrl: string, token: string): Promise<TestClient> => {
    const client = openClient(baseUrl, token, namespace);
    clients.push(client);
    await connected(client);
    return client;
  };
}

/** The answer of a socket request that must have succeeded; a failure throws its code and message. */
export function ok<T extends object>(result: SocketAck<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result;
}
