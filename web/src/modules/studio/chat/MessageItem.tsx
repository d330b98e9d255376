import { useState, type KeyboardEvent } from 'react';
import type { PresenceStatus } from '../../../../../common/studio-messaging.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { Button, Dialog, cx } from '../../../lib/ui/index.ts';
import { AttachmentChip } from './Attachments.tsx';
import { Avatar } from './Avatar.tsx';
import { MessageBody } from './MessageBody.tsx';
import type { ShownMessage } from './useMessages.ts';

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '👀', '🚀'];

export interface MessageActions {
  onReply?: (message: ShownMessage) => void;
  onEdit: (message: ShownMessage, body: string) => Promise<boolean>;
  onDelete: (message: ShownMessage) => void;
  onReact: (message: ShownMessage, emoji: string, on: boolean) => void;
  onRetry: (message: ShownMessage) => void;
}

interface Props extends MessageActions {
  projectId: string;
  message: ShownMessage;
  meId: string;
  canContribute: boolean;
  canModerate: boolean;
  /** Follows a message by the same person shortly before: no avatar or name. */
  grouped: boolean;
  presence?: PresenceStatus;
}

const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

export function MessageItem({ projectId, message, meId, canContribute, canModerate, grouped, presence, ...actions }: Props) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.body);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [picking, setPicking] = useState(false);
  const mine = message.author?.id === meId;
  const sent = message.status === undefined;
  const deleted = message.deletedAt !== null;
  const authorName = message.author?.displayName ?? 'Former member';

  const saveEdit = async () => {
    const body = draft.trim();
    if (body && body !== message.body && !(await actions.onEdit(message, body))) return;
    setEditing(false);
  };
  const editKeys = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void saveEdit();
    }
    if (event.key === 'Escape') setEditing(false);
  };

  return (
    <article
      aria-label={`${authorName} at ${time(message.createdAt)}`}
      data-message-id={message.id}
      className={cx('group relative flex gap-3 px-4 hover:bg-surface-muted/60 focus-within:bg-surface-muted/60', grouped ? 'py-0.5' : 'pt-2 pb-0.5')}
    >
      <div className="w-9 shrink-0">
        {grouped ? (
          <time dateTime={message.createdAt} className="invisible -ml-1 block text-right text-[10px] leading-6 whitespace-nowrap text-muted group-hover:visible">
            {time(message.createdAt)}
          </time>
        ) : (
          <Avatar id={message.author?.id ?? message.id} name={authorName} status={presence} />
        )}
      </div>
      <div className="min-w-0 flex-1">
        {grouped ? null : (
          <header className="flex items-baseline gap-2">
            <span className="truncate text-sm font-semibold">{authorName}</span>
            <time dateTime={message.createdAt} title={formatDateTime(message.createdAt)} className="shrink-0 text-xs text-muted">
              {time(message.createdAt)}
            </time>
          </header>
        )}
        {deleted ? (
          <p className="text-sm text-muted italic">This message was deleted.</p>
        ) : editing ? (
          <div className="space-y-2 py-1">
            <textarea
              aria-label="Edit message"
              autoFocus
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={editKeys}
              rows={Math.min(8, draft.split('\n').length + 1)}
              className="block w-full resize-none rounded-lg border border-border bg-surface px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-ring/40"
            />
            <div className="flex gap-2">
              <Button size="sm" onClick={() => void saveEdit()}>
                Save
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
                Cancel
              </Button>
              <span className="self-center text-xs text-muted">Enter to save · Esc to cancel</span>
            </div>
          </div>
        ) : (
          <div className={cx(!sent && 'opacity-60')}>
            <MessageBody body={message.body} meId={meId} />
            {message.editedAt ? <span className="text-xs text-muted"> (edited)</span> : null}
          </div>
        )}
        {message.attachments.length > 0 && !deleted ? (
          <ul className="mt-1 flex flex-wrap gap-2" aria-label="Attachments">
            {message.attachments.map((file) => (
              <li key={file.id}>
                <AttachmentChip projectId={projectId} file={file} />
              </li>
            ))}
          </ul>
        ) : null}
        {message.status === 'failed' ? (
          <p className="text-xs text-danger">
            Not sent.{' '}
            <button type="button" className="font-medium underline" onClick={() => actions.onRetry(message)}>
              Retry
            </button>
          </p>
        ) : null}
        {message.reactions.length > 0 ? (
          <div className="mt-1 flex flex-wrap gap-1">
            {message.reactions.map((reaction) => {
              const reacted = reaction.userIds.includes(meId);
              return (
                <button
                  key={reaction.emoji}
                  type="button"
                  disabled={!canContribute}
                  aria-pressed={reacted}
                  aria-label={`${reaction.emoji} ${reaction.count}`}
                  onClick={() => actions.onReact(message, reaction.emoji, !reacted)}
                  className={cx(
                    'inline-flex h-6 items-center gap-1 rounded-full border px-2 text-xs',
                    reacted ? 'border-accent bg-accent-soft text-accent' : 'border-border bg-surface hover:border-muted',
                  )}
                >
                  <span>{reaction.emoji}</span>
                  <span className="font-medium">{reaction.count}</span>
                </button>
              );
            })}
          </div>
        ) : null}
        {actions.onReply && message.replyCount > 0 ? (
          <button type="button" onClick={() => actions.onReply?.(message)} className="mt-1 text-xs font-medium text-accent hover:underline">
            {message.replyCount} {message.replyCount === 1 ? 'reply' : 'replies'}
            {message.lastReplyAt ? <span className="font-normal text-muted"> · last {time(message.lastReplyAt)}</span> : null}
          </button>
        ) : null}
      </div>

      {sent && !deleted && !editing ? (
        <div className="absolute -top-3 right-3 hidden items-center rounded-lg border border-border bg-surface shadow-card group-hover:flex group-focus-within:flex">
          {canContribute ? (
            <div className="relative">
              <ToolButton label="Add reaction" onClick={() => setPicking((open) => !open)}>
                ☺
              </ToolButton>
              {picking ? (
                <div role="menu" className="absolute top-8 right-0 z-10 flex gap-0.5 rounded-lg border border-border bg-surface p-1 shadow-card">
                  {QUICK_REACTIONS.map((emoji) => (
                    <button
                      key={emoji}
                      type="button"
                      role="menuitem"
                      aria-label={`React with ${emoji}`}
                      className="rounded p-1 text-base hover:bg-surface-muted"
                      onClick={() => {
                        setPicking(false);
                        const reacted = message.reactions.find((r) => r.emoji === emoji)?.userIds.includes(meId) ?? false;
                        actions.onReact(message, emoji, !reacted);
                      }}
                    >
                      {emoji}
                    </button>
                  ))}
                </div>
              ) : null}
            </div>
          ) : null}
          {actions.onReply && canContribute ? <ToolButton label="Reply in thread" onClick={() => actions.onReply?.(message)}>↩</ToolButton> : null}
          {mine && canContribute ? (
            <ToolButton
              label="Edit message"
              onClick={() => {
                setDraft(message.body);
                setEditing(true);
              }}
            >
              ✎
            </ToolButton>
          ) : null}
          {(mine && canContribute) || canModerate ? <ToolButton label="Delete message" onClick={() => setConfirmDelete(true)}>🗑</ToolButton> : null}
        </div>
      ) : null}

      <Dialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title="Delete this message?"
        description="Everyone in the conversation will see that it was deleted. Replies in its thread stay."
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmDelete(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              onClick={() => {
                setConfirmDelete(false);
                actions.onDelete(message);
              }}
            >
              Delete
            </Button>
          </>
        }
      />
    </article>
  );
}

function ToolButton({ label, onClick, children }: { label: string; onClick: () => void; children: string }) {
  return (
    <button type="button" title={label} aria-label={label} onClick={onClick} className="size-8 rounded-lg text-sm text-muted hover:bg-surface-muted hover:text-fg">
      {children}
    </button>
  );
}
