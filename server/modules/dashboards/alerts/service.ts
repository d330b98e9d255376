import {
  alertLimits,
  createAlertRuleBodySchema,
  createAlertSilenceBodySchema,
  updateAlertRuleBodySchema,
  type AlertRule,
  type AlertRuleWithSecret,
  type CreateAlertRuleBody,
  type CreateAlertSilenceBody,
  type UpdateAlertRuleBody,
} from '../../../../common/dashboards-alerts.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { createSecretBox } from '../../../platform/auth/secret-box.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { assertDeliverableUrl } from '../../../platform/http/outbound.ts';
import { newWebhookSecret, signedWebhookHeaders } from '../../../platform/http/webhook-signature.ts';
import type { DashboardsContext } from '../context.ts';
import { streamCollectionResource } from '../policy.ts';
import { aggregateOver, aggregateRaw, findSeries } from '../streams/points.repository.ts';
import { findStream } from '../streams/repository.ts';
import type { StreamsService } from '../streams/streams.service.ts';
import { conditionHolds, nextState, type Reading } from './evaluate.ts';
import {
  activeSilence,
  countAlertRules,
  currentAlertSilences,
  deleteAlertRule,
  deleteAlertSilence,
  enabledAlertRules,
  findAlertRule,
  findAlertSilence,
  insertAlertRule,
  insertAlertSilence,
  listAlertEvents,
  listAlertRules,
  recordEvaluation,
  updateAlertRule,
  type AlertRuleRow,
  type AlertSilenceRow,
} from './repository.ts';

export const ALERT_DELIVERY_QUEUE = 'dashboards.alert-delivery';
export interface AlertDelivery {
  url: string;
  body: Record<string, unknown>;
  /** Sign with this rule's webhook secret at the time of each attempt; Slack deliveries are not signed. */
  signedByRule?: string;
}

const ruleNotFound = () => new AppError('alert_rule_not_found', 404, 'No such alert rule');
const silenceNotFound = () => new AppError('alert_silence_not_found', 404, 'No such silence');
const HISTORY_LIMIT = 200;

export function presentAlertRule(row: AlertRuleRow, silences: AlertSilenceRow[], now = new Date()): AlertRule {
  const silence = silences.find((s) => (s.ruleId === null || s.ruleId === row.id) && s.startsAt <= now && s.endsAt > now);
  return {
    id: row.id,
    orgId: row.orgId,
    name: row.name,
    streamId: row.streamId,
    field: row.field,
    agg: row.agg,
    tags: row.tags,
    windowSeconds: row.windowSeconds,
    forSeconds: row.forSeconds,
    condition: row.condition,
    notify: row.notify,
    enabled: row.enabled,
    state: row.state,
    stateSince: row.stateSince.toISOString(),
    lastValue: row.lastValue,
    lastEvaluatedAt: row.lastEvaluatedAt?.toISOString() ?? null,
    silencedUntil: silence?.endsAt.toISOString() ?? null,
    webhookSigned: row.webhookSecretSealed !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

const formatValue = (value: number | null) => (value === null ? 'no data' : Number.isInteger(value) ? String(value) : value.toPrecision(4));

function describe(rule: AlertRuleRow, state: string, value: number | null): string {
  const what = `${rule.agg}(${rule.field}) over ${String(rule.windowSeconds / 60)} min`;
  const condition =
    rule.condition.kind === 'threshold'
      ? `${rule.condition.operator} ${String(rule.condition.value)}`
      : rule.condition.kind === 'no_data'
        ? 'has no data'
        : `is an anomaly (|z| > ${String(rule.condition.zScore)})`;
  return state === 'resolved' ? `${rule.name} resolved: ${what} is ${formatValue(value)}` : `${rule.name}: ${what} ${condition}, now ${formatValue(value)}`;
}

/** Alert rules of an organisation's streams, their evaluation every minute, silences and notifications. */
export function alertsService(ctx: DashboardsContext, streams: StreamsService) {
  const { db, policies } = ctx;
  const allowPrivate = () => ctx.config.webhooks.allowPrivateUrls;
  const secrets = createSecretBox(ctx.config.secrets.dataEncryption, 'dashboards-alert-webhooks');

  async function authorizeRule(actor: Actor, ruleId: string): Promise<AlertRuleRow> {
    const rule = await findAlertRule(db, ruleId);
    if (!rule) throw ruleNotFound();
    try {
      await policies.authorize(actor, 'manageAlerts', streamCollectionResource(rule.orgId));
    } catch (err) {
      if (err instanceof AppError && err.status === 404) throw ruleNotFound();
      throw err;
    }
    return rule;
  }

  async function checkUrls(notify: { webhookUrl?: string; slackWebhookUrl?: string } | undefined) {
    if (notify?.webhookUrl) await assertDeliverableUrl(notify.webhookUrl, allowPrivate());
    if (notify?.slackWebhookUrl) await assertDeliverableUrl(notify.slackWebhookUrl, allowPrivate());
  }

  async function read(rule: AlertRuleRow, now: Date): Promise<Reading> {
    const stream = await findStream(db, rule.streamId);
    const field = stream ? stream.fields.indexOf(rule.field) : -1;
    if (!stream || field === -1) return { value: null, points: 0, baseline: [] };
    const series = await findSeries(db, stream.id, rule.tags);
    const windowMs = rule.windowSeconds * 1000;
    const selection = { streamId: stream.id, field: field + 1, seriesIds: series.map((s) => s.id), groups: series.map(() => ''), fromMs: now.getTime() - windowMs, toMs: now.getTime() };
    const { value, points } = await aggregateOver(ctx.database, selection, rule.agg);
    if (rule.condition.kind !== 'anomaly') return { value, points, baseline: [] };
    const baselineRows = await aggregateRaw(ctx.database, { ...selection, fromMs: selection.fromMs - rule.condition.baselineSeconds * 1000, toMs: selection.fromMs }, rule.agg, windowMs);
    return { value, points, baseline: baselineRows.flatMap((row) => (row.v === null ? [] : [row.v])) };
  }

  async function announce(rule: AlertRuleRow, state: 'firing' | 'resolved', value: number | null, message: string): Promise<void> {
    const userIds = [...new Set([...rule.notify.userIds, ...(rule.createdBy ? [rule.createdBy] : [])])];
    await ctx.bus.publish('alert.state_changed', { orgId: rule.orgId, ruleId: rule.id, ruleName: rule.name, state, value, message, userIds });
    const subject = state === 'firing' ? `[Firing] ${rule.name}` : `[Resolved] ${rule.name}`;
    for (const to of rule.notify.emails) await ctx.mailer.send({ to, subject, text: `${message}\n\nEvaluated at ${new Date().toISOString()}.` });
    const body = { rule: { id: rule.id, name: rule.name }, state, value, message, at: new Date().toISOString() };
    const deliveries: AlertDelivery[] = [];
    if (rule.notify.webhookUrl) deliveries.push({ url: rule.notify.webhookUrl, body, signedByRule: rule.id });
    // Slack's incoming webhooks take { text }, with *bold* in their mrkdwn.
    if (rule.notify.slackWebhookUrl) deliveries.push({ url: rule.notify.slackWebhookUrl, body: { text: `${state === 'firing' ? ':rotating_light: *Firing*' : ':white_check_mark: *Resolved*'} ${message}` } });
    for (const delivery of deliveries) await ctx.jobs.send(ALERT_DELIVERY_QUEUE, delivery, { retryLimit: 5, retryDelay: ctx.config.webhooks.retryDelaySeconds, retryBackoff: true });
  }

  return {
    async list(actor: Actor, orgId: string): Promise<AlertRule[]> {
      await policies.authorize(actor, 'list', streamCollectionResource(orgId));
      const [rules, silences] = await Promise.all([listAlertRules(db, orgId), currentAlertSilences(db, orgId, new Date())]);
      return rules.map((rule) => presentAlertRule(rule, silences));
    },

    async get(actor: Actor, ruleId: string) {
      const rule = await findAlertRule(db, ruleId);
      if (!rule) throw ruleNotFound();
      await policies.authorize(actor, 'list', streamCollectionResource(rule.orgId)).catch((err: unknown) => {
        throw err instanceof AppError && err.status === 404 ? ruleNotFound() : err;
      });
      const [events, silences] = await Promise.all([listAlertEvents(db, rule.id, HISTORY_LIMIT), currentAlertSilences(db, rule.orgId, new Date())]);
      return { rule: presentAlertRule(rule, silences), events };
    },

    /** A rule with a webhook gets a signing secret, answered this once. */
    async create(actor: Actor, orgId: string, body: CreateAlertRuleBody): Promise<AlertRuleWithSecret> {
      await policies.authorize(actor, 'manageAlerts', streamCollectionResource(orgId));
      const values = createAlertRuleBodySchema.parse(body);
      const stream = await streams.authorizeStream(actor, values.streamId, 'read');
      if (stream.orgId !== orgId) throw new AppError('stream_not_found', 404, 'No such stream');
      if (!stream.fields.includes(values.field)) throw new AppError('field_not_found', 422, `Stream "${stream.name}" has no field "${values.field}"`);
      await checkUrls(values.notify);
      if ((await countAlertRules(db, orgId)) >= alertLimits.rulesPerOrganization) {
        throw new AppError('too_many_alert_rules', 422, `An organisation has at most ${String(alertLimits.rulesPerOrganization)} alert rules`);
      }
      const webhookSecret = values.notify.webhookUrl ? newWebhookSecret() : null;
      const row = await insertAlertRule(db, { orgId, ...values, webhookSecretSealed: webhookSecret ? secrets.seal(webhookSecret) : null, createdBy: actor.userId });
      return { ...presentAlertRule(row, []), webhookSecret };
    },

    /** A webhook added to a rule without one gets a signing secret, answered this once; a removed webhook forgets its secret. */
    async update(actor: Actor, ruleId: string, body: UpdateAlertRuleBody): Promise<AlertRuleWithSecret> {
      const rule = await authorizeRule(actor, ruleId);
      const changes = updateAlertRuleBodySchema.parse(body);
      await checkUrls(changes.notify);
      // A changed condition starts from a clean state rather than carrying a state it no longer means.
      const reset = changes.condition || changes.field || changes.agg || changes.tags ? { state: 'ok' as const, stateSince: new Date() } : {};
      const webhookSecret = changes.notify?.webhookUrl && rule.webhookSecretSealed === null ? newWebhookSecret() : null;
      const sealed = webhookSecret ? { webhookSecretSealed: secrets.seal(webhookSecret) } : changes.notify && !changes.notify.webhookUrl ? { webhookSecretSealed: null } : {};
      const updated = await updateAlertRule(db, rule.id, { ...changes, ...reset, ...sealed });
      if (!updated) throw ruleNotFound();
      return { ...presentAlertRule(updated, await currentAlertSilences(db, rule.orgId, new Date())), webhookSecret };
    },

    /** A new signing secret for the rule's webhook, answered this once; the old one stops signing at once. */
    async rotateWebhookSecret(actor: Actor, ruleId: string): Promise<AlertRuleWithSecret> {
      const rule = await authorizeRule(actor, ruleId);
      if (!rule.notify.webhookUrl) throw new AppError('no_webhook', 422, 'The rule has no webhook to sign for');
      const webhookSecret = newWebhookSecret();
      const updated = await updateAlertRule(db, rule.id, { webhookSecretSealed: secrets.seal(webhookSecret) });
      if (!updated) throw ruleNotFound();
      return { ...presentAlertRule(updated, await currentAlertSilences(db, rule.orgId, new Date())), webhookSecret };
    },

    /**
     * The headers of one delivery attempt. A signed delivery whose rule has gone (or lost its webhook) answers undefined:
     * nothing should go out unsigned to a receiver that expects signatures.
     */
    async deliveryHeaders(delivery: AlertDelivery, body: string): Promise<Record<string, string> | undefined> {
      if (!delivery.signedByRule) return {};
      const sealed = (await findAlertRule(db, delivery.signedByRule))?.webhookSecretSealed;
      const secret = sealed ? secrets.open(sealed) : null;
      return secret ? signedWebhookHeaders(secret, body) : undefined;
    },

    async remove(actor: Actor, ruleId: string): Promise<void> {
      await authorizeRule(actor, ruleId);
      await deleteAlertRule(db, ruleId);
    },

    async listSilences(actor: Actor, orgId: string): Promise<AlertSilenceRow[]> {
      await policies.authorize(actor, 'list', streamCollectionResource(orgId));
      return currentAlertSilences(db, orgId, new Date());
    },

    async silence(actor: Actor, orgId: string, body: CreateAlertSilenceBody): Promise<AlertSilenceRow> {
      await policies.authorize(actor, 'manageAlerts', streamCollectionResource(orgId));
      const values = createAlertSilenceBodySchema.parse(body);
      if (values.ruleId && (await findAlertRule(db, values.ruleId))?.orgId !== orgId) throw ruleNotFound();
      return insertAlertSilence(db, {
        orgId,
        ruleId: values.ruleId ?? null,
        startsAt: values.startsAt ? new Date(values.startsAt) : new Date(),
        endsAt: new Date(values.endsAt),
        reason: values.reason,
        createdBy: actor.userId,
      });
    },

    async endSilence(actor: Actor, silenceId: string): Promise<void> {
      const silence = await findAlertSilence(db, silenceId);
      if (!silence) throw silenceNotFound();
      await policies.authorize(actor, 'manageAlerts', streamCollectionResource(silence.orgId)).catch((err: unknown) => {
        throw err instanceof AppError && err.status === 404 ? silenceNotFound() : err;
      });
      await deleteAlertSilence(db, silenceId);
    },

    /** One evaluation of one rule at `now`: reads the window, moves the state machine, tells people unless silenced. */
    async evaluate(rule: AlertRuleRow, now = new Date()): Promise<AlertRuleRow['state']> {
      const reading = await read(rule, now);
      const transition = nextState(rule, conditionHolds(rule.condition, reading), now);
      const silenced = transition.announce ? (await activeSilence(db, rule, now)) !== undefined : false;
      const message = describe(rule, transition.state, reading.value);
      await recordEvaluation(db, rule, { value: reading.value, at: now, state: transition.state, since: transition.since, message, silenced });
      if (transition.announce && !silenced) await announce(rule, transition.announce, reading.value, message);
      return transition.state;
    },

    /** Every enabled rule, one after the other; one failing rule is logged and the others still run. */
    async evaluateAll(now = new Date()): Promise<number> {
      const rules = await enabledAlertRules(db);
      for (const rule of rules) {
        await this.evaluate(rule, now).catch((err: unknown) => ctx.log.error({ err, ruleId: rule.id }, 'alert rule evaluation failed'));
      }
      return rules.length;
    },
  };
}

export type AlertsService = ReturnType<typeof alertsService>;
