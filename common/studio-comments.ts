/**
 * Comments on a project or on one of its files, optionally pinned to a point of an image (x, y
 * from 0 to 1, left-top origin) or to a page. A thread is a comment and its replies; threads are
 * resolved and reopened as a whole. Mentions use the chat syntax `@[Display Name](user-id)`.
 */
import { z } from 'zod';
import { userSummarySchema } from './organizations.ts';

const id = z.uuid();
const timestamp = z.iso.datetime();

export const commentLimits = {
  body: { min: 1, max: 5000 },
  pages: { max: 100_000 },
  /** Replies returned with each thread. */
  repliesPerThread: 200,
  pageSize: { default: 20, max: 100 },
} as const;

const unit = z.number().min(0).max(1);
export const commentAnchorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('point'), x: unit, y: unit }),
  z.object({ kind: z.literal('page'), page: z.number().int().min(1).max(commentLimits.pages.max) }),
]);
export type CommentAnchor = z.infer<typeof commentAnchorSchema>;

const commentBody = z.string().trim().min(commentLimits.body.min).max(commentLimits.body.max);

export const commentSchema = z.object({
  id,
  projectId: id,
  fileId: id.nullable(),
  fileVersionId: id.nullable(),
  /** The thread's first comment when this is a reply. */
  parentId: id.nullable(),
  author: userSummarySchema.nullable(),
  body: z.string(),
  anchor: commentAnchorSchema.nullable(),
  mentions: z.array(id),
  editedAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type Comment = z.infer<typeof commentSchema>;

export const commentThreadSchema = z.object({
  comment: commentSchema,
  replies: z.array(commentSchema),
  replyCount: z.number().int(),
  resolvedAt: timestamp.nullable(),
  resolvedBy: userSummarySchema.nullable(),
});
export type CommentThread = z.infer<typeof commentThreadSchema>;

export const commentThreadPageSchema = z.object({ items: z.array(commentThreadSchema), nextCursor: z.string().nullable() });
export type CommentThreadPage = z.infer<typeof commentThreadPageSchema>;

export const createCommentBodySchema = z
  .object({
    body: commentBody,
    /** Comment on a file of the project rather than the project itself. */
    fileId: id.optional(),
    /** The file version looked at; needs `fileId`. */
    fileVersionId: id.optional(),
    anchor: commentAnchorSchema.optional(),
  })
  .refine((c) => !c.fileVersionId || c.fileId, { message: 'fileVersionId needs fileId', path: ['fileVersionId'] })
  .refine((c) => !c.anchor || c.fileId, { message: 'An anchor pins a comment on a file; send fileId', path: ['anchor'] });
export type CreateCommentBody = z.input<typeof createCommentBodySchema>;

export const replyBodySchema = z.object({ body: commentBody });
export const editCommentBodySchema = z.object({ body: commentBody });

export const COMMENT_TARGETS = ['all', 'project', 'file'] as const;
export const commentListQuerySchema = z
  .object({
    cursor: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(commentLimits.pageSize.max).default(commentLimits.pageSize.default),
    /** `project`: comments on the project itself; `file`: on the file given by `fileId`; `all`: both. */
    target: z.enum(COMMENT_TARGETS).default('all'),
    fileId: id.optional(),
    /** `true` resolved threads only, `false` open ones only; both when absent. */
    resolved: z
      .enum(['true', 'false'])
      .optional()
      .transform((value) => (value === undefined ? undefined : value === 'true')),
  })
  .refine((q) => q.target !== 'file' || q.fileId, { message: 'target=file needs fileId', path: ['fileId'] });
export type CommentListQuery = z.input<typeof commentListQuerySchema>;

/** Socket.IO payloads to the `project:<id>` room on the default namespace. */
export interface CommentEventPayload {
  projectId: string;
  fileId: string | null;
  /** The thread as it is now; absent when the whole thread was deleted. */
  thread: CommentThread | null;
  /** The deleted comment, for `comment:deleted`. */
  commentId: string;
  threadId: string;
}
