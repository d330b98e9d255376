import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { messagingLimits, type SearchHit } from '../../../../../common/studio-messaging.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { Alert, Icon, Spinner } from '../../../lib/ui/index.ts';
import { chatApi, chatKeys } from './api.ts';
import { plainText } from './MessageBody.tsx';

/** Full-text search over the project's chat; a hit opens its conversation (and thread). */
export function SearchPanel({ projectId, onOpen, onClose }: { projectId: string; onOpen: (hit: SearchHit) => void; onClose: () => void }) {
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const results = useQuery({ queryKey: chatKeys.search(projectId, q), queryFn: () => chatApi.search(projectId, q), enabled: q.length >= messagingLimits.search.min });
  return (
    <section aria-label="Search messages" className="flex h-full min-h-0 flex-col">
      <header className="flex h-12 items-center gap-2 border-b border-border px-3">
        <form
          className="flex min-w-0 flex-1 items-center gap-2"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            setQ(draft.trim());
          }}
        >
          <Icon name="search" className="size-4 shrink-0 text-muted" />
          <input
            autoFocus
            aria-label="Search messages"
            placeholder="Search messages…"
            value={draft}
            maxLength={messagingLimits.search.max}
            onChange={(event) => setDraft(event.target.value)}
            className="min-w-0 flex-1 bg-transparent text-sm outline-none"
          />
        </form>
        <button type="button" onClick={onClose} aria-label="Close search" className="rounded p-1.5 text-muted hover:bg-surface-muted hover:text-fg">
          <Icon name="close" className="size-4" />
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto p-2">
        {q.length > 0 && q.length < messagingLimits.search.min ? <p className="p-3 text-sm text-muted">Type at least {messagingLimits.search.min} characters.</p> : null}
        {results.isFetching ? <Spinner label="Searching…" className="p-3" /> : null}
        {results.isError ? <Alert tone="danger">{errorMessage(results.error)}</Alert> : null}
        {results.data?.length === 0 ? <p className="p-3 text-sm text-muted">No messages match “{q}”.</p> : null}
        <ul className="space-y-1">
          {results.data?.map((hit) => (
            <li key={hit.message.id}>
              <button type="button" onClick={() => onOpen(hit)} className="w-full rounded-lg p-2.5 text-left hover:bg-surface-muted">
                <span className="flex items-baseline gap-2 text-xs text-muted">
                  <span className="font-semibold text-fg">{hit.message.author?.displayName ?? 'Former member'}</span>
                  in {hit.channelName === 'general' ? '#general' : hit.channelName}
                  <span className="ml-auto">{new Date(hit.message.createdAt).toLocaleDateString()}</span>
                </span>
                <span className="mt-0.5 block text-sm break-words">
                  {hit.excerpt.map((piece, i) =>
                    piece.match ? (
                      <mark key={i} className="rounded bg-warning-soft px-0.5 text-warning">
                        {piece.text}
                      </mark>
                    ) : (
                      <span key={i}>{plainText(piece.text)}</span>
                    ),
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
