import { sql } from 'drizzle-orm';
import { bigint, type AnyPgColumn, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { PREVIEW_STATUSES } from '../../../../common/studio-files.ts';
import { organizations, users } from '../../identity/tables.ts';
import { projects } from '../projects.tables.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });
const bytes = (name: string) => bigint(name, { mode: 'number' });

export const fileFolders = pgTable(
  'file_folders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => fileFolders.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  // Root folders have no parent; coalescing it makes their names unique too.
  (t) => [
    uniqueIndex('file_folders_parent_name_idx').on(
      t.projectId,
      sql`coalesce(${t.parentId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      sql`lower(${t.name})`,
    ),
  ],
);

/** A file of a project; its bytes are in its versions, the newest being `currentVersionId`. */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    /** Kept here so an organisation's storage use is one indexed sum. */
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    folderId: uuid('folder_id').references(() => fileFolders.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    currentVersionId: uuid('current_version_id'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    deletedAt: at('deleted_at'),
    deletedBy: uuid('deleted_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('files_project_folder_idx').on(t.projectId, t.folderId),
    index('files_org_idx').on(t.orgId),
    index('files_deleted_idx').on(t.deletedAt).where(sql`${t.deletedAt} is not null`),
  ],
);

export const fileVersions = pgTable(
  'file_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fileId: uuid('file_id').notNull().references(() => files.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    storageKey: text('storage_key').notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: bytes('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
    previewStatus: text('preview_status', { enum: PREVIEW_STATUSES }).notNull().default('pending'),
    thumbnailKey: text('thumbnail_key'),
    previewKey: text('preview_key'),
  },
  (t) => [uniqueIndex('file_versions_file_number_idx').on(t.fileId, t.number)],
);

/** An upload in progress: its size counts against the quota until it completes or expires. */
export const fileUploads = pgTable(
  'file_uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id').references(() => files.id, { onDelete: 'cascade' }),
    folderId: uuid('folder_id').references(() => fileFolders.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: bytes('size_bytes').notNull(),
    storageKey: text('storage_key').notNull(),
    /** The storage's multipart upload id; null for a single PUT. */
    multipartId: text('multipart_id'),
    partCount: integer('part_count'),
    /** ETags of the parts the client reported, by part number. */
    parts: jsonb('parts').$type<Record<string, string>>().notNull().default({}),
    status: text('status', { enum: ['pending', 'completed'] }).notNull().default('pending'),
    versionId: uuid('version_id'),
    createdBy: uuid('created_by').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: at('created_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [index('file_uploads_org_status_idx').on(t.orgId, t.status), index('file_uploads_expires_idx').on(t.expiresAt)],
);
