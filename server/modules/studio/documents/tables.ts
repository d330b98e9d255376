import { bigserial, customType, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { DOCUMENT_KINDS } from '../../../../common/studio-documents.ts';
import { users } from '../../identity/tables.ts';
import { projects } from '../projects.tables.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** Yjs updates are binary; PGlite hands back a Uint8Array and node-postgres a Buffer (also a Uint8Array). */
const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * A live document of a project. `state` is the compacted Yjs state (all updates merged); newer
 * updates sit in `document_updates` until the next compaction folds them in.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: DOCUMENT_KINDS }).notNull(),
    title: text('title').notNull(),
    state: bytes('state'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('documents_project_created_idx').on(t.projectId, t.createdAt, t.id)],
);

/** Yjs updates appended since the last compaction, in arrival order. */
export const documentUpdates = pgTable(
  'document_updates',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: uuid('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
    update: bytes('update').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('document_updates_document_idx').on(t.documentId, t.id)],
);

/** A named snapshot of a document's whole Yjs state, restorable later. */
export const documentVersions = pgTable(
  'document_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    state: bytes('state').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('document_versions_document_created_idx').on(t.documentId, t.createdAt, t.id)],
);
