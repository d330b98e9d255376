import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { orgRoom, REALTIME_UNAUTHENTICATED, userRoom, type RoomJoinResult } from '../../../common/realtime.ts';
import type { Auth } from '../auth/plugin.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { RealtimeNamespace, RealtimeServer, RealtimeSocket, RoomAuthorizer } from './types.ts';

const orgRequest = z.object({ orgId: z.uuid() });

export interface GatewayDependencies {
  io: RealtimeServer;
  auth: Auth;
  metrics: Metrics;
  logger: FastifyBaseLogger;
  /** Read on every join, so the authorizer may be registered after namespaces are created. */
  authorizeRoom: RoomAuthorizer;
}

/**
 * Returns the namespace with the platform's handshake authentication, connection gauge and
 * user/org rooms applied once, however many times a module asks for it.
 */
export function createNamespaceFactory(deps: GatewayDependencies): (name: string) => RealtimeNamespace {
  const prepared = new Map<string, RealtimeNamespace>();
  return (name) => {
    const existing = prepared.get(name);
    if (existing) return existing;
    const nsp = deps.io.of(name);
    prepare(nsp, deps);
    prepared.set(name, nsp);
    return nsp;
  };
}

function prepare(nsp: RealtimeNamespace, deps: GatewayDependencies): void {
  nsp.use((socket, next) => {
    authenticate(socket, deps.auth).then(
      () => next(),
      (err: unknown) => {
        deps.logger.debug({ err, namespace: nsp.name }, 'realtime handshake refused');
        next(new Error(REALTIME_UNAUTHENTICATED));
      },
    );
  });
  nsp.on('connection', (socket) => {
    const gauge = deps.metrics.websocketConnections.labels({ namespace: nsp.name });
    gauge.inc();
    socket.once('disconnect', () => gauge.dec());
    void socket.join(userRoom(socket.data.actor.userId));
    socket.on('org:join', (payload, ack) => {
      void joinOrg(socket, payload, deps.authorizeRoom).then((result) => respond(ack, result));
    });
    socket.on('org:leave', (payload, ack) => {
      const parsed = orgRequest.safeParse(payload);
      if (!parsed.success) {
        respond(ack, invalid());
        return;
      }
      void socket.leave(orgRoom(parsed.data.orgId));
      respond(ack, { ok: true, room: orgRoom(parsed.data.orgId) });
    });
  });
}

async function authenticate(socket: RealtimeSocket, auth: Auth): Promise<void> {
  const token: unknown = socket.handshake.auth.token;
  if (typeof token !== 'string' || !token) throw new Error('no credential');
  const actor = await auth.resolve(token);
  if (!actor) throw new Error('credential not valid');
  socket.data.actor = actor;
}

async function joinOrg(socket: RealtimeSocket, payload: unknown, authorizeRoom: RoomAuthorizer): Promise<RoomJoinResult> {
  const parsed = orgRequest.safeParse(payload);
  if (!parsed.success) return invalid();
  const room = orgRoom(parsed.data.orgId);
  const allowed = await authorizeRoom(socket.data.actor, room).catch(() => false);
  if (!allowed) return { ok: false, error: { code: 'forbidden', message: 'You are not a member of this organisation' } };
  await socket.join(room);
  return { ok: true, room };
}

function invalid(): RoomJoinResult {
  return { ok: false, error: { code: 'invalid_request', message: 'Send { orgId } with an organisation id' } };
}

/** Clients may emit without an ack; answering them must not throw. */
function respond(ack: unknown, result: RoomJoinResult): void {
  if (typeof ack === 'function') (ack as (answer: RoomJoinResult) => void)(result);
}
