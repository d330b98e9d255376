import { useCallback, useRef } from 'react';
import type { ChatAck, Message, MessageAttachment, PresenceStatus } from '../../../../../common/studio-messaging.ts';
import { messagingLimits } from '../../../../../common/studio-messaging.ts';
type UserSummary = NonNullable<Message['author']>;
import type { AppSocket } from '../../../lib/socket.ts';
import { useToast } from '../../../lib/ui/index.ts';
import { Composer, type MentionCandidate } from './Composer.tsx';
import { MessageList } from './MessageList.tsx';
import { typingKey, type TypingMap } from './useChatRealtime.ts';
import { useMessages, type ShownMessage } from './useMessages.ts';

export interface ConversationProps {
  socket: AppSocket;
  projectId: string;
  channelId: string;
  /** A thread: its replies, and new messages go into it. */
  parentId?: string | null;
  me: UserSummary;
  people: MentionCandidate[];
  presence: Record<string, PresenceStatus>;
  typing: TypingMap;
  canContribute: boolean;
  canModerate: boolean;
  placeholder: string;
  empty: string;
  label: string;
  onOpenThread?: (message: Message) => void;
}

function TypingIndicator({ names }: { names: string[] }) {
  const text =
    names.length === 0 ? '' : names.length === 1 ? `${names[0]} is typing…` : names.length === 2 ? `${names[0]} and ${names[1]} are typing…` : 'Several people are typing…';
  return (
    <p aria-live="polite" data-testid="typing-indicator" className="h-5 truncate px-4 text-xs text-muted">
      {text}
    </p>
  );
}

/** A message list with its composer: the channel's top-level messages, or one thread's replies. */
export function Conversation({ socket, projectId, channelId, parentId = null, me, people, presence, typing, canContribute, canModerate, placeholder, empty, label, onOpenThread }: ConversationProps) {
  const feed = useMessages(socket, channelId, parentId);
  const toast = useToast();
  const lastTyping = useRef(0);

  const deliver = useCallback(
    (clientId: string, body: string, attachments: MessageAttachment[]) => {
      socket
        .timeout(10_000)
        .emitWithAck('chat:send', { channelId, clientId, body, attachmentIds: attachments.map((file) => file.id), ...(parentId ? { parentId } : {}) })
        .then(
          (result: ChatAck<{ message: Message }>) => {
            feed.settle(clientId, result.ok ? result.message : null);
            if (!result.ok) toast(result.error.message, 'danger');
          },
          () => feed.settle(clientId, null),
        );
    },
    [socket, channelId, parentId, feed, toast],
  );

  const send = (body: string, attachments: MessageAttachment[]) => {
    const clientId = crypto.randomUUID();
    feed.addPending({
      id: `pending-${clientId}`,
      channelId,
      projectId,
      sequence: Number.MAX_SAFE_INTEGER,
      changeSequence: 0,
      clientId,
      author: me,
      body,
      mentions: [],
      attachments,
      parentId,
      replyCount: 0,
      lastReplyAt: null,
      reactions: [],
      editedAt: null,
      deletedAt: null,
      createdAt: new Date().toISOString(),
      status: 'pending',
    });
    deliver(clientId, body, attachments);
  };

  const fail = (result: { ok: false; error: { message: string } } | { ok: true }) => {
    if (!result.ok) toast(result.error.message, 'danger');
    return result.ok;
  };

  const typingNames = (typing[typingKey(channelId, parentId)] ?? []).filter((t) => t.user.id !== me.id).map((t) => t.user.displayName);

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <MessageList
        feed={feed}
        meId={me.id}
        canContribute={canContribute}
        canModerate={canModerate}
        presence={presence}
        empty={empty}
        label={label}
        projectId={projectId}
        onReply={onOpenThread}
        onEdit={async (message, body) => fail(await socket.emitWithAck('chat:edit', { messageId: message.id, body }))}
        onDelete={(message) => void socket.emitWithAck('chat:delete', { messageId: message.id }).then(fail)}
        onReact={(message, emoji, on) => void socket.emitWithAck('chat:react', { messageId: message.id, emoji, on }).then(fail)}
        onRetry={(message: ShownMessage) => {
          if (!message.clientId) return;
          feed.addPending({ ...message, status: 'pending' });
          deliver(message.clientId, message.body, message.attachments);
        }}
      />
      <TypingIndicator names={typingNames} />
      <Composer
        projectId={projectId}
        placeholder={placeholder}
        people={people.filter((person) => person.id !== me.id)}
        onSend={send}
        onTyping={() => {
          const now = Date.now();
          if (now - lastTyping.current < messagingLimits.typingIntervalMs) return;
          lastTyping.current = now;
          socket.emit('chat:typing', { channelId, parentId });
        }}
        disabledReason={canContribute ? undefined : 'You can read this conversation; your role does not allow posting.'}
      />
    </div>
  );
}
