import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import {
  catchUpSchema,
  joinChannelSchema,
  messagingLimits,
  presenceSetSchema,
  presenceWatchSchema,
  socketEditSchema,
  socketMessageRefSchema,
  socketReactSchema,
  socketReadSchema,
  socketSendSchema,
  socketTypingSchema,
  type ChatAck,
} from '../../../../common/studio-messaging.ts';
import { userRoom } from '../../../../common/realtime.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { PresenceChange, PresenceStore } from '../../../platform/presence/index.ts';
import { socketFailure } from '../../../platform/realtime/ack.ts';
import type { RealtimeNamespace, RealtimeSocket } from '../../../platform/realtime/types.ts';
import { directory } from '../../identity/directory.ts';
import type { StudioContext } from '../context.ts';
import type { ProjectsService } from '../projects.service.ts';
import { channelRoom, presenceRoom } from './rooms.ts';
import type { MessagingService } from './service.ts';

export interface MessagingSocketDependencies {
  messaging: MessagingService;
  projects: ProjectsService;
  presence: PresenceStore;
  db: StudioContext['db'];
  cache: StudioContext['cache'];
  log: FastifyBaseLogger;
  /** True once the app shuts down: sockets closing then are not people leaving, and Redis may be gone. */
  closing: () => boolean;
}

type Ack = (result: ChatAck) => void;
interface LooseSocket {
  on(event: string, listener: (payload: unknown, ack?: unknown) => void): void;
}

/**
 * Chat on the /messaging namespace: every event is parsed with its schema and goes through the
 * same service (and so the same policy checks) as HTTP; answers come back through the ack.
 */
export function registerMessagingSocket(nsp: RealtimeNamespace, deps: MessagingSocketDependencies): void {
  const { messaging, presence, log } = deps;

  const announce = (change: PresenceChange) => {
    if (change.before !== change.after) nsp.to(presenceRoom(change.userId)).emit('presence:changed', { userId: change.userId, status: change.after });
  };

  nsp.on('connection', (socket) => {
    const { actor } = socket.data;
    // Presence writes of one socket run in order, so a quick disconnect cannot overtake its connect.
    let presenceChain = Promise.resolve();
    const updatePresence = (write: () => Promise<PresenceChange>) => {
      presenceChain = presenceChain.then(async () => {
        if (deps.closing()) return;
        await write().then(
          (change) => {
            if (!deps.closing()) announce(change);
          },
          (err: unknown) => log.warn({ err }, 'presence update failed'),
        );
      });
    };
    updatePresence(() => presence.set(actor.userId, socket.id, 'online'));
    socket.on('disconnect', () => updatePresence(() => presence.remove(actor.userId, socket.id)));

    const handle = <S extends z.ZodType>(event: string, schema: S, run: (input: z.infer<S>) => Promise<object>) => {
      (socket as unknown as LooseSocket).on(event, (payload, ack) => {
        const reply = typeof ack === 'function' ? (ack as Ack) : () => undefined;
        Promise.resolve()
          .then(() => run(schema.parse(payload)))
          .then((result) => reply({ ok: true, ...result }), (err: unknown) => reply(socketFailure(err, log)));
      });
    };

    handle('chat:join', joinChannelSchema, async ({ channelId }) => {
      const channel = await messaging.getChannel(actor, channelId);
      await socket.join(channelRoom(channel.id));
      return { channel };
    });
    handle('chat:leave', joinChannelSchema, async ({ channelId }) => {
      await socket.leave(channelRoom(channelId));
      return {};
    });
    handle('chat:catch-up', catchUpSchema, ({ channelId, since }) => messaging.catchUp(actor, channelId, since));
    handle('chat:send', socketSendSchema, async ({ channelId, ...input }) => ({ message: (await messaging.send(actor, channelId, input)).message }));
    handle('chat:edit', socketEditSchema, async ({ messageId, body }) => ({ message: await messaging.edit(actor, messageId, body) }));
    handle('chat:delete', socketMessageRefSchema, async ({ messageId }) => ({ message: await messaging.remove(actor, messageId) }));
    handle('chat:react', socketReactSchema, async ({ messageId, emoji, on }) => ({ message: await messaging.react(actor, messageId, emoji, on) }));
    handle('chat:read', socketReadSchema, async ({ channelId, sequence }) => ({ sequence: await messaging.markRead(actor, channelId, sequence) }));

    handle('presence:set', presenceSetSchema, async ({ status }) => {
      updatePresence(() => presence.set(actor.userId, socket.id, status));
      return {};
    });
    handle('presence:watch', presenceWatchSchema, async ({ projectId }) => {
      const members = await deps.projects.listMembers(actor, projectId);
      const userIds = members.map((member) => member.user.id);
      await socket.join(userIds.map(presenceRoom));
      return { statuses: Object.fromEntries(await presence.statuses(userIds)) };
    });

    registerTyping(socket, deps);
  });
}

/**
 * When someone's organisation or project role changes, their sockets on this node re-check every
 * channel they joined and leave those they may no longer read. Every node hears the bus event
 * and handles its own sockets.
 */
export function revisitJoinedChannels(nsp: RealtimeNamespace, messaging: MessagingService) {
  return async (userId: string): Promise<void> => {
    const sockets = await nsp.local.in(userRoom(userId)).fetchSockets();
    for (const socket of sockets) {
      const channelIds = [...socket.rooms].filter((room) => room.startsWith('channel:')).map((room) => room.slice('channel:'.length));
      for (const channelId of channelIds) {
        const allowed = await messaging.getChannel(socket.data.actor, channelId).then(
          () => true,
          (err: unknown) => !(err instanceof AppError && err.status === 404),
        );
        if (!allowed) socket.leave(channelRoom(channelId));
      }
    }
  };
}

/**
 * Typing goes to the other sockets in the channel room the socket already joined (joining was
 * authorized), at most once per half typing interval per thread; clients expire it themselves.
 */
function registerTyping(socket: RealtimeSocket, deps: MessagingSocketDependencies): void {
  const { actor } = socket.data;
  const lastSent = new Map<string, number>();
  (socket as unknown as LooseSocket).on('chat:typing', (payload) => {
    const parsed = socketTypingSchema.safeParse(payload);
    if (!parsed.success) return;
    const { channelId, parentId } = parsed.data;
    const room = channelRoom(channelId);
    if (!socket.rooms.has(room)) return;
    const key = `${channelId}:${parentId ?? ''}`;
    const now = Date.now();
    if (now - (lastSent.get(key) ?? 0) < messagingLimits.typingIntervalMs / 2) return;
    lastSent.set(key, now);
    // Looked up each time (from the cache), so a renamed person's typing shows their new name.
    void directory.cachedUserSummaries(deps.db, deps.cache, [actor.userId]).then(
      (people) => socket.to(room).emit('chat:typing', { channelId, parentId, user: { id: actor.userId, displayName: people.get(actor.userId)?.displayName ?? 'Someone' } }),
      (err: unknown) => deps.log.warn({ err }, 'typing name lookup failed'),
    );
  });
}
