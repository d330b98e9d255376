import { useState } from 'react';
import {
  INTEGRATION_EVENTS,
  integrationLimits,
  type Delivery,
  type Integration,
  type IntegrationKind,
} from '../../../../../common/studio-integrations.ts';
import { errorMessage, formErrors, formText } from '../../../lib/forms.ts';
import { formatRelative } from '../../../lib/format.ts';
import { Alert, Badge, Button, Card, CardHeader, Checkbox, Dialog, EmptyState, Icon, Input, Select, SigningSecretDialog, Spinner, cx, useToast, type BadgeTone } from '../../../lib/ui/index.ts';
import { useDeliveries, useIntegrationActions, useIntegrations } from './integrations-api.ts';

const EVENT_LABELS: Record<(typeof INTEGRATION_EVENTS)[number], string> = {
  'message.posted': 'Messages posted',
  'file.uploaded': 'Files uploaded',
  'file.deleted': 'Files deleted',
  'comment.created': 'Comments and replies',
  'comment.resolved': 'Comments resolved',
  'document.created': 'Documents created',
};

const STATUS_TONES: Record<Delivery['status'], BadgeTone> = { pending: 'neutral', retrying: 'warning', succeeded: 'success', failed: 'danger' };

/** A project's Slack and webhook integrations with their delivery log (project admins). */
export function IntegrationsSettings({ projectId }: { projectId: string }) {
  const integrations = useIntegrations(projectId);
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);

  return (
    <Card>
      <CardHeader
        title="Integrations"
        description="Post this project’s activity to Slack, or to your own services as signed webhooks."
        actions={
          <Button size="sm" icon={<Icon name="plus" />} onClick={() => setAdding(true)}>
            Add integration
          </Button>
        }
      />
      {integrations.isPending ? (
        <Spinner label="Loading integrations…" className="m-5" />
      ) : integrations.isError ? (
        <div className="p-5">
          <Alert tone="danger">{errorMessage(integrations.error)}</Alert>
        </div>
      ) : integrations.data.length === 0 ? (
        <EmptyState title="No integrations yet">Add a Slack incoming webhook or an HTTPS endpoint of yours.</EmptyState>
      ) : (
        <ul className="divide-y divide-border">
          {integrations.data.map((integration) => (
            <li key={integration.id}>
              <IntegrationRow projectId={projectId} integration={integration} onSecret={(value) => setSecret({ name: integration.name, value })} />
            </li>
          ))}
        </ul>
      )}
      <AddIntegrationDialog
        projectId={projectId}
        open={adding}
        onClose={() => setAdding(false)}
        onCreated={(name, value) => {
          setAdding(false);
          if (value) setSecret({ name, value });
        }}
      />
      <SigningSecretDialog secret={secret} onClose={() => setSecret(null)} />
    </Card>
  );
}

function IntegrationRow({ projectId, integration, onSecret }: { projectId: string; integration: Integration; onSecret: (secret: string) => void }) {
  const actions = useIntegrationActions(projectId);
  const toast = useToast();
  const [showLog, setShowLog] = useState(false);
  const failed = (err: unknown) => toast(errorMessage(err), 'danger');

  return (
    <div className="px-5 py-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{integration.name}</span>
            <Badge tone={integration.kind === 'slack' ? 'accent' : 'neutral'}>{integration.kind === 'slack' ? 'Slack' : 'Webhook'}</Badge>
            {integration.enabled ? null : <Badge tone="warning">Paused</Badge>}
          </div>
          <p className="mt-0.5 truncate font-mono text-[12px] text-muted">{integration.urlPreview}</p>
          <p className="mt-1 text-[13px] text-muted">{integration.events.map((event) => EVENT_LABELS[event]).join(' · ')}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="secondary" loading={actions.test.isPending} onClick={() => actions.test.mutate(integration.id, { onSuccess: () => { setShowLog(true); toast('Test event queued'); }, onError: failed })}>
            Send test
          </Button>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => actions.update.mutate({ id: integration.id, changes: { enabled: !integration.enabled } }, { onError: failed })}
          >
            {integration.enabled ? 'Pause' : 'Resume'}
          </Button>
          {integration.kind === 'webhook' ? (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                if (window.confirm('Replace the signing secret? The current one stops working at once.')) {
                  actions.rotate.mutate(integration.id, { onSuccess: (result) => result.secret && onSecret(result.secret), onError: failed });
                }
              }}
            >
              New secret
            </Button>
          ) : null}
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Remove ${integration.name}`}
            icon={<Icon name="trash" />}
            onClick={() => {
              if (window.confirm(`Remove ${integration.name} and its delivery log?`)) actions.remove.mutate(integration.id, { onError: failed });
            }}
          />
        </div>
      </div>
      <button type="button" aria-expanded={showLog} onClick={() => setShowLog((v) => !v)} className="mt-2 text-[13px] font-medium text-accent hover:underline">
        {showLog ? 'Hide delivery log' : 'Show delivery log'}
      </button>
      {showLog ? <DeliveryLog integrationId={integration.id} /> : null}
    </div>
  );
}

function DeliveryLog({ integrationId }: { integrationId: string }) {
  const deliveries = useDeliveries(integrationId);
  if (deliveries.isPending) return <Spinner label="Loading deliveries…" className="mt-3" />;
  if (deliveries.isError) return <Alert tone="danger" className="mt-3">{errorMessage(deliveries.error)}</Alert>;
  if (deliveries.items.length === 0) return <p className="mt-3 text-[13px] text-muted">Nothing delivered yet. Send a test event to try the endpoint.</p>;
  return (
    <div className="mt-3 overflow-hidden rounded-lg border border-border">
      <ul className="divide-y divide-border text-[13px]">
        {deliveries.items.map((delivery) => {
          const last = delivery.attempts.at(-1);
          return (
            <li key={delivery.id} className="px-3 py-2">
              <details>
                <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1">
                  <Badge tone={STATUS_TONES[delivery.status]}>{delivery.status}</Badge>
                  <span className="font-mono">{delivery.eventType}</span>
                  <span className="text-muted">
                    {delivery.attempts.length} {delivery.attempts.length === 1 ? 'attempt' : 'attempts'}
                    {last?.statusCode ? ` · HTTP ${last.statusCode}` : ''}
                  </span>
                  <time dateTime={delivery.createdAt} className="ml-auto text-muted">
                    {formatRelative(delivery.createdAt)}
                  </time>
                </summary>
                <ol className="mt-2 space-y-1 border-l-2 border-border pl-3">
                  {delivery.attempts.map((attempt) => (
                    <li key={attempt.attempt} className={cx(attempt.error ? 'text-danger' : 'text-success')}>
                      Attempt {attempt.attempt}: {attempt.statusCode ? `HTTP ${attempt.statusCode}` : 'no answer'} in {attempt.durationMs} ms
                      {attempt.error ? <span className="block break-all text-muted">{attempt.error}</span> : null}
                    </li>
                  ))}
                  {delivery.status === 'retrying' ? <li className="text-muted">Retrying with a growing delay…</li> : null}
                </ol>
              </details>
            </li>
          );
        })}
      </ul>
      {deliveries.hasNextPage ? (
        <div className="border-t border-border p-2 text-center">
          <Button variant="ghost" size="sm" loading={deliveries.isFetchingNextPage} onClick={() => void deliveries.fetchNextPage()}>
            Older deliveries
          </Button>
        </div>
      ) : null}
    </div>
  );
}

const FIELDS = ['name', 'url', 'events'] as const;

function AddIntegrationDialog({ projectId, open, onClose, onCreated }: { projectId: string; open: boolean; onClose: () => void; onCreated: (name: string, secret: string | null) => void }) {
  const actions = useIntegrationActions(projectId);
  const [kind, setKind] = useState<IntegrationKind>('slack');
  const [events, setEvents] = useState<string[]>(['message.posted', 'file.uploaded', 'comment.created']);
  const errors = formErrors(actions.create.error, FIELDS, { webhook_url_refused: 'url' });

  const submit = (form: HTMLFormElement) => {
    actions.create.mutate(
      { kind, name: formText(form, 'name'), url: formText(form, 'url'), events: events as (typeof INTEGRATION_EVENTS)[number][] },
      {
        onSuccess: (result) => {
          actions.create.reset();
          onCreated(result.integration.name, result.secret);
        },
      },
    );
  };

  return (
    <Dialog
      open={open}
      onClose={() => {
        actions.create.reset();
        onClose();
      }}
      title="Add an integration"
      description="Choose what to send and where."
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit(event.currentTarget);
        }}
        className="space-y-4"
        noValidate
      >
        <Select label="Type" value={kind} onChange={(event) => setKind(event.target.value as IntegrationKind)}>
          <option value="slack">Slack incoming webhook</option>
          <option value="webhook">Webhook (signed JSON)</option>
        </Select>
        <Input label="Name" name="name" required maxLength={integrationLimits.name.max} placeholder={kind === 'slack' ? '#design-reviews' : 'Build server'} error={errors.fields.name} />
        <Input
          label="URL"
          name="url"
          type="url"
          required
          maxLength={integrationLimits.url.max}
          placeholder={kind === 'slack' ? 'https://hooks.slack.com/services/…' : 'https://example.com/hooks/fluxworks'}
          hint={kind === 'slack' ? 'Create one in Slack under Apps › Incoming Webhooks. It is stored encrypted.' : 'Receives a POST with a JSON body and an X-Fluxworks-Signature header.'}
          error={errors.fields.url}
        />
        <fieldset>
          <legend className="text-[13px] font-medium">Events</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {INTEGRATION_EVENTS.map((name) => (
              <Checkbox
                key={name}
                label={EVENT_LABELS[name]}
                checked={events.includes(name)}
                onChange={(event) => setEvents((list) => (event.target.checked ? [...list, name] : list.filter((e) => e !== name)))}
              />
            ))}
          </div>
          {errors.fields.events ? <p className="mt-1 text-[13px] text-danger">Pick at least one event.</p> : null}
        </fieldset>
        {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={actions.create.isPending} disabled={events.length === 0}>
            Add integration
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
