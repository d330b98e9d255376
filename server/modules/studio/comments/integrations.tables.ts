import { index, integer, jsonb, pgTable, text, timestamp, uuid, boolean } from 'drizzle-orm/pg-core';
import { DELIVERY_STATUSES, INTEGRATION_KINDS, type IntegrationEventType, type WebhookEventBody } from '../../../../common/studio-integrations.ts';
import { users } from '../../identity/tables.ts';
import { projects } from '../projects.tables.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** A Slack incoming webhook or a generic outgoing webhook of a project; URL and secret are sealed at rest. */
export const projectIntegrations = pgTable(
  'project_integrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: INTEGRATION_KINDS }).notNull(),
    name: text('name').notNull(),
    urlSealed: text('url_sealed').notNull(),
    urlPreview: text('url_preview').notNull(),
    secretSealed: text('secret_sealed'),
    events: text('events').array().notNull().$type<IntegrationEventType[]>(),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('project_integrations_project_idx').on(t.projectId)],
);

/** One event on its way to one integration: the exact body, its status and each attempt. */
export const integrationDeliveries = pgTable(
  'integration_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    integrationId: uuid('integration_id').notNull().references(() => projectIntegrations.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').notNull().$type<WebhookEventBody>(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    createdAt: at('created_at').notNull().defaultNow(),
    deliveredAt: at('delivered_at'),
  },
  (t) => [index('integration_deliveries_integration_idx').on(t.integrationId, t.createdAt, t.id)],
);

export const integrationDeliveryAttempts = pgTable(
  'integration_delivery_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deliveryId: uuid('delivery_id').notNull().references(() => integrationDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('integration_delivery_attempts_delivery_idx').on(t.deliveryId, t.attempt)],
);
