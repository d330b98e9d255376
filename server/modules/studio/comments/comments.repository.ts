import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import type { Position } from '../../../platform/pagination/cursor.ts';
import { comments } from './comments.tables.ts';

export type CommentRow = typeof comments.$inferSelect;
export type NewCommentRow = typeof comments.$inferInsert;

const created = sql`date_trunc('milliseconds', ${comments.createdAt})`;

export async function insertComment(db: Executor, values: NewCommentRow): Promise<CommentRow> {
  const [row] = await db.insert(comments).values(values).returning();
  return row!;
}

export async function findComment(db: Executor, commentId: string): Promise<CommentRow | undefined> {
  const [row] = await db.select().from(comments).where(eq(comments.id, commentId));
  return row;
}

export interface ThreadFilter {
  projectId: string;
  target: 'all' | 'project' | 'file';
  fileId?: string;
  resolved?: boolean;
}

/** Thread starters, newest first; the keyset is (created_at to the millisecond, id). */
export async function listThreadStarters(db: Executor, filter: ThreadFilter, before: Position | undefined, limit: number): Promise<CommentRow[]> {
  return db
    .select()
    .from(comments)
    .where(
      and(
        eq(comments.projectId, filter.projectId),
        isNull(comments.parentId),
        filter.target === 'project' ? isNull(comments.fileId) : undefined,
        filter.target === 'file' && filter.fileId ? eq(comments.fileId, filter.fileId) : undefined,
        filter.resolved === undefined ? undefined : filter.resolved ? isNotNull(comments.resolvedAt) : isNull(comments.resolvedAt),
        before ? sql`(${created}, ${comments.id}) < (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(created), desc(comments.id))
    .limit(limit + 1);
}

/** Replies of the given threads, oldest first, at most `perThread` each. */
export async function listReplies(db: Executor, threadIds: string[], perThread: number): Promise<CommentRow[]> {
  if (threadIds.length === 0) return [];
  const ranked = db
    .select({ id: comments.id, rank: sql<number>`row_number() over (partition by ${comments.parentId} order by ${comments.createdAt}, ${comments.id})`.as('rank') })
    .from(comments)
    .where(inArray(comments.parentId, threadIds))
    .as('ranked');
  return db
    .select({ comment: comments })
    .from(comments)
    .innerJoin(ranked, eq(ranked.id, comments.id))
    .where(sql`${ranked.rank} <= ${perThread}`)
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .then((rows) => rows.map((row) => row.comment));
}

export async function countReplies(db: Executor, threadIds: string[]): Promise<Map<string, number>> {
  if (threadIds.length === 0) return new Map();
  const rows = await db
    .select({ parentId: comments.parentId, replies: count() })
    .from(comments)
    .where(inArray(comments.parentId, threadIds))
    .groupBy(comments.parentId);
  return new Map(rows.map((row) => [row.parentId!, row.replies]));
}

/** Everyone who wrote in the thread (its author and repliers). */
export async function threadParticipants(db: Executor, threadId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ authorId: comments.authorId })
    .from(comments)
    .where(and(sql`(${comments.id} = ${threadId} or ${comments.parentId} = ${threadId})`, isNotNull(comments.authorId)));
  return rows.map((row) => row.authorId!);
}

export async function updateComment(db: Executor, commentId: string, changes: Partial<Pick<CommentRow, 'body' | 'mentions' | 'editedAt' | 'resolvedAt' | 'resolvedBy'>>): Promise<CommentRow | undefined> {
  const [row] = await db.update(comments).set(changes).where(eq(comments.id, commentId)).returning();
  return row;
}

/** Deletes the comment; deleting a thread's first comment deletes its replies too. */
export async function deleteComment(db: Executor, commentId: string): Promise<void> {
  await db.delete(comments).where(eq(comments.id, commentId));
}

