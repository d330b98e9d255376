import { useState, type SubmitEvent } from 'react';
import { documentLimits } from '../../../../../common/studio-documents.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { Alert, Button, Dialog, Input, Spinner, useToast } from '../../../lib/ui/index.ts';
import { useRestoreVersion, useSaveVersion, useVersions } from './api.ts';

/** Named versions of a document: save the current content under a name, or bring an older one back. */
export function VersionsDialog({ documentId, open, onClose, canEdit }: { documentId: string; open: boolean; onClose: () => void; canEdit: boolean }) {
  const versions = useVersions(documentId, open);
  const save = useSaveVersion(documentId);
  const restore = useRestoreVersion(documentId);
  const notify = useToast();
  const [name, setName] = useState('');

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    save.mutate(name, {
      onSuccess: (version) => {
        setName('');
        notify(`Saved “${version.name}”`);
      },
    });
  };

  return (
    <Dialog open={open} onClose={onClose} title="Versions" description="Name a moment of this document to come back to it later. Restoring keeps the history: everyone sees the change at once.">
      {canEdit ? (
        <form onSubmit={submit} className="mb-5 flex items-end gap-2">
          <Input
            label="Version name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="Sent to client"
            maxLength={documentLimits.versionName.max}
            required
            containerClassName="flex-1"
            error={save.error ? errorMessage(save.error) : undefined}
          />
          <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
            Save version
          </Button>
        </form>
      ) : null}
      {restore.error ? <Alert tone="danger">{errorMessage(restore.error)}</Alert> : null}
      {versions.isPending ? (
        <Spinner label="Loading versions…" />
      ) : versions.isError ? (
        <Alert tone="danger">{errorMessage(versions.error)}</Alert>
      ) : versions.data.length === 0 ? (
        <p className="text-[13px] text-muted">No named versions yet.</p>
      ) : (
        <ul className="divide-y divide-border rounded-lg border border-border">
          {versions.data.map((version) => (
            <li key={version.id} className="flex items-center gap-3 px-3 py-2.5">
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium">{version.name}</p>
                <p className="text-xs text-muted" title={formatDateTime(version.createdAt)}>
                  {formatRelative(version.createdAt)}
                  {version.createdBy ? ` · ${version.createdBy.displayName}` : ''}
                </p>
              </div>
              {canEdit ? (
                <Button
                  size="sm"
                  variant="secondary"
                  loading={restore.isPending && restore.variables === version.id}
                  onClick={() =>
                    restore.mutate(version.id, {
                      onSuccess: () => {
                        notify(`Restored “${version.name}”`);
                        onClose();
                      },
                    })
                  }
                >
                  Restore
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
