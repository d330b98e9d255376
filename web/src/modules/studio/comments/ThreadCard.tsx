import { useState } from 'react';
import type { Comment, CommentThread } from '../../../../../common/studio-comments.ts';
import { commentLimits } from '../../../../../common/studio-comments.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { formatRelative } from '../../../lib/format.ts';
import { Badge, Button, Icon, cx, useToast } from '../../../lib/ui/index.ts';
import { Avatar } from '../chat/Avatar.tsx';
import { encodeMentions, type MentionCandidate } from '../chat/Composer.tsx';
import { MessageBody, plainText } from '../chat/MessageBody.tsx';
import { useCommentActions } from './api.ts';
import { CommentComposer } from './CommentComposer.tsx';

export interface ThreadPermissions {
  meId: string;
  canComment: boolean;
  canModerate: boolean;
}

interface Props extends ThreadPermissions {
  projectId: string;
  thread: CommentThread;
  people: MentionCandidate[];
  /** A number shown on the thread and on its pin. */
  marker?: number;
  highlighted?: boolean;
  onSelect?: () => void;
}

/** A comment thread: its first comment, the replies, and what the viewer may do with them. */
export function ThreadCard({ projectId, thread, people, meId, canComment, canModerate, marker, highlighted = false, onSelect }: Props) {
  const actions = useCommentActions(projectId);
  const toast = useToast();
  const [replying, setReplying] = useState(false);
  const resolved = thread.resolvedAt !== null;
  const failed = (err: unknown) => toast(errorMessage(err), 'danger');
  const hiddenReplies = thread.replyCount - thread.replies.length;

  return (
    <article
      id={`thread-${thread.comment.id}`}
      aria-label={`Comment by ${thread.comment.author?.displayName ?? 'a former member'}`}
      onClick={onSelect}
      className={cx(
        'scroll-mt-24 rounded-xl border bg-surface shadow-card transition-colors',
        highlighted ? 'border-accent ring-2 ring-accent/30' : 'border-border',
        resolved && 'bg-surface-muted/40',
      )}
    >
      <div className="flex items-center justify-between gap-2 px-4 pt-3">
        <div className="flex min-w-0 items-center gap-2">
          {marker !== undefined ? (
            <span className="inline-flex size-6 shrink-0 items-center justify-center rounded-full bg-accent text-[12px] font-semibold text-accent-fg">{marker}</span>
          ) : null}
          {thread.comment.anchor?.kind === 'page' ? <Badge>Page {thread.comment.anchor.page}</Badge> : null}
          {resolved ? (
            <Badge tone="success">
              Resolved{thread.resolvedBy ? ` by ${thread.resolvedBy.displayName}` : ''}
            </Badge>
          ) : null}
        </div>
        {canComment ? (
          <Button
            size="sm"
            variant={resolved ? 'ghost' : 'secondary'}
            icon={<Icon name={resolved ? 'arrowLeft' : 'check'} />}
            loading={actions.resolve.isPending || actions.reopen.isPending}
            onClick={(event) => {
              event.stopPropagation();
              (resolved ? actions.reopen : actions.resolve).mutate(thread.comment.id, { onError: failed });
            }}
          >
            {resolved ? 'Reopen' : 'Resolve'}
          </Button>
        ) : null}
      </div>
      <ul className="divide-y divide-border/60">
        {[thread.comment, ...thread.replies].map((comment) => (
          <li key={comment.id} className="px-4 py-3">
            <CommentView projectId={projectId} comment={comment} people={people} meId={meId} canComment={canComment} canModerate={canModerate} isStarter={comment.id === thread.comment.id} />
          </li>
        ))}
      </ul>
      {hiddenReplies > 0 ? <p className="px-4 pb-2 text-[12px] text-muted">{hiddenReplies} older replies are not shown.</p> : null}
      {canComment ? (
        replying ? (
          <div className="border-t border-border/60" onClick={(event) => event.stopPropagation()}>
            <CommentComposer
              placeholder="Reply…"
              people={people}
              onSend={(body) =>
                actions.reply.mutateAsync({ commentId: thread.comment.id, body }).then(
                  () => setReplying(false),
                  (err: unknown) => {
                    failed(err);
                    throw err;
                  },
                )
              }
            />
          </div>
        ) : (
          <div className="border-t border-border/60 px-4 py-2">
            <button
              type="button"
              onClick={(event) => {
                event.stopPropagation();
                setReplying(true);
              }}
              className="rounded-md px-1 py-0.5 text-[13px] font-medium text-accent hover:underline"
            >
              Reply
            </button>
          </div>
        )
      ) : null}
    </article>
  );
}

function CommentView({
  projectId,
  comment,
  people,
  meId,
  canComment,
  canModerate,
  isStarter,
}: ThreadPermissions & { projectId: string; comment: Comment; people: MentionCandidate[]; isStarter: boolean }) {
  const actions = useCommentActions(projectId);
  const toast = useToast();
  const [draft, setDraft] = useState<string | null>(null);
  const mine = comment.author?.id === meId;
  const name = comment.author?.displayName ?? 'Former member';

  const save = () => {
    const text = draft?.trim();
    if (!text) return;
    actions.edit.mutate(
      { commentId: comment.id, body: encodeMentions(text, people) },
      { onSuccess: () => setDraft(null), onError: (err) => toast(errorMessage(err), 'danger') },
    );
  };
  const remove = () => {
    const question = isStarter ? 'Delete this comment and its replies?' : 'Delete this reply?';
    if (!window.confirm(question)) return;
    actions.remove.mutate(comment.id, { onError: (err) => toast(errorMessage(err), 'danger') });
  };

  return (
    <div className="flex gap-3">
      <Avatar id={comment.author?.id ?? comment.id} name={name} size="sm" />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-x-2">
          <span className="text-sm font-semibold">{name}</span>
          <time dateTime={comment.createdAt} className="text-[12px] text-muted">
            {formatRelative(comment.createdAt)}
          </time>
          {comment.editedAt ? <span className="text-[12px] text-muted">(edited)</span> : null}
        </div>
        {draft === null ? (
          <MessageBody body={comment.body} meId={meId} />
        ) : (
          <div className="mt-1 space-y-2" onClick={(event) => event.stopPropagation()}>
            <textarea
              aria-label="Edit comment"
              value={draft}
              maxLength={commentLimits.body.max}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) save();
                if (event.key === 'Escape') setDraft(null);
              }}
              rows={3}
              className="block w-full rounded-lg border border-border bg-surface px-3 py-2 text-sm focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-ring/40"
              autoFocus
            />
            <div className="flex gap-2">
              <Button size="sm" loading={actions.edit.isPending} onClick={save}>
                Save
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setDraft(null)}>
                Cancel
              </Button>
            </div>
          </div>
        )}
        {draft === null && ((mine && canComment) || canModerate) ? (
          <div className="mt-1 flex gap-3" onClick={(event) => event.stopPropagation()}>
            {mine && canComment ? (
              <button type="button" onClick={() => setDraft(plainText(comment.body))} className="text-[12px] font-medium text-muted hover:text-fg">
                Edit
              </button>
            ) : null}
            <button type="button" onClick={remove} className="text-[12px] font-medium text-muted hover:text-danger">
              Delete
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
