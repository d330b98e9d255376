import { useId, useState, type KeyboardEvent } from 'react';
import type { DashboardVariable } from '../../../../../common/dashboards.ts';
import { Icon, Spinner, cx } from '../../../lib/ui/index.ts';
import { useVariableValues, type BoardSource } from '../boards/api.ts';
import { useDebouncedValue } from './useDebouncedValue.ts';

const SEARCH_DEBOUNCE_MS = 200;
const ALL_LABEL = 'All';

interface Choice {
  /** Null is "All": no value chosen, so the variable filters nothing. */
  value: string | null;
  label: string;
}

interface VariableComboboxProps {
  /** Where the values are asked: the stream (signed in) or the public link. */
  source: BoardSource;
  variable: DashboardVariable;
  /** The value in the URL; undefined leaves the variable at its default (or All). */
  value: string | undefined;
  onChange: (value: string | null) => void;
}

/**
 * A variable as a searchable dropdown of the values its tag takes (asked of the server as you type),
 * with an All choice when the variable has no default. Follows the ARIA combobox pattern: arrows
 * move through the list, Enter picks, Escape closes.
 */
export function VariableCombobox({ source, variable, value, onChange }: VariableComboboxProps) {
  const id = useId();
  const listId = `${id}-list`;
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [active, setActive] = useState(0);
  const query = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const values = useVariableValues(source, variable, query, open);
  const fallback = variable.default === undefined || variable.default === '' ? null : variable.default;
  const current = value ?? fallback;
  const offersAll = !variable.default && (search.trim() === '' || ALL_LABEL.toLowerCase().startsWith(search.trim().toLowerCase()));
  const choices: Choice[] = [...(offersAll ? [{ value: null, label: ALL_LABEL }] : []), ...(values.data ?? []).map((entry) => ({ value: entry, label: entry }))];
  const label = variable.label || variable.name;

  const close = () => {
    setOpen(false);
    setSearch('');
  };
  const pick = (choice: Choice) => {
    onChange(choice.value === fallback ? null : choice.value);
    close();
  };
  const openList = () => {
    if (open) return;
    setOpen(true);
    setActive(Math.max(0, choices.findIndex((choice) => choice.value === current)));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      if (open) setActive((index) => (choices.length ? (index + step + choices.length) % choices.length : 0));
      else openList();
    } else if (event.key === 'Enter' && open) {
      event.preventDefault();
      const choice = choices[active];
      if (choice) pick(choice);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'Tab') {
      close();
    }
  };

  return (
    <div className="relative flex w-full flex-col gap-1.5 sm:w-44">
      <label htmlFor={id} className="text-[13px] font-medium text-fg">
        {label}
      </label>
      <div className="relative">
        <input
          id={id}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && choices[active] ? `${id}-option-${active}` : undefined}
          autoComplete="off"
          spellCheck={false}
          value={open ? search : (current ?? ALL_LABEL)}
          placeholder={open ? (current ?? ALL_LABEL) : undefined}
          onChange={(event) => {
            setSearch(event.target.value);
            setActive(0);
            setOpen(true);
          }}
          onClick={openList}
          onKeyDown={onKeyDown}
          onBlur={close}
          className="block h-9 w-full rounded-lg border border-border bg-surface pr-8 pl-3 text-sm text-fg shadow-card transition-colors placeholder:text-muted focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40"
        />
        <span className="pointer-events-none absolute inset-y-0 right-2 grid place-items-center text-muted">{values.isFetching && open ? <Spinner /> : <Icon name="chevronDown" />}</span>
      </div>
      <ul
        id={listId}
        role="listbox"
        aria-label={`Values of ${label}`}
        hidden={!open}
        className="absolute top-full z-30 mt-1 max-h-64 w-full min-w-48 overflow-y-auto rounded-lg border border-border bg-surface p-1 text-sm shadow-lg"
      >
        {choices.map((choice, index) => (
          <li
            key={choice.value ?? ''}
            id={`${id}-option-${index}`}
            role="option"
            aria-selected={choice.value === current}
            className={cx(
              'flex cursor-pointer items-center justify-between gap-2 truncate rounded-md px-2 py-1.5',
              index === active && 'bg-surface-muted',
              choice.value === null && 'text-muted',
              choice.value === current && 'font-medium text-accent',
            )}
            // Picking on mouse down keeps the input from losing focus (and closing the list) first.
            onMouseDown={(event) => {
              event.preventDefault();
              pick(choice);
            }}
            onMouseMove={() => setActive(index)}
          >
            <span className="truncate">{choice.label}</span>
            {choice.value === current ? <span className="sr-only">(chosen)</span> : null}
          </li>
        ))}
        {choices.length === 0 ? (
          <li role="presentation" className="px-2 py-1.5 text-muted">
            {values.isPending ? 'Loading…' : values.isError ? `Could not load values: ${values.error.message}` : 'No matching values'}
          </li>
        ) : null}
      </ul>
    </div>
  );
}
