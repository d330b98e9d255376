import { useState } from 'react';
import type { MqttSource } from '../../../../../common/dashboards-mqtt.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { Alert, Badge, Button, Card, CardHeader, Dialog, EmptyState, Icon, Spinner, useToast } from '../../../lib/ui/index.ts';
import { useStreamOptions } from '../api.ts';
import { useMqttSourceActions, useMqttSources } from './api.ts';
import { MqttSourceDialog } from './MqttSourceDialog.tsx';

const count = new Intl.NumberFormat();

function Stat({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-[12px] text-muted">{label}</dt>
      <dd className="truncate font-medium tabular-nums" title={title}>
        {value}
      </dd>
    </div>
  );
}

function SourceItem({ source, target, onDelete }: { source: MqttSource; target: string; onDelete: () => void }) {
  const toast = useToast();
  const { update } = useMqttSourceActions(source.orgId);
  const { status } = source;
  return (
    <li className="space-y-3 px-5 py-4">
      <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="font-medium">{source.name}</h3>
            {source.enabled ? <Badge tone="success">Active</Badge> : <Badge>Paused</Badge>}
          </div>
          <p className="truncate font-mono text-[12px] text-muted" title={`${source.brokerUrl} ${source.topic}`}>
            {source.brokerUrl} · {source.topic}
          </p>
          <p className="text-[13px] text-muted">{target}</p>
        </div>
        <div className="flex gap-2">
          <Button
            variant="secondary"
            size="sm"
            loading={update.isPending}
            onClick={() =>
              update.mutate(
                { source, body: { enabled: !source.enabled } },
                { onSuccess: () => toast(source.enabled ? `“${source.name}” paused` : `“${source.name}” resumed`), onError: (error) => toast(errorMessage(error), 'danger') },
              )
            }
          >
            {source.enabled ? 'Pause' : 'Resume'}
          </Button>
          <Button variant="ghost" size="sm" className="text-danger" icon={<Icon name="trash" />} onClick={onDelete}>
            Delete
          </Button>
        </div>
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Messages" value={count.format(status.messages)} />
        <Stat label="Points accepted" value={count.format(status.acceptedPoints)} />
        <Stat label="Points rejected" value={count.format(status.rejectedPoints)} />
        <Stat label="Last message" value={formatRelative(status.lastMessageAt)} title={formatDateTime(status.lastMessageAt)} />
      </dl>
      {status.lastError ? (
        <Alert tone="warning" title="Last error">
          <span className="break-words">{status.lastError}</span>
        </Alert>
      ) : null}
    </li>
  );
}

/** Broker topics the organisation subscribes to, with what each has received (organisation admins). */
export function MqttSources({ orgId }: { orgId: string }) {
  const toast = useToast();
  const sources = useMqttSources(orgId);
  const streams = useStreamOptions(orgId);
  const { remove } = useMqttSourceActions(orgId);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<MqttSource | null>(null);
  const streamName = (streamId: string | null) => streams.data?.find((stream) => stream.id === streamId)?.name ?? 'a deleted stream';
  const targetOf = (source: MqttSource) => (source.format === 'line' ? 'Line protocol, each measurement into its stream' : `JSON into ${streamName(source.streamId)}`);

  return (
    <Card className="mt-8">
      <CardHeader
        title="MQTT sources"
        description="Broker topics Fluxworks subscribes to. Messages are acknowledged only once stored. Visible to admins."
        actions={
          <Button size="sm" icon={<Icon name="plus" />} onClick={() => setAdding(true)}>
            Add source
          </Button>
        }
      />
      {sources.isPending ? (
        <div className="p-5">
          <Spinner label="Loading MQTT sources…" />
        </div>
      ) : sources.isError ? (
        <div className="p-5">
          <Alert tone="danger">{errorMessage(sources.error)}</Alert>
        </div>
      ) : sources.data.length === 0 ? (
        <EmptyState title="No MQTT sources">Subscribe to a topic to store what devices publish, as JSON points or line protocol.</EmptyState>
      ) : (
        <ul className="divide-y divide-border">
          {sources.data.map((source) => (
            <SourceItem key={source.id} source={source} target={targetOf(source)} onDelete={() => setDeleting(source)} />
          ))}
        </ul>
      )}
      <MqttSourceDialog orgId={orgId} open={adding} onClose={() => setAdding(false)} />
      <Dialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={deleting ? `Delete “${deleting.name}”?` : 'Delete source'}
        description="Fluxworks unsubscribes from the topic. Points already stored stay."
        footer={
          <>
            <Button variant="secondary" onClick={() => setDeleting(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              loading={remove.isPending}
              onClick={() =>
                deleting &&
                remove.mutate(deleting, {
                  onSuccess: () => {
                    toast(`“${deleting.name}” deleted`);
                    setDeleting(null);
                  },
                  onError: (error) => toast(errorMessage(error), 'danger'),
                })
              }
            >
              Delete source
            </Button>
          </>
        }
      />
    </Card>
  );
}
