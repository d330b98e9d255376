import { sql } from 'drizzle-orm';
import { bigint, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CHANNEL_KINDS, type MessageAttachment } from '../../../../common/studio-messaging.ts';
import { users } from '../../identity/tables.ts';
import { projects } from '../projects.tables.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * A project's `general` channel or a direct conversation inside the project. `last_sequence` is
 * the channel's counter: incrementing it row-locks the channel, so sequences are gapless and
 * committed in order, which is what makes catch-up by "everything after N" exact.
 */
export const chatChannels = pgTable(
  'chat_channels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: CHANNEL_KINDS }).notNull(),
    /** The two participants' ids, sorted and joined, for a direct conversation: one per pair and project. */
    directKey: text('direct_key'),
    lastSequence: bigint('last_sequence', { mode: 'number' }).notNull().default(0),
    lastMessageAt: at('last_message_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('chat_channels_project_general_idx').on(t.projectId).where(sql`${t.kind} = 'project'`),
    uniqueIndex('chat_channels_project_direct_idx').on(t.projectId, t.directKey),
  ],
);

/** The people of a direct conversation. */
export const chatParticipants = pgTable(
  'chat_participants',
  {
    channelId: uuid('channel_id').notNull().references(() => chatChannels.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.userId] }), index('chat_participants_user_idx').on(t.userId)],
);

/** How far each person has read in a channel. */
export const chatReadStates = pgTable(
  'chat_read_states',
  {
    channelId: uuid('channel_id').notNull().references(() => chatChannels.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    lastReadSequence: bigint('last_read_sequence', { mode: 'number' }).notNull().default(0),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.userId] })],
);

export const chatMessages = pgTable(
  'chat_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channelId: uuid('channel_id').notNull().references(() => chatChannels.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    sequence: bigint('sequence', { mode: 'number' }).notNull(),
    /** The channel sequence of the latest change to this message (itself when unchanged). */
    changeSequence: bigint('change_sequence', { mode: 'number' }).notNull(),
    clientId: text('client_id'),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    mentions: uuid('mentions').array().notNull().default(sql`'{}'::uuid[]`),
    attachments: jsonb('attachments').$type<MessageAttachment[]>().notNull().default([]),
    parentId: uuid('parent_id'),
    replyCount: integer('reply_count').notNull().default(0),
    lastReplyAt: at('last_reply_at'),
    editedAt: at('edited_at'),
    deletedAt: at('deleted_at'),
    createdAt: at('created_at').notNull().defaultNow(),
    search: tsvector('search').generatedAlwaysAs(sql`to_tsvector('english'::regconfig, "body")`),
  },
  (t) => [
    uniqueIndex('chat_messages_channel_sequence_idx').on(t.channelId, t.sequence),
    index('chat_messages_channel_change_idx').on(t.channelId, t.changeSequence),
    uniqueIndex('chat_messages_client_id_idx').on(t.channelId, t.authorId, t.clientId),
    index('chat_messages_parent_idx').on(t.parentId, t.sequence),
    index('chat_messages_search_idx').using('gin', t.search),
  ],
);

/** One row per person, message and emoji. */
export const chatReactions = pgTable(
  'chat_reactions',
  {
    messageId: uuid('message_id').notNull().references(() => chatMessages.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    emoji: text('emoji').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId, t.emoji] })],
);
