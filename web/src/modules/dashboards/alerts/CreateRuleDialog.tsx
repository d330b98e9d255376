import { useState } from 'react';
import { THRESHOLD_OPERATORS, alertLimits, type AlertCondition, type AlertRuleWithSecret, type ThresholdOperator } from '../../../../../common/dashboards-alerts.ts';
import { AGGREGATES, type Aggregate } from '../../../../../common/dashboards-streams.ts';
import { formErrors } from '../../../lib/forms.ts';
import { Alert, Button, Dialog, Input, Select } from '../../../lib/ui/index.ts';
import { useStreamOptions } from '../api.ts';
import { parseNames } from '../names.ts';
import { useCreateAlertRule } from './api.ts';

type ConditionKind = AlertCondition['kind'];

const conditionLabels: Record<ConditionKind, string> = { threshold: 'Crosses a threshold', no_data: 'No data', anomaly: 'Anomaly' };

/** A new rule: which field of which stream, aggregated over how long, what makes it fire, and who hears. */
export function CreateRuleDialog({ orgId, open, onClose, onCreated }: { orgId: string; open: boolean; onClose: () => void; onCreated: (rule: AlertRuleWithSecret) => void }) {
  const streams = useStreamOptions(orgId);
  const create = useCreateAlertRule(orgId);
  const [name, setName] = useState('');
  const [streamId, setStreamId] = useState('');
  const [field, setField] = useState('');
  const [agg, setAgg] = useState<Aggregate>('avg');
  const [windowMinutes, setWindowMinutes] = useState('5');
  const [kind, setKind] = useState<ConditionKind>('threshold');
  const [operator, setOperator] = useState<ThresholdOperator>('>');
  const [threshold, setThreshold] = useState('');
  const [emails, setEmails] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [slackWebhookUrl, setSlackWebhookUrl] = useState('');
  const stream = streams.data?.find((item) => item.id === streamId) ?? streams.data?.[0];
  const fieldChoice = stream?.fields.includes(field) ? field : (stream?.fields[0] ?? '');
  const errors = formErrors(create.error, ['name', 'field', 'windowSeconds', 'condition', 'notify'] as const);
  const close = () => {
    create.reset();
    onClose();
  };
  const condition = (): AlertCondition =>
    kind === 'threshold' ? { kind, operator, value: Number(threshold) } : kind === 'anomaly' ? { kind, zScore: 3.5, baselineSeconds: 86_400 } : { kind };

  return (
    <Dialog open={open} onClose={close} title="New alert rule" description="Checked every minute against the aggregate of the last window.">
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (!stream) return;
          create.mutate(
            {
              name: name.trim(),
              streamId: stream.id,
              field: fieldChoice,
              agg,
              windowSeconds: Math.round(Number(windowMinutes) * 60),
              condition: condition(),
              notify: { userIds: [], emails: parseNames(emails), webhookUrl: webhookUrl.trim() || undefined, slackWebhookUrl: slackWebhookUrl.trim() || undefined },
            },
            {
              onSuccess: (rule) => {
                setName('');
                setThreshold('');
                setEmails('');
                setWebhookUrl('');
                setSlackWebhookUrl('');
                close();
                onCreated(rule);
              },
            },
          );
        }}
      >
        <Input label="Name" value={name} onChange={(event) => setName(event.target.value)} required autoFocus maxLength={alertLimits.name.max} placeholder="Office too warm" error={errors.fields.name} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Select label="Stream" value={stream?.id ?? ''} onChange={(event) => setStreamId(event.target.value)} disabled={!streams.data?.length}>
            {streams.data?.length ? null : <option value="">{streams.isPending ? 'Loading…' : 'No streams yet'}</option>}
            {streams.data?.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </Select>
          <Select label="Field" value={fieldChoice} onChange={(event) => setField(event.target.value)} disabled={!stream?.fields.length} error={errors.fields.field}>
            {stream?.fields.length ? null : <option value="">No fields yet</option>}
            {stream?.fields.map((item) => (
              <option key={item} value={item}>
                {item}
              </option>
            ))}
          </Select>
          <Select label="Aggregate" value={agg} onChange={(event) => setAgg(event.target.value as Aggregate)}>
            {AGGREGATES.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </Select>
          <Input
            label="Window (minutes)"
            type="number"
            inputMode="numeric"
            required
            min={alertLimits.windowSeconds.min / 60}
            max={alertLimits.windowSeconds.max / 60}
            value={windowMinutes}
            onChange={(event) => setWindowMinutes(event.target.value)}
            error={errors.fields.windowSeconds}
          />
          <Select label="Condition" value={kind} onChange={(event) => setKind(event.target.value as ConditionKind)}>
            {(Object.keys(conditionLabels) as ConditionKind[]).map((choice) => (
              <option key={choice} value={choice}>
                {conditionLabels[choice]}
              </option>
            ))}
          </Select>
          {kind === 'threshold' ? (
            <div className="grid grid-cols-[5rem_1fr] gap-2">
              <Select label="Operator" value={operator} onChange={(event) => setOperator(event.target.value as ThresholdOperator)}>
                {THRESHOLD_OPERATORS.map((choice) => (
                  <option key={choice} value={choice}>
                    {choice}
                  </option>
                ))}
              </Select>
              <Input label="Threshold" type="number" step="any" required value={threshold} onChange={(event) => setThreshold(event.target.value)} error={errors.fields.condition} />
            </div>
          ) : null}
        </div>
        <Input
          label="Emails (optional)"
          value={emails}
          onChange={(event) => setEmails(event.target.value)}
          placeholder="ops@example.com, oncall@example.com"
          hint="Separated by commas. You hear of it in the app as the rule's creator."
          error={errors.fields.notify}
          autoComplete="off"
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Input
            label="Webhook URL (optional)"
            type="url"
            value={webhookUrl}
            onChange={(event) => setWebhookUrl(event.target.value)}
            placeholder="https://ops.example.com/hooks/alerts"
            hint="Receives a signed JSON POST on firing and on recovery."
            autoComplete="off"
          />
          <Input
            label="Slack webhook URL (optional)"
            type="url"
            value={slackWebhookUrl}
            onChange={(event) => setSlackWebhookUrl(event.target.value)}
            placeholder="https://hooks.slack.com/services/…"
            hint="A Slack incoming webhook; the message names the rule and its value."
            autoComplete="off"
          />
        </div>
        {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!fieldChoice}>
            Create rule
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
