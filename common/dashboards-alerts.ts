import { z } from 'zod';
import { AGGREGATES, NAME_PATTERN } from './dashboards-streams.ts';

const id = z.uuid();
const timestamp = z.iso.datetime();

export const ALERT_STATES = ['ok', 'pending', 'firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
export const THRESHOLD_OPERATORS = ['>', '>=', '<', '<='] as const;
export type ThresholdOperator = (typeof THRESHOLD_OPERATORS)[number];

export const alertLimits = {
  name: { min: 1, max: 120 },
  rulesPerOrganization: 200,
  emails: 20,
  windowSeconds: { min: 60, max: 86_400 },
  forSeconds: { max: 86_400 },
} as const;

/**
 * What makes a rule's condition true, for the aggregate of the last `windowSeconds`:
 * `threshold`: the value compared with `value`; `no_data`: no point at all in the window;
 * `anomaly`: the value is more than `zScore` robust deviations (median absolute deviation) away
 * from the median of the windows in the `baselineSeconds` before it.
 */
export const alertConditionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('threshold'), operator: z.enum(THRESHOLD_OPERATORS), value: z.number() }),
  z.object({ kind: z.literal('no_data') }),
  z.object({ kind: z.literal('anomaly'), zScore: z.number().min(1).max(10).default(3.5), baselineSeconds: z.number().int().min(3_600).max(30 * 86_400).default(86_400) }),
]);
export type AlertCondition = z.infer<typeof alertConditionSchema>;

/** Who hears of a rule firing and resolving: people in the app, addresses by email, a webhook, a Slack incoming webhook. */
export const alertNotifySchema = z.object({
  userIds: z.array(id).max(50).default([]),
  emails: z.array(z.email()).max(alertLimits.emails).default([]),
  webhookUrl: z.url().max(2000).optional(),
  slackWebhookUrl: z.url().max(2000).optional(),
});
export type AlertNotify = z.infer<typeof alertNotifySchema>;

export const alertRuleSchema = z.object({
  id,
  orgId: id,
  name: z.string(),
  streamId: id,
  field: z.string(),
  agg: z.enum(AGGREGATES),
  tags: z.record(z.string(), z.string()),
  windowSeconds: z.number().int(),
  forSeconds: z.number().int(),
  condition: alertConditionSchema,
  notify: alertNotifySchema,
  enabled: z.boolean(),
  state: z.enum(ALERT_STATES),
  stateSince: timestamp,
  lastValue: z.number().nullable(),
  lastEvaluatedAt: timestamp.nullable(),
  silencedUntil: timestamp.nullable(),
  /** The webhook's deliveries carry an X-Fluxworks-Signature made with the rule's secret. */
  webhookSigned: z.boolean(),
  createdAt: timestamp,
});
export type AlertRule = z.infer<typeof alertRuleSchema>;

/** A rule as a change answers it: `webhookSecret` holds a new signing secret, shown this once, or null. */
export const alertRuleWithSecretSchema = alertRuleSchema.extend({ webhookSecret: z.string().nullable() });
export type AlertRuleWithSecret = z.infer<typeof alertRuleWithSecretSchema>;

/** A rule's settings without defaults, so a change names only what it changes. */
const alertRuleSettings = z.object({
  name: z.string().trim().min(alertLimits.name.min).max(alertLimits.name.max),
  field: z.string().min(1).max(64),
  agg: z.enum(AGGREGATES),
  tags: z.record(z.string().regex(NAME_PATTERN).max(64), z.string().min(1).max(256)),
  windowSeconds: z.number().int().min(alertLimits.windowSeconds.min).max(alertLimits.windowSeconds.max),
  /** How long the condition must hold (pending) before the rule fires; 0 fires at once. */
  forSeconds: z.number().int().min(0).max(alertLimits.forSeconds.max),
  condition: alertConditionSchema,
  /** Replaced as a whole when changed. */
  notify: alertNotifySchema,
  enabled: z.boolean(),
});

export const createAlertRuleBodySchema = alertRuleSettings.extend({
  streamId: id,
  agg: alertRuleSettings.shape.agg.default('avg'),
  tags: alertRuleSettings.shape.tags.default({}),
  windowSeconds: alertRuleSettings.shape.windowSeconds.default(300),
  forSeconds: alertRuleSettings.shape.forSeconds.default(0),
  notify: alertNotifySchema.default({ userIds: [], emails: [] }),
  enabled: z.boolean().default(true),
});
export type CreateAlertRuleBody = z.input<typeof createAlertRuleBodySchema>;

export const updateAlertRuleBodySchema = alertRuleSettings.partial().refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change' });
export type UpdateAlertRuleBody = z.input<typeof updateAlertRuleBodySchema>;

export const alertEventSchema = z.object({
  id,
  ruleId: id,
  fromState: z.enum(ALERT_STATES),
  toState: z.enum(ALERT_STATES),
  value: z.number().nullable(),
  message: z.string(),
  silenced: z.boolean(),
  at: timestamp,
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

export const alertSilenceSchema = z.object({
  id,
  orgId: id,
  ruleId: id.nullable(),
  startsAt: timestamp,
  endsAt: timestamp,
  reason: z.string(),
  createdAt: timestamp,
});
export type AlertSilence = z.infer<typeof alertSilenceSchema>;

export const createAlertSilenceBodySchema = z
  .object({
    /** One rule, or every rule of the organisation when absent. */
    ruleId: id.optional(),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }),
    reason: z.string().trim().max(500).default(''),
  })
  .refine((body) => Date.parse(body.endsAt) > (body.startsAt ? Date.parse(body.startsAt) : Date.now()), { message: 'A silence ends after it starts', path: ['endsAt'] });
export type CreateAlertSilenceBody = z.input<typeof createAlertSilenceBodySchema>;
