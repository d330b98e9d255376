import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ALERT_STATES, type AlertCondition, type AlertNotify } from '../../../../common/dashboards-alerts.ts';
import { AGGREGATES } from '../../../../common/dashboards-streams.ts';
import { organizations, users } from '../../identity/tables.ts';
import { streams } from '../streams/tables.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** A rule evaluated every minute on one field of a stream; its state machine lives in its row. */
export const alertRules = pgTable(
  'alert_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    streamId: uuid('stream_id').notNull().references(() => streams.id, { onDelete: 'cascade' }),
    field: text('field').notNull(),
    agg: text('agg', { enum: AGGREGATES }).notNull(),
    tags: jsonb('tags').$type<Record<string, string>>().notNull(),
    windowSeconds: integer('window_seconds').notNull(),
    forSeconds: integer('for_seconds').notNull(),
    condition: jsonb('condition').$type<AlertCondition>().notNull(),
    notify: jsonb('notify').$type<AlertNotify>().notNull(),
    /** The webhook's HMAC signing secret, sealed with the data-encryption key; null without a webhook. */
    webhookSecretSealed: text('webhook_secret_sealed'),
    enabled: boolean('enabled').notNull().default(true),
    state: text('state', { enum: ALERT_STATES }).notNull().default('ok'),
    stateSince: at('state_since').notNull().defaultNow(),
    lastValue: doublePrecision('last_value'),
    lastEvaluatedAt: at('last_evaluated_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('alert_rules_org_idx').on(t.orgId, t.createdAt)],
);

/** Every state change of a rule, newest last: the rule's history. */
export const alertEvents = pgTable(
  'alert_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ruleId: uuid('rule_id').notNull().references(() => alertRules.id, { onDelete: 'cascade' }),
    fromState: text('from_state', { enum: ALERT_STATES }).notNull(),
    toState: text('to_state', { enum: ALERT_STATES }).notNull(),
    value: doublePrecision('value'),
    message: text('message').notNull(),
    silenced: boolean('silenced').notNull().default(false),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('alert_events_rule_idx').on(t.ruleId, t.at)],
);

/** While a silence is on, its rule (or every rule of the organisation) changes state without notifying anyone. */
export const alertSilences = pgTable(
  'alert_silences',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    ruleId: uuid('rule_id').references(() => alertRules.id, { onDelete: 'cascade' }),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    reason: text('reason').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('alert_silences_org_idx').on(t.orgId, t.endsAt)],
);
