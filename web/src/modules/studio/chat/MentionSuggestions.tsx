import { cx } from '../../../lib/ui/index.ts';
import { Avatar } from './Avatar.tsx';
import type { MentionCandidate } from './mentions.ts';

interface Props {
  people: MentionCandidate[];
  highlight: number;
  onPick: (person: MentionCandidate) => void;
  /** Above the box for the chat composer at the bottom of the page, below it for comment boxes. */
  placement: 'above' | 'below';
}

/** The `@` suggestions of a message box; nothing when there are none. */
export function MentionSuggestions({ people, highlight, onPick, placement }: Props) {
  if (people.length === 0) return null;
  return (
    <ul
      role="listbox"
      aria-label="People to mention"
      className={cx(
        'absolute left-3 w-72 max-w-[calc(100%-1.5rem)] overflow-hidden rounded-lg border border-border bg-surface py-1 shadow-card',
        placement === 'above' ? 'bottom-full z-20 mb-1' : 'top-full z-30 -mt-2',
      )}
    >
      {people.map((person, i) => (
        <li key={person.id} role="option" aria-selected={i === highlight}>
          <button
            type="button"
            onMouseDown={(event) => {
              // Keep the focus in the box while picking.
              event.preventDefault();
              onPick(person);
            }}
            className={cx('flex w-full items-center gap-2 px-3 py-1.5 text-left text-sm', i === highlight ? 'bg-accent-soft text-accent' : 'hover:bg-surface-muted')}
          >
            <Avatar id={person.id} name={person.displayName} size="sm" />
            <span className="truncate font-medium">{person.displayName}</span>
            <span className="truncate text-xs text-muted">{person.email}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
