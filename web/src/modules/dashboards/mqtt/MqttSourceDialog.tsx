import { useState } from 'react';
import { MQTT_FORMATS, mqttLimits } from '../../../../../common/dashboards-mqtt.ts';
import { formErrors, formText } from '../../../lib/forms.ts';
import { Alert, Button, Dialog, Input, Select } from '../../../lib/ui/index.ts';
import { useStreamOptions } from '../api.ts';
import { useCreateMqttSource } from './api.ts';

type Format = (typeof MQTT_FORMATS)[number];

const formatLabels: Record<Format, string> = {
  json: 'JSON points into one stream',
  line: 'Line protocol, each measurement into its stream',
};

/** Subscribes the organisation to a broker topic; the password is sealed on the server and never shown again. */
export function MqttSourceDialog({ orgId, open, onClose }: { orgId: string; open: boolean; onClose: () => void }) {
  const [format, setFormat] = useState<Format>('json');
  const streams = useStreamOptions(orgId);
  const create = useCreateMqttSource(orgId);
  const errors = formErrors(create.error, ['name', 'brokerUrl', 'topic', 'streamId', 'username', 'password'] as const);
  const close = () => {
    create.reset();
    onClose();
  };
  const optional = (value: string) => value || undefined;
  return (
    <Dialog open={open} onClose={close} title="Add MQTT source" description="Fluxworks subscribes to the topic and stores each message it receives.">
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          create.mutate(
            {
              name: formText(form, 'name').trim(),
              brokerUrl: formText(form, 'brokerUrl').trim(),
              topic: formText(form, 'topic').trim(),
              format,
              streamId: format === 'json' ? optional(formText(form, 'streamId')) : undefined,
              username: optional(formText(form, 'username')),
              password: optional(formText(form, 'password')),
            },
            { onSuccess: close },
          );
        }}
      >
        <Input label="Name" name="name" required autoFocus maxLength={mqttLimits.name.max} placeholder="Greenhouse sensors" error={errors.fields.name} />
        <Input
          label="Broker URL"
          name="brokerUrl"
          required
          type="url"
          placeholder="mqtt://broker.example.com:1883"
          hint="mqtt://, mqtts://, ws:// or wss://"
          error={errors.fields.brokerUrl}
        />
        <Input label="Topic" name="topic" required maxLength={mqttLimits.topic.max} placeholder="sensors/+/climate" hint="Wildcards + and # are allowed." error={errors.fields.topic} />
        <Select label="Message format" name="format" value={format} onChange={(event) => setFormat(event.target.value as Format)}>
          {MQTT_FORMATS.map((value) => (
            <option key={value} value={value}>
              {formatLabels[value]}
            </option>
          ))}
        </Select>
        {format === 'json' ? (
          <Select label="Target stream" name="streamId" required error={errors.fields.streamId} disabled={streams.isPending} defaultValue="">
            <option value="" disabled>
              {streams.isPending ? 'Loading streams…' : streams.data?.length ? 'Choose a stream' : 'Create a stream first'}
            </option>
            {streams.data?.map((stream) => (
              <option key={stream.id} value={stream.id}>
                {stream.name}
              </option>
            ))}
          </Select>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <Input label="Username" name="username" autoComplete="off" error={errors.fields.username} />
          <Input label="Password" name="password" type="password" autoComplete="new-password" hint="Stored sealed, never shown again." error={errors.fields.password} />
        </div>
        {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Add source
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
