import {
  allowedFileType,
  filesLimits,
  type Download,
  type FileAttachment,
  type FileListParams,
  type FileSort,
  type StorageUsage,
} from '../../../../common/studio-files.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { invalidCursor } from '../../../platform/pagination/cursor.ts';
import { directory } from '../../identity/directory.ts';
import type { StudioContext } from '../context.ts';
import type { ProjectAccess } from '../project-access.ts';
import type { FileEvents } from './file-events.ts';
import {
  deleteFileRow,
  findFile,
  findFilesByIds,
  findFolder,
  findVersion,
  listExpiredTrash,
  listFiles,
  listVersions,
  sortValueOf,
  storageUsedBytes,
  updateFile,
  type FileListPosition,
  type FileRow,
  type FileVersionRow,
  type FileWithVersion,
} from './files.repository.ts';
import type { FileView, PreviewUrls, VersionView } from './files.presenter.ts';
import { PREVIEW_CONTENT_TYPE } from './storage-keys.ts';
import { fileNotFound, folderNotFound } from './uploads.service.ts';

const DOWNLOAD_SECONDS = filesLimits.signedUrlMinutes * 60;
/** Thumbnails sit in lists the browser keeps open a while, so their URLs live longer than downloads'. */
const PREVIEW_URL_SECONDS = 60 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface FileDetailView {
  file: FileView;
  versions: VersionView[];
  inline: boolean;
}

const encodePosition = (position: FileListPosition) => Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');

function decodePosition(cursor: string | undefined, sort: FileSort, trash: boolean): FileListPosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const numeric = sort === 'size' && !trash;
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id) || typeof value !== (numeric ? 'number' : 'string')) throw invalidCursor();
    if (!numeric && sort !== 'name' && Number.isNaN(Date.parse(value as string))) throw invalidCursor();
    return { value: value as string | number, id };
  } catch {
    throw invalidCursor();
  }
}

export function filesService(ctx: StudioContext, access: ProjectAccess, events: FileEvents) {
  const { db, storage, config } = ctx;

  const previewUrls = async (version: FileVersionRow): Promise<PreviewUrls> => {
    const sign = (key: string | null) =>
      key ? storage.signedDownloadUrl(key, { expiresInSeconds: PREVIEW_URL_SECONDS, contentType: PREVIEW_CONTENT_TYPE }) : Promise.resolve(null);
    const [thumbnailUrl, previewUrl] = await Promise.all([sign(version.thumbnailKey), sign(version.previewKey)]);
    return { thumbnailUrl, previewUrl };
  };

  const views = async (rows: FileWithVersion[]): Promise<FileView[]> => {
    const people = await directory.userSummaries(
      db,
      rows.flatMap(({ file }) => [file.createdBy, file.deletedBy].filter((id): id is string => id !== null)),
    );
    const person = (id: string | null) => (id ? (people.get(id) ?? null) : null);
    return Promise.all(
      rows.map(async (row) => ({ row, createdBy: person(row.file.createdBy), deletedBy: person(row.file.deletedBy), ...(await previewUrls(row.version)) })),
    );
  };

  /** Loads a file and checks the actor may do `action` in its project; deleted files only when `includeDeleted`. */
  const authorizedFile = async (actor: Actor, fileId: string, action: 'read' | 'contribute', includeDeleted = false) => {
    const row = await findFile(db, fileId);
    if (!row) throw fileNotFound();
    const authorized = await access.authorize(actor, row.file.projectId, action);
    if (row.file.deletedAt && !includeDeleted) throw fileNotFound();
    return { row, ...authorized };
  };

  /** Others' files need `moderate`; restoring what you deleted or purging what you created needs only `contribute`. */
  const authorizeOwnOrModerate = async (actor: Actor, file: FileRow, ownerId: string | null) => {
    await access.authorize(actor, file.projectId, ownerId === actor.userId ? 'contribute' : 'moderate');
  };

  const detail = async (row: FileWithVersion): Promise<FileDetailView> => {
    const [file] = await views([row]);
    const versions = await listVersions(db, row.file.id);
    const people = await directory.userSummaries(
      db,
      versions.flatMap((v) => (v.uploadedBy ? [v.uploadedBy] : [])),
    );
    return {
      file: file!,
      versions: await Promise.all(
        versions.map(async (version) => ({ version, uploadedBy: version.uploadedBy ? (people.get(version.uploadedBy) ?? null) : null, ...(await previewUrls(version)) })),
      ),
      inline: allowedFileType(row.version.mimeType)?.inline ?? false,
    };
  };

  const removeObjects = async (versions: FileVersionRow[]) => {
    for (const version of versions) {
      for (const key of [version.storageKey, version.thumbnailKey, version.previewKey]) if (key) await storage.delete(key);
    }
  };

  const purgeFile = async (actor: Actor | null, file: FileRow) => {
    await removeObjects(await listVersions(db, file.id));
    await deleteFileRow(db, file.id);
    await events.purged(actor, file);
  };

  return {
    /** A folder's live files (or the trash), sorted and paged by cursor; `q` searches every folder by name. */
    async list(actor: Actor, projectId: string, query: FileListParams) {
      await access.authorize(actor, projectId, 'read');
      if (query.folderId) {
        const folder = await findFolder(db, query.folderId);
        if (folder?.projectId !== projectId) throw folderNotFound();
      }
      const rows = await listFiles(
        db,
        { projectId, folderId: query.folderId ?? null, trash: query.trash, q: query.q === '' ? undefined : query.q, sort: query.sort, order: query.order },
        decodePosition(query.cursor, query.sort, query.trash),
        query.limit,
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const nextCursor = rows.length > query.limit && last ? encodePosition({ value: sortValueOf(last, query.sort, query.trash), id: last.file.id }) : null;
      return { items: await views(page), nextCursor };
    },

    /** A file with its versions, newest first; deleted files too, so the trash can show them. */
    async get(actor: Actor, fileId: string): Promise<FileDetailView> {
      const { row } = await authorizedFile(actor, fileId, 'read', true);
      return detail(row);
    },

    /** Renames a file or moves it to another folder of its project (null: the root). */
    async update(actor: Actor, fileId: string, changes: { name?: string; folderId?: string | null }): Promise<FileDetailView> {
      const { row } = await authorizedFile(actor, fileId, 'contribute');
      if (changes.folderId) {
        const folder = await findFolder(db, changes.folderId);
        if (folder?.projectId !== row.file.projectId) throw folderNotFound();
      }
      await updateFile(db, fileId, changes);
      return detail((await findFile(db, fileId))!);
    },

    /** Moves a file to the trash; it is purged after the retention period unless restored. */
    async remove(actor: Actor, fileId: string): Promise<void> {
      const { row } = await authorizedFile(actor, fileId, 'contribute');
      await updateFile(db, fileId, { deletedAt: new Date(), deletedBy: actor.userId });
      await events.deleted(actor, row.file);
    },

    async restore(actor: Actor, fileId: string): Promise<FileDetailView> {
      const row = await findFile(db, fileId);
      if (!row) throw fileNotFound();
      await access.authorize(actor, row.file.projectId, 'read');
      if (!row.file.deletedAt) throw new AppError('file_not_deleted', 409, 'This file is not in the trash');
      await authorizeOwnOrModerate(actor, row.file, row.file.deletedBy);
      // A file whose folder was deleted meanwhile comes back at the root (the folder reference was cleared).
      await updateFile(db, fileId, { deletedAt: null, deletedBy: null });
      await events.restored(actor, row.file);
      return detail((await findFile(db, fileId))!);
    },

    /** Deletes a trashed file for good, with every version's bytes. */
    async purge(actor: Actor, fileId: string): Promise<void> {
      const row = await findFile(db, fileId);
      if (!row) throw fileNotFound();
      await access.authorize(actor, row.file.projectId, 'read');
      if (!row.file.deletedAt) throw new AppError('file_not_deleted', 409, 'Move the file to the trash before deleting it for good');
      await authorizeOwnOrModerate(actor, row.file, row.file.createdBy);
      await purgeFile(actor, row.file);
    },

    /** A short-lived signed URL for the current version, or for `versionId`; announces the download. */
    async download(actor: Actor, fileId: string, options: { versionId?: string; disposition: 'attachment' | 'inline' }): Promise<Download> {
      const { row } = await authorizedFile(actor, fileId, 'read');
      const version = options.versionId ? await findVersion(db, options.versionId) : row.version;
      if (version?.fileId !== fileId) throw new AppError('version_not_found', 404, 'No such version of this file');
      const inline = options.disposition === 'inline' && (allowedFileType(version.mimeType)?.inline ?? false);
      const suffix = version.number === row.version.number ? '' : ` (v${version.number})`;
      const dot = row.file.name.lastIndexOf('.');
      const filename = dot > 0 ? `${row.file.name.slice(0, dot)}${suffix}${row.file.name.slice(dot)}` : `${row.file.name}${suffix}`;
      const url = await storage.signedDownloadUrl(version.storageKey, {
        expiresInSeconds: DOWNLOAD_SECONDS,
        // Only types safe to render are ever inline; SVG (it can carry scripts) is always an attachment.
        contentType: version.mimeType,
        filename: inline ? undefined : filename,
      });
      await events.downloaded(actor, row.file, version.id);
      return { url, expiresAt: new Date(Date.now() + DOWNLOAD_SECONDS * 1000).toISOString() };
    },

    /** How much of the organisation's storage quota the project's organisation uses. */
    async usage(actor: Actor, projectId: string): Promise<StorageUsage> {
      const { project } = await access.authorize(actor, projectId, 'read');
      return { usedBytes: await storageUsedBytes(db, project.orgId, new Date()), quotaBytes: config.storageQuotaBytes };
    },

    /**
     * Files as messages and comments attach them: every id must be a live file of the project,
     * otherwise 422 `attachment_not_found` (listing the ids that are not).
     */
    async describeAttachments(actor: Actor, projectId: string, fileIds: string[]): Promise<FileAttachment[]> {
      await access.authorize(actor, projectId, 'read');
      const unique = [...new Set(fileIds)];
      const rows = await findFilesByIds(db, projectId, unique.filter((id) => /^[0-9a-f-]{36}$/i.test(id)));
      const byId = new Map(rows.map((row) => [row.file.id, row]));
      const missing = unique.filter((id) => !byId.has(id));
      if (missing.length) throw new AppError('attachment_not_found', 422, 'Some attached files are not in this project', { fileIds: missing });
      return Promise.all(
        unique.map(async (id) => {
          const { file, version } = byId.get(id)!;
          return { id, name: file.name, mimeType: version.mimeType, sizeBytes: version.sizeBytes, thumbnailUrl: (await previewUrls(version)).thumbnailUrl };
        }),
      );
    },

    /** Purges files that stayed in the trash past the retention period. Answers how many. */
    async purgeExpiredTrash(now = new Date()): Promise<number> {
      const expired = await listExpiredTrash(db, new Date(now.getTime() - filesLimits.trashRetentionDays * DAY_MS), 200);
      for (const file of expired) await purgeFile(null, file);
      return expired.length;
    },
  };
}

export type FilesService = ReturnType<typeof filesService>;
