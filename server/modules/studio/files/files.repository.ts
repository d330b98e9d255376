import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { FileSort } from '../../../../common/studio-files.ts';
import type { Executor } from '../../../platform/db/index.ts';
import { fileFolders, files, fileUploads, fileVersions } from './tables.ts';

export type FileRow = typeof files.$inferSelect;
export type FileVersionRow = typeof fileVersions.$inferSelect;
export type FolderRow = typeof fileFolders.$inferSelect;

/** A file with its current version, as lists and details show it. */
export interface FileWithVersion {
  file: FileRow;
  version: FileVersionRow;
  versionCount: number;
}

const versionCount = sql<number>`(select count(*)::int from ${fileVersions} v where v.file_id = ${files.id})`;

async function withVersions(db: Executor, where: SQL | undefined, order: SQL[] = [], limit?: number): Promise<FileWithVersion[]> {
  const query = db
    .select({ file: files, version: fileVersions, versionCount })
    .from(files)
    .innerJoin(fileVersions, eq(fileVersions.id, files.currentVersionId))
    .where(where)
    .orderBy(...order);
  return limit === undefined ? query : query.limit(limit);
}

export async function findFile(db: Executor, fileId: string): Promise<FileWithVersion | undefined> {
  const [row] = await withVersions(db, eq(files.id, fileId));
  return row;
}

export async function findFilesByIds(db: Executor, projectId: string, fileIds: string[]): Promise<FileWithVersion[]> {
  if (fileIds.length === 0) return [];
  return withVersions(db, and(eq(files.projectId, projectId), inArray(files.id, fileIds), isNull(files.deletedAt)));
}

/** Where a page of a sorted file list starts: after the row with this sort value and id. */
export interface FileListPosition {
  value: string | number;
  id: string;
}

export interface FileListFilter {
  projectId: string;
  folderId: string | null;
  trash: boolean;
  q?: string;
  sort: FileSort;
  order: 'asc' | 'desc';
}

const sortColumn = (sort: FileSort, trash: boolean): SQL => {
  if (trash) return sql`date_trunc('milliseconds', ${files.deletedAt})`;
  if (sort === 'name') return sql`lower(${files.name})`;
  if (sort === 'size') return sql`${fileVersions.sizeBytes}`;
  return sql`date_trunc('milliseconds', ${files.updatedAt})`;
};

/** The sort value of a row, as the cursor carries it. */
export function sortValueOf(row: FileWithVersion, sort: FileSort, trash: boolean): string | number {
  if (trash) return row.file.deletedAt!.toISOString();
  if (sort === 'name') return row.file.name.toLowerCase();
  if (sort === 'size') return row.version.sizeBytes;
  return row.file.updatedAt.toISOString();
}

/** The files of one folder (or the trash), keyset-paginated on (sort value, id). */
export async function listFiles(db: Executor, filter: FileListFilter, after: FileListPosition | undefined, limit: number): Promise<FileWithVersion[]> {
  const column = sortColumn(filter.sort, filter.trash);
  const order = filter.trash ? 'desc' : filter.order;
  const castValue = (value: string | number) =>
    filter.trash || filter.sort === 'updated' ? sql`${value}::timestamptz` : filter.sort === 'size' ? sql`${value}::bigint` : sql`${value}::text`;
  const keyset = after
    ? order === 'asc'
      ? sql`(${column}, ${files.id}) > (${castValue(after.value)}, ${after.id}::uuid)`
      : sql`(${column}, ${files.id}) < (${castValue(after.value)}, ${after.id}::uuid)`
    : undefined;
  const pattern = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const place = filter.trash
    ? isNotNull(files.deletedAt)
    : and(isNull(files.deletedAt), pattern ? undefined : filter.folderId ? eq(files.folderId, filter.folderId) : isNull(files.folderId));
  const direction = order === 'asc' ? asc : desc;
  return withVersions(
    db,
    and(eq(files.projectId, filter.projectId), place, pattern ? ilike(files.name, pattern) : undefined, keyset),
    [direction(column), direction(files.id)],
    limit + 1,
  );
}

export async function listVersions(db: Executor, fileId: string): Promise<FileVersionRow[]> {
  return db.select().from(fileVersions).where(eq(fileVersions.fileId, fileId)).orderBy(desc(fileVersions.number));
}

export async function findVersion(db: Executor, versionId: string): Promise<FileVersionRow | undefined> {
  const [row] = await db.select().from(fileVersions).where(eq(fileVersions.id, versionId));
  return row;
}

export async function insertFile(db: Executor, values: typeof files.$inferInsert): Promise<FileRow> {
  const [row] = await db.insert(files).values(values).returning();
  return row!;
}

/** Adds the next version of a file and makes it current. */
export async function addVersion(db: Executor, fileId: string, values: Omit<typeof fileVersions.$inferInsert, 'fileId' | 'number'>): Promise<FileVersionRow> {
  const [next] = await db
    .select({ number: sql<number>`coalesce(max(${fileVersions.number}), 0)::int + 1` })
    .from(fileVersions)
    .where(eq(fileVersions.fileId, fileId));
  const [version] = await db
    .insert(fileVersions)
    .values({ ...values, fileId, number: next!.number })
    .returning();
  await db.update(files).set({ currentVersionId: version!.id, updatedAt: new Date() }).where(eq(files.id, fileId));
  return version!;
}

export async function updateFile(db: Executor, fileId: string, changes: Partial<Pick<FileRow, 'name' | 'folderId' | 'deletedAt' | 'deletedBy'>>): Promise<void> {
  await db
    .update(files)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(files.id, fileId));
}

export async function setPreview(db: Executor, versionId: string, changes: Pick<FileVersionRow, 'previewStatus'> & Partial<Pick<FileVersionRow, 'thumbnailKey' | 'previewKey'>>): Promise<void> {
  await db.update(fileVersions).set(changes).where(eq(fileVersions.id, versionId));
}

/** Files deleted before `cutoff`, oldest first. */
export async function listExpiredTrash(db: Executor, cutoff: Date, limit: number): Promise<FileRow[]> {
  return db.select().from(files).where(lt(files.deletedAt, cutoff)).orderBy(asc(files.deletedAt)).limit(limit);
}

export async function deleteFileRow(db: Executor, fileId: string): Promise<void> {
  await db.delete(files).where(eq(files.id, fileId));
}

/** Bytes an organisation keeps: every version of every file not yet purged, plus uploads in progress. */
export async function storageUsedBytes(db: Executor, orgId: string, now: Date): Promise<number> {
  const [stored] = await db
    .select({ bytes: sql<string>`coalesce(sum(${fileVersions.sizeBytes}), 0)` })
    .from(fileVersions)
    .innerJoin(files, eq(files.id, fileVersions.fileId))
    .where(eq(files.orgId, orgId));
  const [pending] = await db
    .select({ bytes: sql<string>`coalesce(sum(${fileUploads.sizeBytes}), 0)` })
    .from(fileUploads)
    .where(and(eq(fileUploads.orgId, orgId), eq(fileUploads.status, 'pending'), sql`${fileUploads.expiresAt} > ${now.toISOString()}::timestamptz`));
  return Number(stored!.bytes) + Number(pending!.bytes);
}

// Folders

export async function listFolders(db: Executor, projectId: string): Promise<FolderRow[]> {
  return db.select().from(fileFolders).where(eq(fileFolders.projectId, projectId)).orderBy(asc(sql`lower(${fileFolders.name})`), asc(fileFolders.id));
}

export async function countFolders(db: Executor, projectId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(fileFolders).where(eq(fileFolders.projectId, projectId));
  return row!.n;
}

export async function findFolder(db: Executor, folderId: string): Promise<FolderRow | undefined> {
  const [row] = await db.select().from(fileFolders).where(eq(fileFolders.id, folderId));
  return row;
}

export async function insertFolder(db: Executor, values: typeof fileFolders.$inferInsert): Promise<FolderRow> {
  const [row] = await db.insert(fileFolders).values(values).returning();
  return row!;
}

export async function updateFolder(db: Executor, folderId: string, changes: Partial<Pick<FolderRow, 'name' | 'parentId'>>): Promise<FolderRow | undefined> {
  const [row] = await db
    .update(fileFolders)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(fileFolders.id, folderId))
    .returning();
  return row;
}

/** Moves the live files of these folders to the trash, then removes the folders. */
export async function trashFoldersAndFiles(db: Executor, folderIds: string[], actorId: string, now: Date): Promise<string[]> {
  const trashed = await db
    .update(files)
    .set({ deletedAt: now, deletedBy: actorId, updatedAt: now })
    .where(and(inArray(files.folderId, folderIds), isNull(files.deletedAt)))
    .returning({ id: files.id });
  await db.delete(fileFolders).where(inArray(fileFolders.id, folderIds));
  return trashed.map((row) => row.id);
}
