import { useLayoutEffect, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { encodeMentions, type MentionCandidate } from './mentions.ts';

const MAX_SUGGESTIONS = 6;
const MAX_ROWS = 6;

/**
 * The text of a message box that suggests people after `@`: arrows move through the
 * suggestions, Enter or Tab picks one, Escape closes them; otherwise Enter (without Shift)
 * submits. Spread `textareaProps(submit)` on the box and render `suggestions` with MentionSuggestions.
 */
export function useMentionAutocomplete(people: MentionCandidate[]) {
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<MentionCandidate[]>([]);
  const [query, setQuery] = useState<{ start: number; term: string } | null>(null);
  const [highlight, setHighlight] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);
  // Where the caret goes once a picked mention is in the box. Placed in a layout effect, before
  // the browser handles the next key, so fast typing after a pick lands after the mention.
  const caretAfterPick = useRef<number | null>(null);

  useLayoutEffect(() => {
    const at = caretAfterPick.current;
    if (at === null || !box.current) return;
    caretAfterPick.current = null;
    box.current.focus();
    box.current.setSelectionRange(at, at);
  }, [text]);

  const term = query?.term.toLowerCase() ?? '';
  const matches = query
    ? people.filter((person) => person.displayName.toLowerCase().includes(term) || person.email.toLowerCase().startsWith(term)).slice(0, MAX_SUGGESTIONS)
    : [];

  const pick = (person: MentionCandidate) => {
    if (!query) return;
    const caret = box.current?.selectionStart ?? text.length;
    const inserted = `@${person.displayName} `;
    setText(text.slice(0, query.start) + inserted + text.slice(caret));
    setPicked((list) => (list.some((p) => p.id === person.id) ? list : [...list, person]));
    setQuery(null);
    caretAfterPick.current = query.start + inserted.length;
  };

  const onChange = (event: ChangeEvent<HTMLTextAreaElement>) => {
    const { value, selectionStart: caret } = event.target;
    setText(value);
    const match = /(^|\s)@([^\s@]{0,30})$/.exec(value.slice(0, caret));
    setQuery(match ? { start: caret - match[2]!.length - 1, term: match[2]! } : null);
    setHighlight(0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>, onSubmit: () => void) => {
    if (matches.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setHighlight((i) => (i + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        pick(matches[highlight]!);
        return;
      }
      if (event.key === 'Escape') {
        setQuery(null);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      onSubmit();
    }
  };

  return {
    text,
    /** The trimmed text with each picked `@Name` written as the `@[Name](id)` the server reads. */
    encoded: () => encodeMentions(text.trim(), picked),
    clear: () => {
      setText('');
      setPicked([]);
      setQuery(null);
    },
    focus: () => box.current?.focus(),
    suggestions: { people: matches, highlight, onPick: pick },
    textareaProps: (onSubmit: () => void) => ({
      ref: box,
      value: text,
      rows: Math.min(MAX_ROWS, text.split('\n').length),
      onChange,
      onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => onKeyDown(event, onSubmit),
    }),
  };
}
