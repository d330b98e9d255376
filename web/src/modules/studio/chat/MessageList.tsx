import { Fragment, useEffect, useLayoutEffect, useRef } from 'react';
import type { PresenceStatus } from '../../../../../common/studio-messaging.ts';
import { Alert, Spinner } from '../../../lib/ui/index.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { MessageItem, type MessageActions } from './MessageItem.tsx';
import type { MessageFeed, ShownMessage } from './useMessages.ts';

interface Props extends MessageActions {
  projectId: string;
  feed: MessageFeed;
  meId: string;
  canContribute: boolean;
  canModerate: boolean;
  presence: Record<string, PresenceStatus>;
  empty: string;
  label: string;
}

const GROUP_WITHIN_MS = 5 * 60_000;
const day = (iso: string) => new Date(iso).toDateString();

function dayLabel(iso: string): string {
  const date = new Date(iso);
  const today = new Date();
  const yesterday = new Date(Date.now() - 86_400_000);
  if (date.toDateString() === today.toDateString()) return 'Today';
  if (date.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return date.toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
}

const groupedWith = (previous: ShownMessage | undefined, message: ShownMessage) =>
  previous?.deletedAt === null &&
  previous.author?.id === message.author?.id &&
  day(previous.createdAt) === day(message.createdAt) &&
  new Date(message.createdAt).getTime() - new Date(previous.createdAt).getTime() < GROUP_WITHIN_MS;

/**
 * Messages oldest first, stuck to the bottom while the reader is there; scrolling to the top
 * loads older pages without moving what is on screen.
 */
export function MessageList({ projectId, feed, meId, canContribute, canModerate, presence, empty, label, ...actions }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const previousHeight = useRef(0);
  const firstId = feed.messages[0]?.id;
  const lastId = feed.messages.at(-1)?.id;
  const previousFirst = useRef(firstId);

  useLayoutEffect(() => {
    const box = scroller.current;
    if (!box) return;
    if (previousFirst.current !== firstId && previousHeight.current && !atBottom.current) {
      // Older messages went in above: keep the same message under the reader's eyes.
      box.scrollTop += box.scrollHeight - previousHeight.current;
    } else if (atBottom.current) {
      box.scrollTop = box.scrollHeight;
    }
    previousFirst.current = firstId;
    previousHeight.current = box.scrollHeight;
  }, [firstId, lastId, feed.messages]);

  const { hasOlder, loadOlder, loadingOlder, loading } = feed;
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hasOlder || loading) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !loadingOlder) loadOlder();
    }, { root: scroller.current, rootMargin: '200px 0px 0px 0px' });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasOlder, loadOlder, loadingOlder, loading]);

  return (
    <div
      ref={scroller}
      role="log"
      aria-label={label}
      aria-live="polite"
      onScroll={(event) => {
        const box = event.currentTarget;
        atBottom.current = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
        previousHeight.current = box.scrollHeight;
      }}
      className="min-h-0 flex-1 overflow-y-auto overscroll-contain py-2"
    >
      <div ref={sentinel} />
      {loadingOlder ? <Spinner label="Loading older messages…" /> : null}
      {!hasOlder && !loading && feed.messages.length > 0 ? <p className="px-4 py-3 text-center text-xs text-muted">This is the beginning of the conversation.</p> : null}
      {feed.error ? (
        <div className="p-4">
          <Alert tone="danger">{errorMessage(feed.error)}</Alert>
        </div>
      ) : null}
      {loading ? <Spinner label="Loading messages…" /> : null}
      {!loading && feed.messages.length === 0 && !feed.error ? <p className="px-4 py-10 text-center text-sm text-muted">{empty}</p> : null}
      {feed.messages.map((message, i) => {
        const previous = feed.messages[i - 1];
        const newDay = !previous || day(previous.createdAt) !== day(message.createdAt);
        return (
          <Fragment key={message.id}>
            {newDay ? (
              <div role="separator" className="flex items-center gap-3 px-4 py-2 text-xs font-medium text-muted">
                <span className="h-px flex-1 bg-border" />
                {dayLabel(message.createdAt)}
                <span className="h-px flex-1 bg-border" />
              </div>
            ) : null}
            <MessageItem
              projectId={projectId}
              message={message}
              meId={meId}
              canContribute={canContribute}
              canModerate={canModerate}
              grouped={!newDay && groupedWith(previous, message)}
              presence={message.author ? (presence[message.author.id] ?? 'offline') : undefined}
              {...actions}
            />
          </Fragment>
        );
      })}
    </div>
  );
}
