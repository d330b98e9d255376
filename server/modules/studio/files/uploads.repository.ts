import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import { fileUploads } from './tables.ts';

export type UploadRow = typeof fileUploads.$inferSelect;

export async function insertUpload(db: Executor, values: typeof fileUploads.$inferInsert): Promise<UploadRow> {
  const [row] = await db.insert(fileUploads).values(values).returning();
  return row!;
}

export async function findUpload(db: Executor, uploadId: string): Promise<UploadRow | undefined> {
  const [row] = await db.select().from(fileUploads).where(eq(fileUploads.id, uploadId));
  return row;
}

/** Records one part's ETag without losing parts recorded at the same time by other requests. */
export async function recordUploadPart(db: Executor, uploadId: string, partNumber: number, etag: string): Promise<void> {
  await db
    .update(fileUploads)
    .set({ parts: sql`${fileUploads.parts} || jsonb_build_object(${String(partNumber)}::text, ${etag}::text)` })
    .where(eq(fileUploads.id, uploadId));
}

export async function setUploadMultipartId(db: Executor, uploadId: string, multipartId: string): Promise<UploadRow> {
  const [row] = await db.update(fileUploads).set({ multipartId }).where(eq(fileUploads.id, uploadId)).returning();
  return row!;
}

export async function setUploadResult(db: Executor, uploadId: string, fileId: string, versionId: string): Promise<void> {
  await db.update(fileUploads).set({ fileId, versionId }).where(eq(fileUploads.id, uploadId));
}

/** Claims a pending upload for completion; false when another request completed it first. */
export async function markUploadCompleted(db: Executor, uploadId: string): Promise<boolean> {
  const rows = await db
    .update(fileUploads)
    .set({ status: 'completed' })
    .where(and(eq(fileUploads.id, uploadId), eq(fileUploads.status, 'pending')))
    .returning({ id: fileUploads.id });
  return rows.length > 0;
}

export async function deleteUpload(db: Executor, uploadId: string): Promise<void> {
  await db.delete(fileUploads).where(eq(fileUploads.id, uploadId));
}

/** Uploads past their expiry, oldest first: pending ones still hold objects or parts to drop. */
export async function listExpiredUploads(db: Executor, now: Date, limit: number): Promise<UploadRow[]> {
  return db.select().from(fileUploads).where(lt(fileUploads.expiresAt, now)).orderBy(asc(fileUploads.expiresAt)).limit(limit);
}

/** Serialises quota checks of one organisation until the transaction ends. */
export async function lockOrganizationQuota(db: Executor, orgId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`studio-quota:${orgId}`}))`);
}
