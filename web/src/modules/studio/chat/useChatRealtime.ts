import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { messagingLimits, type Channel, type Message, type PresenceStatus, type TypingPayload } from '../../../../../common/studio-messaging.ts';
import type { AppSocket } from '../../../lib/socket.ts';
import { chatApi, chatKeys } from './api.ts';

const IDLE_AFTER_MS = 5 * 60_000;

/** Who is typing where: `channelId:parentId` to the people and when their indicator expires. */
export type TypingMap = Record<string, { user: TypingPayload['user']; expiresAt: number }[]>;
export const typingKey = (channelId: string, parentId: string | null) => `${channelId}:${parentId ?? ''}`;

/**
 * The live side of a project's chat: the channel list with unread counts kept current by socket
 * events, people's presence, who is typing, and this tab's own presence (away when hidden or idle).
 */
export function useChatRealtime(socket: AppSocket, projectId: string, meId: string, activeChannelId: string | null) {
  const queryClient = useQueryClient();
  const channels = useQuery({ queryKey: chatKeys.channels(projectId), queryFn: () => chatApi.channels(projectId) });
  const [presence, setPresence] = useState<Record<string, PresenceStatus>>({});
  const [typing, setTyping] = useState<TypingMap>({});

  const channelIds = (channels.data ?? []).map((channel) => channel.id).join(',');

  // Joining every channel of the list keeps their unread counts live.
  useEffect(() => {
    if (!channelIds) return;
    const join = () => {
      for (const channelId of channelIds.split(',')) void socket.emitWithAck('chat:join', { channelId });
    };
    if (socket.connected) join();
    // A reconnect may have missed messages anywhere: the list's counts come from the server again.
    const rejoin = () => {
      join();
      void queryClient.invalidateQueries({ queryKey: chatKeys.channels(projectId) });
    };
    socket.on('connect', rejoin);
    return () => {
      socket.off('connect', rejoin);
    };
  }, [socket, channelIds, projectId, queryClient]);

  useEffect(() => {
    const update = (change: (list: Channel[]) => Channel[]) =>
      queryClient.setQueryData<Channel[]>(chatKeys.channels(projectId), (list) => (list ? change(list) : list));
    const onMessage = (message: Message) => {
      update((list) =>
        list.map((channel) => {
          if (channel.id !== message.channelId) return channel;
          const fromOther = message.author?.id !== meId;
          const unseen = fromOther && message.channelId !== activeChannelId;
          return {
            ...channel,
            lastSequence: Math.max(channel.lastSequence, message.sequence),
            lastMessageAt: message.createdAt,
            unreadCount: channel.unreadCount + (unseen ? 1 : 0),
            mentionCount: channel.mentionCount + (unseen && message.mentions.includes(meId) ? 1 : 0),
          };
        }),
      );
    };
    const onRead = ({ channelId, sequence }: { channelId: string; sequence: number }) =>
      update((list) =>
        list.map((channel) =>
          channel.id === channelId && sequence >= channel.lastReadSequence
            ? { ...channel, lastReadSequence: sequence, unreadCount: sequence >= channel.lastSequence ? 0 : channel.unreadCount, mentionCount: sequence >= channel.lastSequence ? 0 : channel.mentionCount }
            : channel,
        ),
      );
    const onCreated = (channel: Channel) => {
      if (channel.projectId !== projectId) return;
      update((list) => (list.some((c) => c.id === channel.id) ? list : [...list, channel]));
      void socket.emitWithAck('chat:join', { channelId: channel.id });
    };
    const onTyping = (payload: TypingPayload) => {
      const key = typingKey(payload.channelId, payload.parentId);
      const expiresAt = Date.now() + messagingLimits.typingExpiresMs;
      setTyping((current) => ({ ...current, [key]: [...(current[key] ?? []).filter((t) => t.user.id !== payload.user.id), { user: payload.user, expiresAt }] }));
    };
    const onTypingStops = (message: Message) => {
      if (!message.author) return;
      const key = typingKey(message.channelId, message.parentId);
      setTyping((current) => (current[key] ? { ...current, [key]: current[key].filter((t) => t.user.id !== message.author?.id) } : current));
    };
    const onPresence = ({ userId, status }: { userId: string; status: PresenceStatus }) => setPresence((current) => ({ ...current, [userId]: status }));
    const watch = () => {
      void socket.emitWithAck('presence:watch', { projectId }).then((result) => {
        if (result.ok) setPresence(result.statuses);
      });
    };
    if (socket.connected) watch();
    socket.on('connect', watch);
    socket.on('chat:message', onMessage);
    socket.on('chat:message', onTypingStops);
    socket.on('chat:read', onRead);
    socket.on('chat:channel-created', onCreated);
    socket.on('chat:typing', onTyping);
    socket.on('presence:changed', onPresence);
    const sweep = setInterval(() => {
      const now = Date.now();
      setTyping((current) => {
        const entries = Object.entries(current).map(([key, list]) => [key, list.filter((t) => t.expiresAt > now)] as const);
        return entries.some(([key, list]) => list.length !== current[key]!.length) ? Object.fromEntries(entries) : current;
      });
    }, 1000);
    return () => {
      clearInterval(sweep);
      socket.off('connect', watch);
      socket.off('chat:message', onMessage);
      socket.off('chat:message', onTypingStops);
      socket.off('chat:read', onRead);
      socket.off('chat:channel-created', onCreated);
      socket.off('chat:typing', onTyping);
      socket.off('presence:changed', onPresence);
    };
  }, [socket, projectId, meId, activeChannelId, queryClient]);

  useOwnPresence(socket);
  return { channels, presence, typing };
}

/** Online while the tab is visible and used; away when hidden or idle for five minutes. */
function useOwnPresence(socket: AppSocket): void {
  useEffect(() => {
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    let status: 'online' | 'away' = 'online';
    const report = (next: 'online' | 'away') => {
      if (next === status) return;
      status = next;
      socket.emit('presence:set', { status });
    };
    const active = () => {
      clearTimeout(idleTimer);
      if (document.visibilityState === 'visible') report('online');
      idleTimer = setTimeout(() => report('away'), IDLE_AFTER_MS);
    };
    const visibility = () => (document.visibilityState === 'visible' ? active() : report('away'));
    const resend = () => {
      if (status === 'away') socket.emit('presence:set', { status });
    };
    active();
    const events = ['pointerdown', 'keydown', 'focus'] as const;
    for (const event of events) window.addEventListener(event, active, { passive: true });
    document.addEventListener('visibilitychange', visibility);
    socket.on('connect', resend);
    return () => {
      clearTimeout(idleTimer);
      for (const event of events) window.removeEventListener(event, active);
      document.removeEventListener('visibilitychange', visibility);
      socket.off('connect', resend);
    };
  }, [socket]);
}
