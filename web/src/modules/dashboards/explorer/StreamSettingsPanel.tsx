import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { streamLimits, type Stream } from '../../../../../common/dashboards-streams.ts';
import { errorMessage, formErrors, formText } from '../../../lib/forms.ts';
import { Button, Card, CardBody, CardHeader, Dialog, Input, useToast } from '../../../lib/ui/index.ts';
import { useDeleteStream, useUpdateStream } from '../api.ts';
import { retentionLabel } from '../StreamsTable.tsx';

/** Retention and deletion of a stream (admins). */
export function StreamSettingsPanel({ stream }: { stream: Stream }) {
  const toast = useToast();
  const navigate = useNavigate();
  const update = useUpdateStream(stream);
  const remove = useDeleteStream(stream);
  const [confirming, setConfirming] = useState(false);
  const errors = formErrors(update.error, ['retentionDays'] as const);
  const retentionError = errors.fields.retentionDays ?? errors.form;
  const noteId = useId();

  return (
    <Card>
      <CardHeader title="Stream settings" description="Only admins see these." />
      <CardBody className="space-y-6">
        <form
          className="space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            const days = Number(formText(event.currentTarget, 'retentionDays'));
            update.mutate({ retentionDays: days }, { onSuccess: () => toast(`Points are now kept for ${retentionLabel(days)}`) });
          }}
        >
          <div className="flex flex-wrap items-end gap-3">
            <Input
              label="Retention (days)"
              name="retentionDays"
              type="number"
              inputMode="numeric"
              required
              min={streamLimits.retentionDays.min}
              max={streamLimits.retentionDays.max}
              defaultValue={stream.retentionDays}
              key={stream.retentionDays}
              aria-invalid={retentionError ? true : undefined}
              aria-describedby={noteId}
              containerClassName="w-44"
            />
            <Button type="submit" variant="secondary" loading={update.isPending}>
              Save retention
            </Button>
          </div>
          <p id={noteId} className={retentionError ? 'text-[13px] text-danger' : 'text-[13px] text-muted'}>
            {retentionError ?? 'Points older than this are deleted.'}
          </p>
        </form>
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-border pt-5">
          <p className="text-sm text-muted">Deleting removes the stream with all its points. It cannot be undone.</p>
          <Button variant="danger" onClick={() => setConfirming(true)}>
            Delete stream
          </Button>
        </div>
      </CardBody>
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Delete “${stream.name}”?`}
        description="All its points are deleted with it."
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => {
                    toast(`“${stream.name}” was deleted`);
                    void navigate(`/orgs/${stream.orgId}/streams`);
                  },
                  onError: (error) => toast(errorMessage(error), 'danger'),
                })
              }
            >
              Delete stream
            </Button>
          </>
        }
      />
    </Card>
  );
}
