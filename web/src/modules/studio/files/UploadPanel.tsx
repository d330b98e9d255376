import { Button, Icon, cx } from '../../../lib/ui/index.ts';
import { formatBytes } from './FileGlyph.tsx';
import type { UploadItem } from './useUploads.ts';

interface UploadPanelProps {
  items: UploadItem[];
  onRetry: (item: UploadItem) => void;
  onCancel: (item: UploadItem) => void;
  onClear: () => void;
}

/** Uploads in progress and just finished, each with its progress bar; failed ones can be retried (resuming their parts). */
export function UploadPanel({ items, onRetry, onCancel, onClear }: UploadPanelProps) {
  if (items.length === 0) return null;
  const active = items.filter((item) => item.status === 'uploading').length;
  return (
    <section
      aria-label="Uploads"
      className="fixed inset-x-3 bottom-3 z-30 max-h-[45dvh] overflow-hidden rounded-xl border border-border bg-surface shadow-2xl sm:inset-x-auto sm:right-5 sm:bottom-5 sm:w-96"
    >
      <header className="flex items-center justify-between border-b border-border px-4 py-2.5">
        <h2 className="text-[13px] font-semibold" aria-live="polite">
          {active ? `Uploading ${active} file${active === 1 ? '' : 's'}…` : 'Uploads finished'}
        </h2>
        {active === 0 ? (
          <Button size="sm" variant="ghost" onClick={onClear}>
            Clear
          </Button>
        ) : null}
      </header>
      <ul className="max-h-[calc(45dvh-3rem)] divide-y divide-border overflow-y-auto">
        {items.map((item) => (
          <li key={item.key} className="space-y-1.5 px-4 py-2.5">
            <div className="flex items-center gap-2">
              <span className="min-w-0 flex-1 truncate text-[13px] font-medium" title={item.file.name}>
                {item.file.name}
              </span>
              <span className="shrink-0 text-[12px] text-muted tabular-nums">
                {item.status === 'uploading' ? `${Math.round(item.progress * 100)}%` : item.status === 'done' ? formatBytes(item.file.size) : null}
              </span>
              {item.status === 'uploading' ? (
                <button type="button" onClick={() => onCancel(item)} className="rounded p-0.5 text-muted hover:text-fg" aria-label={`Cancel ${item.file.name}`}>
                  <Icon name="close" className="size-3.5" />
                </button>
              ) : item.status === 'done' ? (
                <Icon name="check" className="size-4 text-success" />
              ) : (
                <Button size="sm" variant="secondary" onClick={() => onRetry(item)}>
                  Retry
                </Button>
              )}
            </div>
            <div
              className="h-1.5 overflow-hidden rounded-full bg-surface-muted"
              role="progressbar"
              aria-label={`${item.file.name} upload progress`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(item.progress * 100)}
            >
              <div
                className={cx('h-full rounded-full transition-[width] duration-200', item.status === 'failed' ? 'bg-danger' : item.status === 'done' ? 'bg-success' : 'bg-accent')}
                style={{ width: `${Math.max(2, item.progress * 100)}%` }}
              />
            </div>
            {item.error ? <p className="text-[12px] text-danger">{item.error}</p> : null}
            {item.status === 'cancelled' ? <p className="text-[12px] text-muted">Cancelled</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
