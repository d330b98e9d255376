import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { MessageAttachment } from '../../../../common/studio-messaging.ts';
import type { Database, Executor } from '../../../platform/db/index.ts';
import { projects } from '../projects.tables.ts';
import type { ProjectRow } from '../projects.repository.ts';
import { chatChannels, chatMessages, chatParticipants, chatReactions, chatReadStates } from './tables.ts';

export type ChannelRow = typeof chatChannels.$inferSelect;
export type MessageRow = Omit<typeof chatMessages.$inferSelect, 'search'>;
export type ReactionRow = typeof chatReactions.$inferSelect;

/** Every column but the search vector, which only the database reads. */
const { search: _search, ...messageColumns } = getTableColumns(chatMessages);

export interface ChannelSummaryRow {
  channel: ChannelRow;
  lastReadSequence: number;
  unreadCount: number;
  mentionCount: number;
}

/** The project's `general` channel, created on first use. */
export async function ensureProjectChannel(db: Executor, projectId: string): Promise<ChannelRow> {
  const find = async () => {
    const [row] = await db.select().from(chatChannels).where(and(eq(chatChannels.projectId, projectId), eq(chatChannels.kind, 'project')));
    return row;
  };
  const existing = await find();
  if (existing) return existing;
  await db.insert(chatChannels).values({ projectId, kind: 'project' }).onConflictDoNothing();
  return (await find())!;
}

/** A channel with its project, in one query: what a channel is opened with when it is not cached. */
export async function findChannelWithProject(db: Executor, channelId: string): Promise<{ channel: ChannelRow; project: ProjectRow } | undefined> {
  const [row] = await db.select({ channel: chatChannels, project: projects }).from(chatChannels).innerJoin(projects, eq(projects.id, chatChannels.projectId)).where(eq(chatChannels.id, channelId));
  return row;
}

export const directKeyOf = (a: string, b: string) => [a, b].sort().join(':');

/** The direct conversation of two people in a project, created with its participants on first use. */
export async function ensureDirectChannel(db: Database, projectId: string, userIds: [string, string], createdBy: string): Promise<{ channel: ChannelRow; created: boolean }> {
  const directKey = directKeyOf(...userIds);
  return db.transaction(async (tx) => {
    const [inserted] = await tx.insert(chatChannels).values({ projectId, kind: 'direct', directKey, createdBy }).onConflictDoNothing().returning();
    if (inserted) {
      await tx.insert(chatParticipants).values([...new Set(userIds)].map((userId) => ({ channelId: inserted.id, userId })));
      return { channel: inserted, created: true };
    }
    const [existing] = await tx.select().from(chatChannels).where(and(eq(chatChannels.projectId, projectId), eq(chatChannels.directKey, directKey)));
    return { channel: existing!, created: false };
  });
}

export async function participantsOf(db: Executor, channelIds: string[]): Promise<Map<string, string[]>> {
  const byChannel = new Map<string, string[]>();
  if (channelIds.length === 0) return byChannel;
  const rows = await db.select().from(chatParticipants).where(inArray(chatParticipants.channelId, channelIds));
  for (const row of rows) byChannel.set(row.channelId, [...(byChannel.get(row.channelId) ?? []), row.userId]);
  return byChannel;
}

/** The project channel and the reader's direct conversations in the project, with their read state. */
export async function listChannelSummaries(db: Executor, projectId: string, readerId: string): Promise<ChannelSummaryRow[]> {
  const lastRead = sql<number>`coalesce(${chatReadStates.lastReadSequence}, 0)`;
  const rows = await db
    .select({
      channel: chatChannels,
      lastReadSequence: lastRead.mapWith(Number),
      unreadCount: sql<number>`(select count(*) from ${chatMessages} m where m.channel_id = ${chatChannels.id} and m.sequence > ${lastRead}
        and m.deleted_at is null and m.author_id is distinct from ${readerId})`.mapWith(Number),
      mentionCount: sql<number>`(select count(*) from ${chatMessages} m where m.channel_id = ${chatChannels.id} and m.sequence > ${lastRead}
        and m.deleted_at is null and ${readerId}::uuid = any(m.mentions))`.mapWith(Number),
    })
    .from(chatChannels)
    .leftJoin(chatReadStates, and(eq(chatReadStates.channelId, chatChannels.id), eq(chatReadStates.userId, readerId)))
    .where(
      and(
        eq(chatChannels.projectId, projectId),
        or(
          eq(chatChannels.kind, 'project'),
          sql`exists (select 1 from ${chatParticipants} p where p.channel_id = ${chatChannels.id} and p.user_id = ${readerId})`,
        ),
      ),
    )
    .orderBy(sql`${chatChannels.kind} = 'direct'`, desc(sql`coalesce(${chatChannels.lastMessageAt}, ${chatChannels.createdAt})`));
  return rows;
}

/** The channel's last sequence now; it changes with every message, so no cache holds it. */
export async function findLastSequence(db: Executor, channelId: string): Promise<number> {
  const [row] = await db.select({ lastSequence: chatChannels.lastSequence }).from(chatChannels).where(eq(chatChannels.id, channelId));
  return row?.lastSequence ?? 0;
}

export async function findReadSequence(db: Executor, channelId: string, userId: string): Promise<number> {
  const [row] = await db.select({ sequence: chatReadStates.lastReadSequence }).from(chatReadStates).where(and(eq(chatReadStates.channelId, channelId), eq(chatReadStates.userId, userId)));
  return row?.sequence ?? 0;
}

/** Moves the read position forward only; returns where it stands. */
export async function advanceReadSequence(db: Executor, channelId: string, userId: string, sequence: number): Promise<number> {
  const [row] = await db
    .insert(chatReadStates)
    .values({ channelId, userId, lastReadSequence: sequence })
    .onConflictDoUpdate({
      target: [chatReadStates.channelId, chatReadStates.userId],
      set: { lastReadSequence: sql`greatest(${chatReadStates.lastReadSequence}, excluded.last_read_sequence)`, updatedAt: new Date() },
    })
    .returning({ sequence: chatReadStates.lastReadSequence });
  return row!.sequence;
}

/**
 * Takes the channel's next sequence. The update row-locks the channel until the transaction
 * ends, so messages of one channel commit in sequence order.
 */
async function nextSequence(tx: Executor, channelId: string, isNewMessage: boolean): Promise<number> {
  const [row] = await tx
    .update(chatChannels)
    .set({ lastSequence: sql`${chatChannels.lastSequence} + 1`, ...(isNewMessage ? { lastMessageAt: new Date() } : {}) })
    .where(eq(chatChannels.id, channelId))
    .returning({ sequence: chatChannels.lastSequence });
  return row!.sequence;
}

export async function findMessage(db: Executor, messageId: string): Promise<MessageRow | undefined> {
  const [row] = await db.select(messageColumns).from(chatMessages).where(eq(chatMessages.id, messageId));
  return row;
}

export async function findMessageByClientId(db: Executor, channelId: string, authorId: string, clientId: string): Promise<MessageRow | undefined> {
  const [row] = await db
    .select(messageColumns)
    .from(chatMessages)
    .where(and(eq(chatMessages.channelId, channelId), eq(chatMessages.authorId, authorId), eq(chatMessages.clientId, clientId)));
  return row;
}

export interface NewMessage {
  channelId: string;
  projectId: string;
  authorId: string;
  clientId: string | null;
  body: string;
  mentions: string[];
  attachments: MessageAttachment[];
  parentId: string | null;
}

/** Stores a message under the channel's next sequence; a reply also bumps its thread's first message. */
export async function insertMessage(db: Database, values: NewMessage): Promise<{ message: MessageRow; parent: MessageRow | null }> {
  if (!values.parentId) return { message: await insertTopLevelMessage(db, values), parent: null };
  return db.transaction(async (tx) => {
    const sequence = await nextSequence(tx, values.channelId, true);
    const [message] = await tx
      .insert(chatMessages)
      .values({ ...values, sequence, changeSequence: sequence })
      .returning(messageColumns);
    let parent: MessageRow | null = null;
    if (values.parentId) {
      [parent = null] = await tx
        .update(chatMessages)
        .set({ replyCount: sql`${chatMessages.replyCount} + 1`, lastReplyAt: message!.createdAt, changeSequence: sequence })
        .where(eq(chatMessages.id, values.parentId))
        .returning(messageColumns);
    }
    return { message: message!, parent };
  });
}

/**
 * A top-level message in one statement: the channel's sequence bump is a data-modifying CTE, so
 * the row lock, the insert and the commit need no explicit transaction (one round trip instead of four).
 */
async function insertTopLevelMessage(db: Database, values: NewMessage): Promise<MessageRow> {
  const next = db.$with('next_sequence').as(
    db
      .update(chatChannels)
      .set({ lastSequence: sql`${chatChannels.lastSequence} + 1`, lastMessageAt: new Date() })
      .where(eq(chatChannels.id, values.channelId))
      .returning({ sequence: chatChannels.lastSequence }),
  );
  const sequence = sql<number>`(select ${next.sequence} from ${next})`;
  const [message] = await db
    .with(next)
    .insert(chatMessages)
    .values({ ...values, sequence, changeSequence: sequence })
    .returning(messageColumns);
  return message!;
}

/** Applies a change to a message under a new channel sequence, so catch-up sees it. */
export async function changeMessage(
  db: Database,
  message: MessageRow,
  change: Partial<Pick<MessageRow, 'body' | 'mentions' | 'attachments' | 'editedAt' | 'deletedAt'>>,
  alongside?: (tx: Executor) => Promise<unknown>,
): Promise<MessageRow> {
  return db.transaction(async (tx) => {
    const changeSequence = await nextSequence(tx, message.channelId, false);
    await alongside?.(tx);
    const [row] = await tx.update(chatMessages).set({ ...change, changeSequence }).where(eq(chatMessages.id, message.id)).returning(messageColumns);
    return row!;
  });
}

export const addReaction = (tx: Executor, messageId: string, userId: string, emoji: string) =>
  tx.insert(chatReactions).values({ messageId, userId, emoji }).onConflictDoNothing();

export const removeReaction = (tx: Executor, messageId: string, userId: string, emoji: string) =>
  tx.delete(chatReactions).where(and(eq(chatReactions.messageId, messageId), eq(chatReactions.userId, userId), eq(chatReactions.emoji, emoji)));

export const removeReactionsOf = (tx: Executor, messageId: string) => tx.delete(chatReactions).where(eq(chatReactions.messageId, messageId));

export async function reactionsOf(db: Executor, messageIds: string[]): Promise<ReactionRow[]> {
  if (messageIds.length === 0) return [];
  return db.select().from(chatReactions).where(inArray(chatReactions.messageId, messageIds)).orderBy(asc(chatReactions.createdAt));
}

export interface HistoryWindow {
  parentId: string | null;
  before?: number;
  after?: number;
  limit: number;
}

/** A page of a channel's top-level messages or of one thread, always returned in ascending sequence. */
export async function listHistory(db: Executor, channelId: string, window: HistoryWindow): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  const forward = window.after !== undefined && window.before === undefined;
  const rows = await db
    .select(messageColumns)
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.channelId, channelId),
        window.parentId ? eq(chatMessages.parentId, window.parentId) : isNull(chatMessages.parentId),
        window.before !== undefined ? lt(chatMessages.sequence, window.before) : undefined,
        window.after !== undefined ? gt(chatMessages.sequence, window.after) : undefined,
      ),
    )
    .orderBy(forward ? asc(chatMessages.sequence) : desc(chatMessages.sequence))
    .limit(window.limit + 1);
  const hasMore = rows.length > window.limit;
  const page = rows.slice(0, window.limit);
  return { rows: forward ? page : page.reverse(), hasMore };
}

/** Messages created or changed after `since`, oldest change first. */
export async function listChangesSince(db: Executor, channelId: string, since: number, limit: number): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  const rows = await db
    .select(messageColumns)
    .from(chatMessages)
    .where(and(eq(chatMessages.channelId, channelId), gt(chatMessages.changeSequence, since)))
    .orderBy(asc(chatMessages.changeSequence), asc(chatMessages.sequence))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

/** Marks around matched words in a search excerpt: control characters, which a message body cannot smuggle into markup. */
export const MATCH_START = '\u0002';
export const MATCH_END = '\u0003';

/** Full-text matches in the given channels, best first, with an excerpt whose matched words sit between MATCH_START and MATCH_END. */
export async function searchMessages(db: Executor, channelIds: string[], text: string, limit: number): Promise<{ row: MessageRow; headline: string }[]> {
  if (channelIds.length === 0) return [];
  const query = sql`websearch_to_tsquery('english', ${text})`;
  const rows = await db
    .select({
      row: messageColumns,
      headline: sql<string>`ts_headline('english', ${chatMessages.body}, ${query}, ${`StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxFragments=2, MaxWords=24, MinWords=8`})`,
    })
    .from(chatMessages)
    .where(and(inArray(chatMessages.channelId, channelIds), isNull(chatMessages.deletedAt), sql`${chatMessages.search} @@ ${query}`))
    .orderBy(desc(sql`ts_rank(${chatMessages.search}, ${query})`), desc(chatMessages.createdAt))
    .limit(limit);
  return rows;
}
