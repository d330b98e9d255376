import { useDeferredValue, useState } from 'react';
import { streamLimits, type Stream } from '../../../../common/dashboards-streams.ts';
import { query } from '../../lib/api.ts';
import { useCursorList } from '../../lib/useCursorList.ts';
import { Alert, Button, Card, CardBody, CardHeader, Dialog, EmptyState, Icon, PageHeader, Spinner } from '../../lib/ui/index.ts';
import { useOrganizationPage } from '../identity/OrganizationLayout.tsx';
import { dashboardKeys } from './api.ts';
import { CreateStreamDialog } from './CreateStreamDialog.tsx';
import { MqttSources } from './mqtt/MqttSources.tsx';
import { SendDataGuide } from './SendDataGuide.tsx';
import { StreamsTable } from './StreamsTable.tsx';

/** The organisation's data streams, how to send points into them, and (for admins) the MQTT topics that feed them. */
export function StreamsPage() {
  const { orgId, org } = useOrganizationPage();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [guideOpen, setGuideOpen] = useState(false);
  const q = useDeferredValue(search.trim());
  const streams = useCursorList<Stream>(dashboardKeys.streams(orgId, { q }), `/orgs/${orgId}/streams${query({ q, limit: 50 })}`);
  const canCreate = org.role !== 'viewer';
  const isAdmin = org.role === 'owner' || org.role === 'admin';
  const empty = !streams.isPending && !streams.isError && streams.items.length === 0;

  return (
    <>
      <PageHeader
        title="Streams"
        description={`Time series of ${org.organization.name}: numeric fields told apart by tags, written over HTTP, line protocol or MQTT.`}
        actions={
          <>
            {empty && !q ? null : (
              <Button variant="secondary" onClick={() => setGuideOpen(true)}>
                Send data
              </Button>
            )}
            {canCreate ? (
              <Button icon={<Icon name="plus" />} onClick={() => setCreating(true)}>
                New stream
              </Button>
            ) : null}
          </>
        }
      />
      <label className="relative mb-5 block min-w-0 sm:max-w-sm">
        <span className="sr-only">Search streams</span>
        <Icon name="search" className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-muted" />
        <input
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder="Search by name"
          maxLength={streamLimits.name.max}
          className="h-9 w-full rounded-lg border border-border bg-surface pr-3 pl-9 text-sm outline-none focus-visible:ring-2 focus-visible:ring-accent"
        />
      </label>

      {streams.isPending ? (
        <Spinner label="Loading streams…" />
      ) : streams.isError ? (
        <Alert tone="danger">{streams.error.message}</Alert>
      ) : streams.items.length === 0 ? (
        q ? (
          <Card>
            <EmptyState title={`No stream matches “${q}”`} />
          </Card>
        ) : (
          <Card>
            <CardHeader title="No streams yet" description="Send points from a script, a device or Telegraf; streams named by line protocol are made on first use." />
            <CardBody>
              <SendDataGuide orgId={orgId} />
            </CardBody>
          </Card>
        )
      ) : (
        <Card>
          <StreamsTable streams={streams.items} />
        </Card>
      )}
      {streams.hasNextPage ? (
        <div className="mt-5 flex justify-center">
          <Button variant="secondary" loading={streams.isFetchingNextPage} onClick={() => void streams.fetchNextPage()}>
            Show more
          </Button>
        </div>
      ) : null}

      {isAdmin ? <MqttSources orgId={orgId} /> : null}

      <CreateStreamDialog orgId={orgId} open={creating} onClose={() => setCreating(false)} />
      <Dialog open={guideOpen} onClose={() => setGuideOpen(false)} title="Send data">
        <SendDataGuide orgId={orgId} />
      </Dialog>
    </>
  );
}
