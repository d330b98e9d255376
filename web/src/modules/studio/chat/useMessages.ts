import { useCallback, useEffect, useRef, useState } from 'react';
import type { Message } from '../../../../../common/studio-messaging.ts';
import type { AppSocket } from '../../../lib/socket.ts';
import { chatApi } from './api.ts';

/** A message as shown: sent ones come from the server; `pending` and `failed` are the sender's own copies. */
export type ShownMessage = Message & { status?: 'pending' | 'failed' };

export interface MessageFeed {
  messages: ShownMessage[];
  loading: boolean;
  error: unknown;
  hasOlder: boolean;
  loadingOlder: boolean;
  loadOlder: () => void;
  /** Adds the sender's optimistic copy; `settle` replaces it with the stored message or marks it failed. */
  addPending: (message: ShownMessage) => void;
  settle: (clientId: string, stored: Message | null) => void;
}

const PAGE = 50;

function belongs(message: Message, channelId: string, parentId: string | null): boolean {
  return message.channelId === channelId && message.parentId === parentId;
}

/** Newer changes win; the list stays in sequence order. */
function upsert(list: ShownMessage[], incoming: Message[]): ShownMessage[] {
  const next = [...list];
  for (const message of incoming) {
    const at = next.findIndex((m) => m.id === message.id || (message.clientId !== null && m.clientId === message.clientId && m.status !== undefined));
    if (at === -1) next.push(message);
    else if (next[at]!.status !== undefined || next[at]!.changeSequence <= message.changeSequence) next[at] = message;
  }
  return next.sort((a, b) => (a.status === 'pending' ? 1 : 0) - (b.status === 'pending' ? 1 : 0) || a.sequence - b.sequence);
}

/**
 * The messages of a channel (or of one thread when `parentId` is set): the newest page over
 * HTTP, live messages and changes from the socket, older pages on demand, and after a
 * reconnect everything changed since the highest change sequence seen.
 */
export function useMessages(socket: AppSocket, channelId: string, parentId: string | null = null): MessageFeed {
  const [messages, setMessages] = useState<ShownMessage[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const lastChange = useRef(0);
  const list = useRef<ShownMessage[]>([]);

  const apply = useCallback(
    (incoming: Message[]) => {
      const relevant = incoming.filter((message) => belongs(message, channelId, parentId));
      for (const message of incoming) if (message.channelId === channelId) lastChange.current = Math.max(lastChange.current, message.changeSequence);
      if (relevant.length === 0) return;
      list.current = upsert(list.current, relevant);
      setMessages(list.current);
    },
    [channelId, parentId],
  );

  useEffect(() => {
    let cancelled = false;
    // Joining and catching up after the first page closes the gap between the HTTP read and the join.
    const sync = () => {
      void socket.emitWithAck('chat:join', { channelId }).then(async (joined) => {
        if (!joined.ok || cancelled) return;
        const result = await socket.emitWithAck('chat:catch-up', { channelId, since: lastChange.current });
        if (result.ok) apply(result.messages);
      });
    };
    let loaded = false;
    chatApi.history(channelId, { parentId, limit: PAGE }).then(
      (page) => {
        if (cancelled) return;
        apply(page.items);
        setHasOlder(page.hasMore);
        setLoading(false);
        loaded = true;
        if (socket.connected) sync();
      },
      (err: unknown) => {
        if (cancelled) return;
        setError(err);
        setLoading(false);
      },
    );

    const onMessage = (message: Message) => apply([message]);
    const onConnect = () => {
      if (loaded) sync();
    };
    socket.on('chat:message', onMessage);
    socket.on('chat:message-changed', onMessage);
    socket.on('connect', onConnect);
    return () => {
      cancelled = true;
      socket.off('chat:message', onMessage);
      socket.off('chat:message-changed', onMessage);
      socket.off('connect', onConnect);
    };
  }, [socket, channelId, parentId, apply]);

  const loadOlder = useCallback(() => {
    const first = list.current.find((message) => message.status === undefined && message.id !== parentId);
    if (!first || loadingOlder) return;
    setLoadingOlder(true);
    chatApi
      .history(channelId, { parentId, before: first.sequence, limit: PAGE })
      .then((page) => {
        apply(page.items);
        setHasOlder(page.hasMore);
      })
      .catch(setError)
      .finally(() => setLoadingOlder(false));
  }, [apply, channelId, parentId, loadingOlder]);

  const addPending = useCallback((message: ShownMessage) => {
    list.current = upsert(list.current, []).concat(message);
    setMessages(list.current);
  }, []);

  const settle = useCallback((clientId: string, stored: Message | null) => {
    if (stored) {
      list.current = upsert(list.current, [stored]);
    } else {
      list.current = list.current.map((message) => (message.clientId === clientId && message.status === 'pending' ? { ...message, status: 'failed' as const } : message));
    }
    setMessages(list.current);
  }, []);

  return { messages, loading, error, hasOlder, loadingOlder, loadOlder, addPending, settle };
}
