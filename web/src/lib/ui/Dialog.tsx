import { useEffect, useId, useRef, type ReactNode } from 'react';
import { cx } from './cx.ts';
import { Icon } from './Icon.tsx';

interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  /** `form` fits short forms and scrolls its body; `wide` takes most of the screen and leaves the body's layout to its children. */
  size?: 'form' | 'wide';
}

/** A modal on the native <dialog>: focus is trapped, Escape closes, focus returns to the opener. */
export function Dialog({ open, onClose, title, description, children, footer, size = 'form' }: DialogProps) {
  const wide = size === 'wide';
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className={cx(
        'm-auto rounded-xl border border-border bg-surface p-0 text-fg shadow-2xl',
        wide ? 'h-[min(52rem,calc(100dvh-1rem))] max-h-none w-[min(76rem,calc(100vw-1rem))] max-w-none' : 'w-[min(32rem,calc(100vw-2rem))]',
      )}
    >
      {open ? (
        <div className={cx('flex flex-col', wide ? 'h-full' : 'max-h-[85dvh]')}>
          <header className="flex shrink-0 items-start justify-between gap-4 border-b border-border px-5 py-4">
            <div>
              <h2 id={titleId} className="text-[15px] font-semibold">
                {title}
              </h2>
              {description ? <p className="mt-0.5 text-[13px] text-muted">{description}</p> : null}
            </div>
            <button type="button" onClick={onClose} className="-m-1 rounded-md p-1 text-muted hover:bg-surface-muted hover:text-fg" aria-label="Close">
              <Icon name="close" />
            </button>
          </header>
          <div className={wide ? 'min-h-0 flex-1' : 'overflow-y-auto px-5 py-5'}>{children}</div>
          {footer ? <footer className="flex shrink-0 flex-wrap items-center justify-end gap-2 border-t border-border px-5 py-3">{footer}</footer> : null}
        </div>
      ) : null}
    </dialog>
  );
}
