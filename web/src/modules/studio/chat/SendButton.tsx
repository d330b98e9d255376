interface Props {
  label: string;
  disabled: boolean;
  onClick: () => void;
}

/** The round paper-plane button that sends what a message or comment box holds. */
export function SendButton({ label, disabled, onClick }: Props) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={disabled}
      aria-label={label}
      className="inline-flex size-8 shrink-0 items-center justify-center rounded-lg bg-accent text-accent-fg hover:bg-accent-hover disabled:opacity-40"
    >
      <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
        <path d="m22 2-7 20-4-9-9-4 20-7Z" />
      </svg>
    </button>
  );
}
