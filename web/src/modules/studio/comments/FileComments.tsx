import { useEffect, useState, type MouseEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { CommentThread } from '../../../../../common/studio-comments.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { Alert, Button, Spinner, cx, useToast } from '../../../lib/ui/index.ts';
import { useCommentActions, useCommentsLive, useThreads } from './api.ts';
import { CommentComposer } from './CommentComposer.tsx';
import { ThreadCard } from './ThreadCard.tsx';
import { useCommentPeople } from './useCommentPeople.ts';

interface Props {
  projectId: string;
  fileId: string;
  /** The image to pin comments on; null for files without an image preview. */
  imageUrl: string | null;
  canComment: boolean;
}

interface Point {
  x: number;
  y: number;
}

const pointOf = (thread: CommentThread): Point | null => (thread.comment.anchor?.kind === 'point' ? thread.comment.anchor : null);
const clamp = (value: number) => Math.min(1, Math.max(0, value));

/**
 * A file's comment threads. On an image, clicking places a pin (x, y from 0 to 1) and starts a
 * thread there; every pinned thread shows its number on the image and in the list.
 */
export function FileComments({ projectId, fileId, imageUrl, canComment }: Props) {
  const [showResolved, setShowResolved] = useState(false);
  const [draftPin, setDraftPin] = useState<Point | null>(null);
  const [params] = useSearchParams();
  // A notification link names the thread to show (`?thread=<id>`).
  const [selected, setSelected] = useState<string | null>(params.get('thread'));
  const context = useCommentPeople(projectId);
  const threads = useThreads(projectId, { target: 'file', fileId, resolved: showResolved ? undefined : false });
  const actions = useCommentActions(projectId);
  const toast = useToast();
  useCommentsLive(projectId);
  const allowed = canComment && context.canComment;
  const linkedThread = params.get('thread');
  const loaded = threads.items.length > 0;

  useEffect(() => {
    if (linkedThread && loaded) document.getElementById(`thread-${linkedThread}`)?.scrollIntoView({ block: 'nearest' });
  }, [linkedThread, loaded]);

  // Oldest first, so pin numbers stay put as new threads arrive.
  const ordered = [...threads.items].reverse();
  const pinned = ordered.filter((thread) => pointOf(thread));
  const markerOf = new Map(pinned.map((thread, i) => [thread.comment.id, i + 1]));

  const placePin = (event: MouseEvent<HTMLDivElement>) => {
    if (!allowed) return;
    const box = event.currentTarget.getBoundingClientRect();
    setDraftPin({ x: clamp((event.clientX - box.left) / box.width), y: clamp((event.clientY - box.top) / box.height) });
    setSelected(null);
  };

  const select = (threadId: string) => {
    setSelected(threadId);
    document.getElementById(`thread-${threadId}`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };

  const send = (body: string) =>
    actions.create.mutateAsync({ body, fileId, ...(draftPin ? { anchor: { kind: 'point' as const, ...draftPin } } : {}) }).then(
      (thread) => {
        setDraftPin(null);
        setSelected(thread.comment.id);
      },
      (err: unknown) => {
        toast(errorMessage(err), 'danger');
        throw err;
      },
    );

  return (
    <div className={cx('grid gap-4', imageUrl && 'lg:grid-cols-[minmax(0,1fr)_22rem]')}>
      {imageUrl ? (
        <div>
          <div
            role={allowed ? 'button' : undefined}
            tabIndex={allowed ? 0 : undefined}
            aria-label={allowed ? 'Click the image to pin a comment' : undefined}
            onClick={placePin}
            onKeyDown={(event) => {
              if (allowed && (event.key === 'Enter' || event.key === ' ')) {
                event.preventDefault();
                setDraftPin({ x: 0.5, y: 0.5 });
              }
            }}
            className={cx('relative mx-auto w-fit max-w-full overflow-hidden rounded-xl border border-border bg-surface-muted select-none', allowed && 'cursor-crosshair')}
          >
            <img src={imageUrl} alt="" draggable={false} className="block max-h-[70dvh] max-w-full" />
            {pinned.map((thread) => {
              const point = pointOf(thread)!;
              const marker = markerOf.get(thread.comment.id)!;
              return (
                <button
                  key={thread.comment.id}
                  type="button"
                  aria-label={`Comment ${marker} by ${thread.comment.author?.displayName ?? 'a former member'}`}
                  onClick={(event) => {
                    event.stopPropagation();
                    select(thread.comment.id);
                  }}
                  style={{ left: `${point.x * 100}%`, top: `${point.y * 100}%` }}
                  className={cx(
                    'absolute z-10 inline-flex size-7 -translate-y-full items-center justify-center rounded-full rounded-bl-none border-2 border-white text-[12px] font-semibold shadow-lg transition-transform hover:scale-110 focus-visible:outline-2 focus-visible:outline-ring',
                    thread.resolvedAt ? 'bg-success text-white' : 'bg-accent text-accent-fg',
                    selected === thread.comment.id && 'scale-125 ring-2 ring-accent/40',
                  )}
                >
                  {marker}
                </button>
              );
            })}
            {draftPin ? (
              <span
                aria-hidden
                style={{ left: `${draftPin.x * 100}%`, top: `${draftPin.y * 100}%` }}
                className="absolute z-20 inline-flex size-7 -translate-y-full animate-pulse items-center justify-center rounded-full rounded-bl-none border-2 border-white bg-warning text-[12px] font-semibold text-white shadow-lg"
              >
                +
              </span>
            ) : null}
          </div>
          {allowed ? <p className="mt-2 text-center text-[12px] text-muted">Click anywhere on the image to pin a comment.</p> : null}
        </div>
      ) : null}

      <section aria-label="Comments" className="flex min-w-0 flex-col gap-3">
        <div className="flex items-center justify-between gap-2">
          <h3 className="text-sm font-semibold">Comments{threads.items.length ? ` (${threads.items.length})` : ''}</h3>
          <label className="flex items-center gap-1.5 text-[13px] text-muted">
            <input type="checkbox" checked={showResolved} onChange={(event) => setShowResolved(event.target.checked)} className="size-3.5 accent-[var(--accent)]" />
            Show resolved
          </label>
        </div>

        {allowed ? (
          <div className="rounded-xl border border-border bg-surface shadow-card">
            {draftPin ? (
              <div className="flex items-center justify-between gap-2 bg-warning-soft px-3 py-1.5 text-[12px] text-warning">
                <span>Pinned at {Math.round(draftPin.x * 100)}%, {Math.round(draftPin.y * 100)}%</span>
                <button type="button" onClick={() => setDraftPin(null)} className="font-medium underline underline-offset-2">
                  Remove pin
                </button>
              </div>
            ) : null}
            <CommentComposer placeholder={draftPin ? 'Comment on this spot…' : 'Comment on this file…'} people={context.people} onSend={send} />
          </div>
        ) : null}

        {threads.isPending ? (
          <Spinner label="Loading comments…" />
        ) : threads.isError ? (
          <Alert tone="danger">{errorMessage(threads.error)}</Alert>
        ) : ordered.length === 0 ? (
          <p className="rounded-xl border border-dashed border-border px-4 py-6 text-center text-[13px] text-muted">
            {showResolved ? 'No comments on this file yet.' : 'No open comments on this file.'}
          </p>
        ) : (
          <div className="space-y-3">
            {ordered.map((thread) => (
              <ThreadCard
                key={thread.comment.id}
                projectId={projectId}
                thread={thread}
                people={context.people}
                meId={context.meId}
                canComment={allowed}
                canModerate={context.canModerate}
                marker={markerOf.get(thread.comment.id)}
                highlighted={selected === thread.comment.id}
                onSelect={() => setSelected(thread.comment.id)}
              />
            ))}
          </div>
        )}
        {threads.hasNextPage ? (
          <Button variant="ghost" size="sm" loading={threads.isFetchingNextPage} onClick={() => void threads.fetchNextPage()}>
            Load older comments
          </Button>
        ) : null}
      </section>
    </div>
  );
}
