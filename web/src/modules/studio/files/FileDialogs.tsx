import { useState } from 'react';
import type { Folder } from '../../../../../common/studio-files.ts';
import { filesLimits } from '../../../../../common/studio-files.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { Alert, Button, Dialog, Icon, Input, cx } from '../../../lib/ui/index.ts';

interface NameDialogProps {
  open: boolean;
  title: string;
  label: string;
  initial: string;
  submitLabel: string;
  maxLength?: number;
  onClose: () => void;
  onSubmit: (name: string) => Promise<unknown>;
}

/** Asks for one name: a new folder, or renaming a file or folder. */
export function NameDialog({ open, title, label, initial, submitLabel, maxLength = filesLimits.name.max, onClose, onSubmit }: NameDialogProps) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(name.trim());
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        className="space-y-4"
      >
        <Input label={label} value={name} onChange={(event) => setName(event.target.value)} maxLength={maxLength} required autoFocus />
        {error ? <Alert tone="danger">{error}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={!name.trim()}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

interface MoveDialogProps {
  open: boolean;
  title: string;
  folders: Folder[];
  currentId: string | null;
  /** Folders that may not be chosen (a folder and its subfolders, when moving a folder). */
  excluded?: Set<string>;
  onClose: () => void;
  onMove: (folderId: string | null) => Promise<unknown>;
}

/** Picks a destination folder from the project's tree. */
export function MoveDialog({ open, title, folders, currentId, excluded, onClose, onMove }: MoveDialogProps) {
  const [target, setTarget] = useState<string | null>(currentId);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const move = async () => {
    setBusy(true);
    setError(null);
    try {
      await onMove(target);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const option = (id: string | null, name: string, depth: number) => (
    <li key={id ?? 'root'}>
      <button
        type="button"
        disabled={id !== null && excluded?.has(id)}
        onClick={() => setTarget(id)}
        aria-pressed={target === id}
        style={{ paddingLeft: `${0.5 + depth}rem` }}
        className={cx(
          'flex w-full items-center gap-2 rounded-md py-1.5 pr-2 text-left text-[13px] disabled:opacity-40',
          target === id ? 'bg-accent-soft font-medium text-accent' : 'hover:bg-surface-muted',
        )}
      >
        <Icon name="folder" className="text-muted" />
        {name}
      </button>
    </li>
  );
  const branch = (parentId: string | null, depth: number): React.ReactNode[] =>
    folders.filter((f) => f.parentId === parentId).flatMap((folder) => [option(folder.id, folder.name, depth), ...branch(folder.id, depth + 1)]);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={busy} onClick={() => void move()} disabled={target === currentId}>
            Move here
          </Button>
        </>
      }
    >
      <ul className="max-h-80 space-y-0.5 overflow-y-auto">{[option(null, 'Project root', 0), ...branch(null, 1)]}</ul>
      {error ? (
        <Alert tone="danger" className="mt-3">
          {error}
        </Alert>
      ) : null}
    </Dialog>
  );
}
