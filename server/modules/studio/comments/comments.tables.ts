import { sql } from 'drizzle-orm';
import { type AnyPgColumn, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { CommentAnchor } from '../../../../common/studio-comments.ts';
import { users } from '../../identity/tables.ts';
import { files, fileVersions } from '../files/tables.ts';
import { projects } from '../projects.tables.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A comment on a project, or on one of its files when `file_id` is set. Replies point at the
 * thread's first comment (`parent_id`); resolving applies to the thread, so it lives on that row.
 * The file is checked through the files service when the comment is written; purging the file
 * removes its comments.
 */
export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id').references(() => files.id, { onDelete: 'cascade' }),
    fileVersionId: uuid('file_version_id').references(() => fileVersions.id, { onDelete: 'set null' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => comments.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    anchor: jsonb('anchor').$type<CommentAnchor>(),
    mentions: uuid('mentions').array().notNull().default(sql`'{}'::uuid[]`),
    resolvedAt: at('resolved_at'),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    editedAt: at('edited_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('comments_project_threads_idx').on(t.projectId, t.createdAt, t.id).where(sql`${t.parentId} is null`),
    index('comments_file_threads_idx').on(t.fileId, t.createdAt, t.id).where(sql`${t.parentId} is null`),
    index('comments_parent_idx').on(t.parentId, t.createdAt),
  ],
);
