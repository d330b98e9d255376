import { initials } from '../../../lib/format.ts';
import { cx } from '../../../lib/ui/index.ts';
import { textColorOn } from './contrast.ts';
import type { Collaborator, ConnectionState } from './useCollaboration.ts';

/** Faces of everyone with the document open, in their cursor colour. */
export function PresenceList({ people }: { people: Collaborator[] }) {
  const shown = people.slice(0, 5);
  return (
    <div className="flex items-center" aria-label={`${people.length} ${people.length === 1 ? 'person' : 'people'} here`} role="group">
      <ul className="flex -space-x-2">
        {shown.map((person) => (
          <li key={person.id} title={person.self ? `${person.name} (you)` : person.name} data-testid="presence-person">
            <span
              className="grid size-8 place-items-center rounded-full border-2 border-surface text-[11px] font-semibold shadow-card"
              style={{ backgroundColor: person.color, color: textColorOn(person.color) }}
            >
              {initials(person.name)}
            </span>
            <span className="sr-only">{person.self ? `${person.name} (you)` : person.name}</span>
          </li>
        ))}
      </ul>
      {people.length > shown.length ? <span className="ml-2 text-xs text-muted">+{people.length - shown.length}</span> : null}
    </div>
  );
}

const labels: Record<ConnectionState | 'saving' | 'saved', string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  offline: 'Offline — edits are kept here',
  refused: 'No access',
  saving: 'Saving…',
  saved: 'All changes saved',
};

/** Whether edits are reaching the server: connection state, then saving or saved. */
export function ConnectionIndicator({ connection, unsyncedChanges, synced }: { connection: ConnectionState; unsyncedChanges: number; synced: boolean }) {
  const state = connection === 'connected' && synced ? (unsyncedChanges > 0 ? 'saving' : 'saved') : connection;
  const tone = state === 'saved' || state === 'connected' ? 'bg-success' : state === 'offline' || state === 'refused' ? 'bg-danger' : 'bg-warning';
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-muted" role="status" aria-live="polite" data-testid="connection-state" data-state={state}>
      <span className={cx('size-2 rounded-full', tone, state === 'saving' || state === 'connecting' ? 'animate-pulse' : '')} aria-hidden="true" />
      {labels[state]}
    </span>
  );
}
