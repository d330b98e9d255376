import { ApiError } from '../../../lib/api.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { Button, Checkbox, Icon } from '../../../lib/ui/index.ts';

interface SaveBarProps {
  dirty: boolean;
  saving: boolean;
  /** The last save's failure, or a reason the changes cannot be saved as they are. */
  error: unknown;
  /** Offered when the range or refresh shown differ from the saved ones. */
  keepTime: { checked: boolean; onChange: (checked: boolean) => void } | null;
  onSave: () => void;
  onDiscard: () => void;
  /** After a conflict: drop these changes and show what the other person saved. */
  onReload: () => void;
  /** After a conflict: save these changes over theirs. */
  onOverwrite: () => void;
}

/** Pinned under the edited dashboard: one save of everything changed, or discarding it all. */
export function SaveBar({ dirty, saving, error, keepTime, onSave, onDiscard, onReload, onOverwrite }: SaveBarProps) {
  const conflict = error instanceof ApiError && error.code === 'dashboard_changed';
  return (
    <div role="region" aria-label="Edit mode" className="sticky bottom-3 z-30 rounded-xl border border-accent/40 bg-surface px-4 py-3 shadow-lg">
      {conflict ? (
        <div role="alert" className="flex flex-wrap items-center gap-3">
          <Icon name="alert" className="shrink-0 text-warning" />
          <p className="min-w-0 flex-1 text-sm">
            <span className="font-medium">Someone else saved this dashboard while you were editing.</span>{' '}
            <span className="text-muted">Reload to see their version (your changes go), or save yours over theirs.</span>
          </p>
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" size="sm" onClick={onReload}>
              Reload their version
            </Button>
            <Button variant="danger" size="sm" loading={saving} onClick={onOverwrite}>
              Save mine over theirs
            </Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <div className="min-w-0 flex-1">
            <p className="text-sm font-medium">{dirty ? 'Unsaved changes' : 'Editing'}</p>
            <p className="hidden text-[13px] text-muted md:block">Drag a widget by its header, resize it from its corner, or focus it and use the arrow keys (Shift resizes).</p>
            {error ? (
              <p role="alert" className="text-[13px] text-danger">
                {errorMessage(error)}
              </p>
            ) : null}
          </div>
          {keepTime ? <Checkbox label="Save time range and refresh as defaults" checked={keepTime.checked} onChange={(event) => keepTime.onChange(event.target.checked)} /> : null}
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" onClick={onDiscard} disabled={saving}>
              {dirty ? 'Discard' : 'Done'}
            </Button>
            <Button size="sm" loading={saving} disabled={!dirty} onClick={onSave}>
              Save dashboard
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
