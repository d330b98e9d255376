import { useState } from 'react';
import { query } from '../../lib/api.ts';
import { errorMessage } from '../../lib/forms.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { AuditEvent, Member } from '../../lib/types.ts';
import { useCursorList } from '../../lib/useCursorList.ts';
import { Alert, Badge, Button, Card, EmptyState, Input, PageHeader, Select, Spinner, TBody, THead, Table, Td, Th, Tr, type BadgeTone } from '../../lib/ui/index.ts';
import { useOrganizationPage } from '../identity/OrganizationLayout.tsx';
import { keys } from '../identity/queries.ts';

interface Filters {
  action: string;
  actorUserId: string;
  from: string;
  to: string;
}

const emptyFilters: Filters = { action: '', actorUserId: '', from: '', to: '' };

function tone(action: string): BadgeTone {
  if (/fail|revok|remov|delet|disabl|reuse/.test(action)) return 'danger';
  if (/role|2fa|two_factor|password/.test(action)) return 'warning';
  if (/creat|accept|enabl|sign/.test(action)) return 'success';
  return 'neutral';
}

/** Dates from the filter inputs as ISO instants: `to` covers the whole chosen day. */
function toQuery(filters: Filters): string {
  return query({
    action: filters.action.trim() || undefined,
    actorUserId: filters.actorUserId || undefined,
    from: filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : undefined,
    to: filters.to ? new Date(`${filters.to}T23:59:59.999`).toISOString() : undefined,
  });
}

export function AuditLogPage() {
  const { orgId, org, can } = useOrganizationPage();
  const [filters, setFilters] = useState<Filters>(emptyFilters);
  const [draft, setDraft] = useState<Filters>(emptyFilters);
  const allowed = can('readAudit');
  const events = useCursorList<AuditEvent>(keys.audit(orgId, filters), `/orgs/${orgId}/audit${toQuery(filters)}`, { enabled: allowed });
  const members = useCursorList<Member>(keys.members(orgId), `/orgs/${orgId}/members?limit=100`, { enabled: allowed });

  if (!allowed) {
    return (
      <>
        <PageHeader title="Audit log" />
        <Alert>Only admins and owners of {org.organization.name} can read the audit log.</Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Audit log" description={`Security events in ${org.organization.name}: sign-ins, role changes, invitations, keys and more.`} />
      <Card className="mb-6">
        <form
          className="grid gap-4 p-5 sm:grid-cols-2 lg:grid-cols-[1.2fr_1.2fr_1fr_1fr_auto] lg:items-end"
          onSubmit={(event) => {
            event.preventDefault();
            setFilters(draft);
          }}
        >
          <Input label="Action" placeholder="org.member_role_changed" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} />
          <Select label="Actor" value={draft.actorUserId} onChange={(e) => setDraft({ ...draft, actorUserId: e.target.value })}>
            <option value="">Anyone</option>
            {members.items.map((m) => (
              <option key={m.user.id} value={m.user.id}>
                {m.user.displayName}
              </option>
            ))}
          </Select>
          <Input label="From" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          <Input label="To" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          <div className="flex gap-2 sm:col-span-2 lg:col-span-1">
            <Button type="submit">Apply</Button>
            <Button
              variant="ghost"
              onClick={() => {
                setDraft(emptyFilters);
                setFilters(emptyFilters);
              }}
            >
              Reset
            </Button>
          </div>
        </form>
      </Card>
      <Card>
        {events.isPending ? (
          <div className="p-5">
            <Spinner label="Loading events…" />
          </div>
        ) : events.isError ? (
          <div className="p-5">
            <Alert tone="danger">{errorMessage(events.error)}</Alert>
          </div>
        ) : events.items.length === 0 ? (
          <EmptyState title="No events match">Try a wider date range or another action.</EmptyState>
        ) : (
          <Table label="Audit events">
            <THead>
              <Th>Time</Th>
              <Th>Action</Th>
              <Th>Actor</Th>
              <Th className="hidden md:table-cell">Target</Th>
              <Th className="hidden lg:table-cell">IP</Th>
            </THead>
            <TBody>
              {events.items.map((event) => (
                <Tr key={event.id}>
                  <Td className="text-[13px] whitespace-nowrap text-muted">{formatDateTime(event.createdAt)}</Td>
                  <Td>
                    <Badge tone={tone(event.action)} className="font-mono">
                      {event.action}
                    </Badge>
                    <MetadataSummary metadata={event.metadata} />
                  </Td>
                  <Td className="max-w-[12rem]">
                    <p className="truncate">{event.actor?.displayName ?? 'System'}</p>
                    {event.actor ? <p className="truncate text-[12px] text-muted">{event.actor.email}</p> : null}
                  </Td>
                  <Td className="hidden text-[13px] text-muted md:table-cell">{event.targetType ?? '—'}</Td>
                  <Td className="hidden font-mono text-[12px] text-muted lg:table-cell">{event.ip ?? '—'}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
        {events.hasNextPage ? (
          <div className="border-t border-border p-3 text-center">
            <Button variant="secondary" size="sm" loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
              Load more
            </Button>
          </div>
        ) : null}
      </Card>
    </>
  );
}

function MetadataSummary({ metadata }: { metadata: Record<string, unknown> }) {
  const entries = Object.entries(metadata).filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value));
  if (!entries.length) return null;
  return (
    <p className="mt-1 max-w-xs truncate text-[12px] text-muted">
      {entries.map(([key, value]) => `${key}: ${String(value)}`).join(' · ')}
    </p>
  );
}
