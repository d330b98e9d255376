import { bigint, boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { MQTT_FORMATS } from '../../../../common/dashboards-mqtt.ts';
import { organizations, users } from '../../identity/tables.ts';
import { streams } from '../streams/tables.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** A broker topic Fluxworks subscribes to; the password is sealed with the platform's data key. */
export const mqttSources = pgTable(
  'mqtt_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    brokerUrl: text('broker_url').notNull(),
    topic: text('topic').notNull(),
    format: text('format', { enum: MQTT_FORMATS }).notNull(),
    streamId: uuid('stream_id').references(() => streams.id, { onDelete: 'cascade' }),
    username: text('username'),
    passwordSealed: text('password_sealed'),
    enabled: boolean('enabled').notNull().default(true),
    messages: bigint('messages', { mode: 'number' }).notNull().default(0),
    acceptedPoints: bigint('accepted_points', { mode: 'number' }).notNull().default(0),
    rejectedPoints: bigint('rejected_points', { mode: 'number' }).notNull().default(0),
    lastMessageAt: at('last_message_at'),
    lastError: text('last_error'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('mqtt_sources_org_idx').on(t.orgId, t.createdAt)],
);
