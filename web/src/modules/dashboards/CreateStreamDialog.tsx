import { useState } from 'react';
import { useNavigate } from 'react-router';
import { streamLimits } from '../../../../common/dashboards-streams.ts';
import { formErrors, formText } from '../../lib/forms.ts';
import { Alert, Button, Dialog, Input, Textarea } from '../../lib/ui/index.ts';
import { useCreateStream } from './api.ts';
import { parseNames } from './names.ts';

const NAME_HINT = 'Letters, digits, dots, dashes and underscores.';

/** Names a new stream with its first fields and tag keys, then opens it. */
export function CreateStreamDialog({ orgId, open, onClose }: { orgId: string; open: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const create = useCreateStream(orgId, idempotencyKey);
  const errors = formErrors(create.error, ['name', 'description', 'fields', 'tagKeys', 'retentionDays'] as const);
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title="New stream" description="Fields and tag keys are also added as points name them.">
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          create.mutate(
            {
              name: formText(form, 'name').trim(),
              description: formText(form, 'description').trim(),
              fields: parseNames(formText(form, 'fields')),
              tagKeys: parseNames(formText(form, 'tagKeys')),
              retentionDays: Number(formText(form, 'retentionDays')),
            },
            { onSuccess: (stream) => void navigate(`/streams/${stream.id}`) },
          );
        }}
      >
        <Input label="Name" name="name" required autoFocus maxLength={streamLimits.name.max} placeholder="room_climate" hint={NAME_HINT} error={errors.fields.name} />
        <Textarea label="Description" name="description" rows={2} maxLength={streamLimits.description.max} error={errors.fields.description} />
        <Input
          label="Fields"
          name="fields"
          placeholder="temperature, humidity"
          hint={`Numeric values, separated by commas; up to ${streamLimits.fields}.`}
          error={errors.fields.fields}
          autoComplete="off"
        />
        <Input
          label="Tag keys"
          name="tagKeys"
          placeholder="room, sensor"
          hint={`What tells series apart, separated by commas; up to ${streamLimits.tagKeys}.`}
          error={errors.fields.tagKeys}
          autoComplete="off"
        />
        <Input
          label="Retention (days)"
          name="retentionDays"
          type="number"
          inputMode="numeric"
          required
          min={streamLimits.retentionDays.min}
          max={streamLimits.retentionDays.max}
          defaultValue={streamLimits.retentionDays.default}
          hint="Older points are deleted."
          error={errors.fields.retentionDays}
          containerClassName="max-w-48"
        />
        {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create stream
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
