import { Fragment, useState } from 'react';
import type { AlertRule, AlertSilence, AlertState } from '../../../../../common/dashboards-alerts.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { Alert, Badge, Button, Card, CardHeader, Dialog, EmptyState, Icon, PageHeader, Select, SigningSecretDialog, Spinner, TBody, THead, Table, Td, Th, Tr, type BadgeTone } from '../../../lib/ui/index.ts';
import { useOrganizationPage } from '../../identity/OrganizationLayout.tsx';
import { formatValue } from '../explorer/format.ts';
import { useAlertHistory, useAlertRules, useAlertSilences, useDeleteAlertRule, useEndSilence, useRotateWebhookSecret, useSilenceRule } from './api.ts';
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
  const silences = useAlertSilences(orgId);
  const endSilence = useEndSilence(orgId);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
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
      {silence.isError || endSilence.isError ? (
        <div className="mb-5">
          <Alert tone="danger">{errorMessage(silence.error ?? endSilence.error)}</Alert>
        </div>
      ) : null}
      {rules.data?.length ? (
        <SilencesCard
          silences={silences.data ?? []}
          rules={rules.data}
          canManage={canManage}
          onSilenceAll={(hours) => silence.mutate({ ruleId: null, hours })}
          onEnd={(silenceId) => endSilence.mutate(silenceId)}
        />
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
                            {(silences.data ?? []).some((s) => s.ruleId === rule.id) ? (
                              <Button
                                variant="ghost"
                                size="sm"
                                loading={endSilence.isPending}
                                onClick={() => (silences.data ?? []).filter((s) => s.ruleId === rule.id).forEach((s) => endSilence.mutate(s.id))}
                              >
                                End silence
                              </Button>
                            ) : null}
                            <SilenceSelect label={`Silence ${rule.name}`} prompt="Silence" className="w-28" onSilence={(hours) => silence.mutate({ ruleId: rule.id, hours })} />
                            <Button variant="ghost" size="sm" aria-label={`Delete ${rule.name}`} icon={<Icon name="trash" />} onClick={() => setDeleting(rule)} />
                          </div>
                        ) : null}
                      </Td>
                    </Tr>
                    {open === rule.id ? (
                      <tr>
                        <td colSpan={5} className="border-t border-border bg-surface-muted/50 px-4 py-3">
                          <RuleDetails rule={rule} canManage={canManage} onSecret={(value) => setSecret({ name: rule.name, value })} />
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
      <CreateRuleDialog orgId={orgId} open={creating} onClose={() => setCreating(false)} onCreated={(rule) => rule.webhookSecret && setSecret({ name: rule.name, value: rule.webhookSecret })} />
      <SigningSecretDialog secret={secret} onClose={() => setSecret(null)} />
      <DeleteRuleDialog orgId={orgId} rule={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}

/** A compact choice of how long to silence for; picking one silences at once. */
function SilenceSelect({ label, prompt, className, onSilence }: { label: string; prompt: string; className: string; onSilence: (hours: number) => void }) {
  return (
    <Select label={label} value="" onChange={(event) => onSilence(Number(event.target.value))} containerClassName={`[&_label]:sr-only ${className}`}>
      <option value="" disabled>
        {prompt}
      </option>
      {SILENCE_HOURS.map((hours) => (
        <option key={hours} value={hours}>
          For {hours} h
        </option>
      ))}
    </Select>
  );
}

/** Silences that have not ended: which rule (or all), until when, and ending one early. */
function SilencesCard({
  silences,
  rules,
  canManage,
  onSilenceAll,
  onEnd,
}: {
  silences: AlertSilence[];
  rules: AlertRule[];
  canManage: boolean;
  onSilenceAll: (hours: number) => void;
  onEnd: (silenceId: string) => void;
}) {
  if (!silences.length && !canManage) return null;
  const ruleName = (ruleId: string | null) => (ruleId === null ? 'Every rule' : (rules.find((r) => r.id === ruleId)?.name ?? 'A removed rule'));
  return (
    <Card className="mb-5">
      <CardHeader
        title="Silences"
        description={silences.length ? 'While a silence is on, rules still change state but no one is told.' : 'No silences. Silence every rule during maintenance, or one rule from its row.'}
        actions={
          canManage ? (
            <SilenceSelect label="Silence every rule" prompt="Silence all rules" className="w-40" onSilence={onSilenceAll} />
          ) : null
        }
      />
      {silences.length ? (
        <ul aria-label="Silences" className="divide-y divide-border">
          {silences.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-5 py-3 text-sm">
              <span className="font-medium">{ruleName(s.ruleId)}</span>
              <span className="text-muted">
                From {formatDateTime(s.startsAt)} until {formatDateTime(s.endsAt)}
              </span>
              {s.reason ? <span className="text-muted">· {s.reason}</span> : null}
              {canManage ? (
                <Button className="ml-auto" variant="secondary" size="sm" onClick={() => onEnd(s.id)}>
                  End now
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

/** A rule's history and, for a webhook, its signature state and a new secret on demand. */
function RuleDetails({ rule, canManage, onSecret }: { rule: AlertRule; canManage: boolean; onSecret: (secret: string) => void }) {
  const rotate = useRotateWebhookSecret();
  return (
    <div className="space-y-3">
      {rule.notify.webhookUrl ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-muted">Webhook</span>
          <code className="min-w-0 truncate font-mono text-[13px]">{rule.notify.webhookUrl}</code>
          <Badge tone={rule.webhookSigned ? 'success' : 'warning'}>{rule.webhookSigned ? 'Signed' : 'Not signed'}</Badge>
          {canManage ? (
            <Button variant="secondary" size="sm" loading={rotate.isPending} onClick={() => rotate.mutate(rule.id, { onSuccess: (updated) => updated.webhookSecret && onSecret(updated.webhookSecret) })}>
              {rule.webhookSigned ? 'New signing secret' : 'Sign deliveries'}
            </Button>
          ) : null}
          {rotate.isError ? <Alert tone="danger">{errorMessage(rotate.error)}</Alert> : null}
        </div>
      ) : null}
      <RuleHistory ruleId={rule.id} />
    </div>
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
