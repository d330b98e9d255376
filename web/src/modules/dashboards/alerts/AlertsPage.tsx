import { Fragment, useState } from 'react';
import type { AlertRule, AlertState } from '../../../../../common/dashboards-alerts.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { Alert, Badge, Button, Card, Dialog, EmptyState, Icon, PageHeader, Select, Spinner, TBody, THead, Table, Td, Th, Tr, type BadgeTone } from '../../../lib/ui/index.ts';
import { useOrganizationPage } from '../../identity/OrganizationLayout.tsx';
import { formatValue } from '../explorer/format.ts';
import { useAlertHistory, useAlertRules, useDeleteAlertRule, useSilenceRule } from './api.ts';
import { CreateRuleDialog } from './CreateRuleDialog.tsx';

const stateTones: Record<AlertState, BadgeTone> = { ok: 'success', pending: 'warning', firing: 'danger', resolved: 'accent' };
const SILENCE_HOURS = [1, 4, 24] as const;

function describeRule(rule: AlertRule): string {
  const subject = `${rule.agg} of ${rule.field} over ${Math.round(rule.windowSeconds / 60)} min`;
  if (rule.condition.kind === 'threshold') return `${subject} ${rule.condition.operator} ${rule.condition.value}`;
  if (rule.condition.kind === 'no_data') return `No ${rule.field} points in ${Math.round(rule.windowSeconds / 60)} min`;
  return `${subject} strays ${rule.condition.zScore} deviations from its baseline`;
}

/** The organisation's alert rules with their state, history, silences, and (for members) making and removing them. */
export function AlertsPage() {
  const { orgId, org } = useOrganizationPage();
  const rules = useAlertRules(orgId);
  const silence = useSilenceRule(orgId);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const canManage = org.role !== 'viewer';

  return (
    <>
      <PageHeader
        title="Alerts"
        description="Rules that watch a field of a stream every minute and tell people when it goes wrong and when it recovers."
        actions={
          canManage ? (
            <Button icon={<Icon name="plus" />} onClick={() => setCreating(true)}>
              New rule
            </Button>
          ) : null
        }
      />
      {silence.isError ? (
        <div className="mb-5">
          <Alert tone="danger">{errorMessage(silence.error)}</Alert>
        </div>
      ) : null}
      {rules.isPending ? (
        <Spinner label="Loading alert rules…" />
      ) : rules.isError ? (
        <Alert tone="danger">{errorMessage(rules.error)}</Alert>
      ) : rules.data.length === 0 ? (
        <Card>
          <EmptyState title="No alert rules yet">{canManage ? 'Make one to hear when a value crosses a line, stops arriving or looks unusual.' : 'Members of the organisation make them.'}</EmptyState>
        </Card>
      ) : (
        <Card>
          <Table label="Alert rules">
            <THead>
              <Th>Rule</Th>
              <Th>State</Th>
              <Th className="hidden sm:table-cell">Last value</Th>
              <Th className="hidden md:table-cell">Evaluated</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </THead>
            <TBody>
              {rules.data.map((rule) => {
                return (
                  <Fragment key={rule.id}>
                    <Tr>
                      <Td className="max-w-80">
                        <button
                          type="button"
                          aria-expanded={open === rule.id}
                          onClick={() => setOpen(open === rule.id ? null : rule.id)}
                          className="rounded text-left font-medium text-fg hover:text-accent focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
                        >
                          {rule.name}
                        </button>
                        <p className="text-[13px] text-muted">{describeRule(rule)}</p>
                        {rule.silencedUntil ? <p className="text-[13px] text-muted">Silenced until {formatDateTime(rule.silencedUntil)}</p> : null}
                      </Td>
                      <Td>
                        <div className="flex flex-wrap gap-1">
                          <Badge tone={stateTones[rule.state]}>{rule.state}</Badge>
                          {rule.enabled ? null : <Badge>Disabled</Badge>}
                        </div>
                      </Td>
                      <Td className="hidden text-muted tabular-nums sm:table-cell">{formatValue(rule.lastValue)}</Td>
                      <Td className="hidden whitespace-nowrap text-muted md:table-cell">{rule.lastEvaluatedAt ? formatRelative(rule.lastEvaluatedAt) : 'Not yet'}</Td>
                      <Td>
                        {canManage ? (
                          <div className="flex items-center justify-end gap-1">
                            <Select
                              label={`Silence ${rule.name}`}
                              value=""
                              onChange={(event) => silence.mutate({ ruleId: rule.id, hours: Number(event.target.value) })}
                              containerClassName="[&_label]:sr-only w-28"
                            >
                              <option value="" disabled>
                                Silence
                              </option>
                              {SILENCE_HOURS.map((hours) => (
                                <option key={hours} value={hours}>
                                  For {hours} h
                                </option>
                              ))}
                            </Select>
                            <Button variant="ghost" size="sm" aria-label={`Delete ${rule.name}`} icon={<Icon name="trash" />} onClick={() => setDeleting(rule)} />
                          </div>
                        ) : null}
                      </Td>
                    </Tr>
                    {open === rule.id ? (
                      <tr>
                        <td colSpan={5} className="border-t border-border bg-surface-muted/50 px-4 py-3">
                          <RuleHistory ruleId={rule.id} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </TBody>
          </Table>
        </Card>
      )}
      <CreateRuleDialog orgId={orgId} open={creating} onClose={() => setCreating(false)} />
      <DeleteRuleDialog orgId={orgId} rule={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}

function RuleHistory({ ruleId }: { ruleId: string }) {
  const history = useAlertHistory(ruleId);
  if (history.isPending) return <Spinner label="Loading history…" />;
  if (history.isError) return <Alert tone="danger">{errorMessage(history.error)}</Alert>;
  if (!history.data.events.length) return <p className="text-sm text-muted">No state changes yet.</p>;
  return (
    <ol aria-label="History" className="space-y-1.5 text-sm">
      {history.data.events.map((event) => (
        <li key={event.id} className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="text-muted tabular-nums">{formatDateTime(event.at)}</span>
          <Badge tone={stateTones[event.toState]}>{event.toState}</Badge>
          <span>{event.message}</span>
          {event.silenced ? <Badge>Silenced</Badge> : null}
        </li>
      ))}
    </ol>
  );
}

function DeleteRuleDialog({ orgId, rule, onClose }: { orgId: string; rule: AlertRule | null; onClose: () => void }) {
  const remove = useDeleteAlertRule(orgId);
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Dialog open={rule !== null} onClose={close} title="Delete alert rule?" description={rule ? `“${rule.name}” and its history go; no one hears of it again.` : undefined}>
      {remove.isError ? <Alert tone="danger">{errorMessage(remove.error)}</Alert> : null}
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={close}>
          Cancel
        </Button>
        <Button variant="danger" loading={remove.isPending} onClick={() => rule && remove.mutate(rule.id, { onSuccess: close })}>
          Delete
        </Button>
      </div>
    </Dialog>
  );
}
