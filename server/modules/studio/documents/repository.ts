import { and, asc, count, desc, eq, lte, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DocumentKind } from '../../../../common/studio-documents.ts';
import type { Executor } from '../../../platform/db/index.ts';
import type { Position } from '../../../platform/pagination/cursor.ts';
import { documentUpdates, documents, documentVersions } from './tables.ts';

export type DocumentRow = Omit<typeof documents.$inferSelect, 'state'>;
export type VersionRow = Omit<typeof documentVersions.$inferSelect, 'state'>;

const documentColumns = {
  id: documents.id,
  projectId: documents.projectId,
  kind: documents.kind,
  title: documents.title,
  createdBy: documents.createdBy,
  createdAt: documents.createdAt,
  updatedAt: documents.updatedAt,
};

const versionColumns = {
  id: documentVersions.id,
  documentId: documentVersions.documentId,
  name: documentVersions.name,
  sizeBytes: documentVersions.sizeBytes,
  createdBy: documentVersions.createdBy,
  createdAt: documentVersions.createdAt,
};

const keysetBefore = (createdAt: AnyPgColumn, id: AnyPgColumn, before: Position) =>
  sql`(date_trunc('milliseconds', ${createdAt}), ${id}) < (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)`;

export async function insertDocument(db: Executor, values: { projectId: string; kind: DocumentKind; title: string; createdBy: string }): Promise<DocumentRow> {
  const [row] = await db.insert(documents).values(values).returning(documentColumns);
  return row!;
}

export async function findDocument(db: Executor, documentId: string): Promise<DocumentRow | undefined> {
  const [row] = await db.select(documentColumns).from(documents).where(eq(documents.id, documentId));
  return row;
}

/** Newest first, keyset (created_at to the millisecond, id). */
export async function listDocuments(db: Executor, projectId: string, kind: DocumentKind | undefined, before: Position | undefined, limit: number): Promise<DocumentRow[]> {
  return db
    .select(documentColumns)
    .from(documents)
    .where(and(eq(documents.projectId, projectId), kind ? eq(documents.kind, kind) : undefined, before ? keysetBefore(documents.createdAt, documents.id, before) : undefined))
    .orderBy(desc(sql`date_trunc('milliseconds', ${documents.createdAt})`), desc(documents.id))
    .limit(limit + 1);
}

export async function renameDocument(db: Executor, documentId: string, title: string): Promise<DocumentRow | undefined> {
  const [row] = await db.update(documents).set({ title, updatedAt: new Date() }).where(eq(documents.id, documentId)).returning(documentColumns);
  return row;
}

export async function deleteDocument(db: Executor, documentId: string): Promise<void> {
  await db.delete(documents).where(eq(documents.id, documentId));
}

/** The compacted state and every update appended after it, in order: together, the whole document. */
export async function loadDocumentState(db: Executor, documentId: string): Promise<{ state: Uint8Array | null; updates: { id: number; update: Uint8Array }[] } | undefined> {
  const [row] = await db.select({ state: documents.state }).from(documents).where(eq(documents.id, documentId));
  if (!row) return undefined;
  const updates = await db
    .select({ id: documentUpdates.id, update: documentUpdates.update })
    .from(documentUpdates)
    .where(eq(documentUpdates.documentId, documentId))
    .orderBy(asc(documentUpdates.id));
  return { state: row.state, updates };
}

/** Appends one update and marks the document changed; false when the document is gone. */
export async function appendUpdate(db: Executor, documentId: string, update: Uint8Array): Promise<boolean> {
  const touched = await db.update(documents).set({ updatedAt: new Date() }).where(eq(documents.id, documentId)).returning({ id: documents.id });
  if (touched.length === 0) return false;
  await db.insert(documentUpdates).values({ documentId, update });
  return true;
}

export async function countUpdates(db: Executor, documentId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(documentUpdates).where(eq(documentUpdates.documentId, documentId));
  return row?.n ?? 0;
}

/** Locks the document row for a compaction, so two nodes never fold the same updates twice. */
export async function lockDocumentState(db: Executor, documentId: string): Promise<{ state: Uint8Array | null } | undefined> {
  const [row] = await db.select({ state: documents.state }).from(documents).where(eq(documents.id, documentId)).for('update');
  return row;
}

export async function replaceState(db: Executor, documentId: string, state: Uint8Array, foldedUpToId: number): Promise<void> {
  await db.update(documents).set({ state }).where(eq(documents.id, documentId));
  await db.delete(documentUpdates).where(and(eq(documentUpdates.documentId, documentId), lte(documentUpdates.id, foldedUpToId)));
}

/** Bytes the document takes in storage: its compacted state plus the updates not yet folded in. */
export async function storedBytes(db: Executor, documentId: string): Promise<number> {
  const [state] = await db.select({ n: sql<string>`coalesce(octet_length(${documents.state}), 0)` }).from(documents).where(eq(documents.id, documentId));
  const [updates] = await db
    .select({ n: sql<string>`coalesce(sum(octet_length(${documentUpdates.update})), 0)` })
    .from(documentUpdates)
    .where(eq(documentUpdates.documentId, documentId));
  return Number(state?.n ?? 0) + Number(updates?.n ?? 0);
}

export async function insertVersion(db: Executor, values: { documentId: string; name: string; state: Uint8Array; createdBy: string }): Promise<VersionRow> {
  const [row] = await db
    .insert(documentVersions)
    .values({ ...values, sizeBytes: values.state.byteLength })
    .returning(versionColumns);
  return row!;
}

export async function listVersions(db: Executor, documentId: string, before: Position | undefined, limit: number): Promise<VersionRow[]> {
  return db
    .select(versionColumns)
    .from(documentVersions)
    .where(and(eq(documentVersions.documentId, documentId), before ? keysetBefore(documentVersions.createdAt, documentVersions.id, before) : undefined))
    .orderBy(desc(sql`date_trunc('milliseconds', ${documentVersions.createdAt})`), desc(documentVersions.id))
    .limit(limit + 1);
}

export async function countVersions(db: Executor, documentId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(documentVersions).where(eq(documentVersions.documentId, documentId));
  return row?.n ?? 0;
}

export async function findVersionState(db: Executor, documentId: string, versionId: string): Promise<{ name: string; state: Uint8Array } | undefined> {
  const [row] = await db
    .select({ name: documentVersions.name, state: documentVersions.state })
    .from(documentVersions)
    .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.id, versionId)));
  return row;
}
