import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../../lib/forms.ts';
import { Alert, Button, Card, EmptyState, Spinner, cx, useToast } from '../../../lib/ui/index.ts';
import { useProjectContext } from '../project-context.ts';
import { useCommentActions, useCommentsLive, useThread, useThreads } from './api.ts';
import { CommentComposer } from './CommentComposer.tsx';
import { ThreadCard } from './ThreadCard.tsx';
import { useCommentPeople } from './useCommentPeople.ts';

const FILTERS = [
  { value: 'open', label: 'Open', resolved: false },
  { value: 'resolved', label: 'Resolved', resolved: true },
  { value: 'all', label: 'All', resolved: undefined },
] as const;

/** The project's own conversation threads (not tied to a file): start, reply, resolve, mention. */
export function DiscussionPage() {
  const { project } = useProjectContext();
  const [params, setParams] = useSearchParams();
  const filterValue = FILTERS.find((f) => f.value === params.get('show')) ?? FILTERS[0];
  const focusId = params.get('thread');
  const { people, meId, canComment, canModerate } = useCommentPeople(project.id);
  const threads = useThreads(project.id, { target: 'project', resolved: filterValue.resolved });
  const focused = useThread(project.id, focusId);
  const actions = useCommentActions(project.id);
  const toast = useToast();
  useCommentsLive(project.id);

  const focusedOutsideList = focused.data && !threads.items.some((t) => t.comment.id === focused.data.comment.id) ? focused.data : null;

  useEffect(() => {
    if (!focusId || !focused.data) return;
    document.getElementById(`thread-${focusId}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [focusId, focused.data]);

  const show = (value: string) => {
    const next = new URLSearchParams(params);
    next.set('show', value);
    next.delete('thread');
    setParams(next, { replace: true });
  };

  const permissions = { meId, canComment, canModerate };
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold">Discussion</h2>
          <p className="text-sm text-muted">Decisions and questions about the whole project. Mention people with @ to get their attention.</p>
        </div>
        <div role="tablist" aria-label="Threads to show" className="inline-flex rounded-lg border border-border bg-surface p-0.5 shadow-card">
          {FILTERS.map((filter) => (
            <button
              key={filter.value}
              type="button"
              role="tab"
              aria-selected={filterValue.value === filter.value}
              onClick={() => show(filter.value)}
              className={cx(
                'rounded-md px-3 py-1 text-[13px] font-medium',
                filterValue.value === filter.value ? 'bg-accent-soft text-accent' : 'text-muted hover:text-fg',
              )}
            >
              {filter.label}
            </button>
          ))}
        </div>
      </div>

      {canComment ? (
        <Card>
          <CommentComposer
            placeholder="Start a thread…"
            people={people}
            onSend={(body) =>
              actions.create.mutateAsync({ body }).then(
                () => {
                  if (filterValue.value === 'resolved') show('open');
                },
                (err: unknown) => {
                  toast(errorMessage(err), 'danger');
                  throw err;
                },
              )
            }
          />
        </Card>
      ) : (
        <Alert tone="info">You can read this discussion; members of the project can take part.</Alert>
      )}

      {focusedOutsideList ? (
        <ThreadCard projectId={project.id} thread={focusedOutsideList} people={people} {...permissions} highlighted />
      ) : null}

      {threads.isPending ? (
        <Spinner label="Loading threads…" />
      ) : threads.isError ? (
        <Alert tone="danger">{errorMessage(threads.error)}</Alert>
      ) : threads.items.length === 0 && !focusedOutsideList ? (
        <Card>
          <EmptyState title={filterValue.value === 'resolved' ? 'Nothing resolved yet' : 'No open threads'}>
            {canComment ? 'Start one above: ask a question, share a decision, mention a teammate.' : 'Nobody has started a thread yet.'}
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-3">
          {threads.items.map((thread) => (
            <ThreadCard key={thread.comment.id} projectId={project.id} thread={thread} people={people} {...permissions} highlighted={thread.comment.id === focusId} />
          ))}
        </div>
      )}
      {threads.hasNextPage ? (
        <div className="text-center">
          <Button variant="secondary" size="sm" loading={threads.isFetchingNextPage} onClick={() => void threads.fetchNextPage()}>
            Load older threads
          </Button>
        </div>
      ) : null}
    </div>
  );
}
