import { cx } from '../../../lib/ui/index.ts';

/** The on/off switch of live updates. */
export function LiveSwitch({ on, onToggle }: { on: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      onClick={onToggle}
      className={cx(
        'inline-flex h-8 items-center gap-2 rounded-lg border px-3 text-[13px] font-medium shadow-card transition-colors',
        on ? 'border-success/40 bg-success-soft text-success' : 'border-border bg-surface text-fg hover:bg-surface-muted',
      )}
    >
      <span aria-hidden="true" className={cx('relative inline-flex h-4 w-7 shrink-0 rounded-full transition-colors', on ? 'bg-success' : 'bg-border')}>
        <span className={cx('absolute top-0.5 size-3 rounded-full bg-surface shadow transition-[left]', on ? 'left-3.5' : 'left-0.5')} />
      </span>
      Live
    </button>
  );
}
