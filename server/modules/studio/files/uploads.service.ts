import { randomUUID } from 'node:crypto';
import {
  allowedFileType,
  fileTypeForName,
  filesLimits,
  type AllowedFileType,
  type CreateUploadBody,
  type PartUrls,
} from '../../../../common/studio-files.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { StudioContext } from '../context.ts';
import type { ProjectAccess } from '../project-access.ts';
import { contentMatches, readHead, sha256Of } from './content-check.ts';
import { addVersion, findFile, findFolder, insertFile, storageUsedBytes, type FileVersionRow } from './files.repository.ts';
import type { FileEvents } from './file-events.ts';
import { storageKeys } from './storage-keys.ts';
import {
  deleteUpload,
  findUpload,
  insertUpload,
  listExpiredUploads,
  lockOrganizationQuota,
  markUploadCompleted,
  recordUploadPart,
  setUploadMultipartId,
  setUploadResult,
  type UploadRow,
} from './uploads.repository.ts';

const URL_SECONDS = filesLimits.signedUrlMinutes * 60;

export const uploadNotFound = () => new AppError('upload_not_found', 404, 'No such upload');
export const folderNotFound = () => new AppError('folder_not_found', 404, 'No such folder');
export const fileNotFound = () => new AppError('file_not_found', 404, 'No such file');

/** An upload as its API answer needs it: the row and, for single uploads still pending, a fresh URL. */
export interface UploadView {
  upload: UploadRow;
  uploadUrl: string | null;
}

const partCountOf = (sizeBytes: number) => Math.ceil(sizeBytes / filesLimits.partSizeBytes);
const partSizeOf = (upload: UploadRow, partNumber: number) =>
  partNumber < upload.partCount! ? filesLimits.partSizeBytes : upload.sizeBytes - filesLimits.partSizeBytes * (upload.partCount! - 1);

/** The allowed type of an upload; browsers that know no better say application/octet-stream, so the name decides then. */
function resolveType(mimeType: string, name: string): AllowedFileType {
  const type = allowedFileType(mimeType) ?? (mimeType === 'application/octet-stream' || mimeType === '' ? fileTypeForName(name) : undefined);
  if (!type) {
    throw new AppError('file_type_not_allowed', 415, `Files of type ${mimeType} cannot be uploaded`, { mimeType });
  }
  return type;
}

/**
 * Direct-to-storage uploads: the server checks type, size and quota and hands out signed URLs;
 * the bytes go straight to storage; completing checks what arrived and records the version.
 */
export function uploadsService(ctx: StudioContext, access: ProjectAccess, events: FileEvents) {
  const { db, storage, config } = ctx;

  const view = async (upload: UploadRow): Promise<UploadView> => ({
    upload,
    uploadUrl:
      upload.status === 'pending' && !upload.multipartId
        ? await storage.signedUploadUrl(upload.storageKey, { expiresInSeconds: URL_SECONDS, contentType: upload.mimeType, maxBytes: upload.sizeBytes })
        : null,
  });

  /** The actor's own upload in a project they may still contribute to. */
  const ownUpload = async (actor: Actor, uploadId: string): Promise<UploadRow> => {
    const upload = await findUpload(db, uploadId);
    if (!upload) throw uploadNotFound();
    await access.authorize(actor, upload.projectId, 'contribute');
    if (upload.createdBy !== actor.userId) throw uploadNotFound();
    return upload;
  };

  const pendingUpload = async (actor: Actor, uploadId: string): Promise<UploadRow> => {
    const upload = await ownUpload(actor, uploadId);
    if (upload.status !== 'pending') throw new AppError('upload_completed', 409, 'This upload is already complete');
    if (upload.expiresAt < new Date()) throw new AppError('upload_expired', 410, 'This upload has expired; start it again');
    return upload;
  };

  const discard = async (upload: UploadRow) => {
    if (upload.multipartId) {
      await storage.abortMultipartUpload(upload.storageKey, upload.multipartId).catch((err: unknown) => {
        ctx.log.warn({ err, uploadId: upload.id }, 'could not abort a multipart upload; the bucket lifecycle rule will');
      });
    }
    await storage.delete(upload.storageKey);
    await deleteUpload(db, upload.id);
  };

  const refuse = async (upload: UploadRow, error: AppError): Promise<never> => {
    await discard(upload);
    throw error;
  };

  /** Joins the recorded parts, unless an earlier attempt already did. */
  const joinParts = async (upload: UploadRow) => {
    const existing = await storage.head(upload.storageKey);
    if (existing?.size === upload.sizeBytes) return;
    const missing: number[] = [];
    for (let n = 1; n <= upload.partCount!; n++) if (!upload.parts[String(n)]) missing.push(n);
    if (missing.length) {
      throw new AppError('upload_incomplete', 409, `${missing.length} part(s) have not been uploaded yet`, { missingParts: missing.slice(0, 100) });
    }
    const parts = Array.from({ length: upload.partCount! }, (_, i) => ({ partNumber: i + 1, etag: upload.parts[String(i + 1)]! }));
    await storage.completeMultipartUpload(upload.storageKey, upload.multipartId!, parts);
  };

  /** Checks the stored bytes against what was declared; refuses (and deletes) anything else. */
  const verifyStoredObject = async (upload: UploadRow): Promise<string> => {
    const stored = await storage.head(upload.storageKey);
    if (!stored) throw new AppError('upload_incomplete', 409, 'The file has not arrived in storage yet');
    if (stored.size !== upload.sizeBytes) {
      return refuse(
        upload,
        new AppError('upload_size_mismatch', 422, `${stored.size} bytes arrived but ${upload.sizeBytes} were declared`, {
          declared: upload.sizeBytes,
          stored: stored.size,
        }),
      );
    }
    const head = await readHead(await storage.get(upload.storageKey));
    const check = await contentMatches(resolveType(upload.mimeType, upload.name), head);
    if (!check.matches) {
      return refuse(
        upload,
        new AppError('file_type_mismatch', 422, `The file's content is not ${upload.mimeType}`, { declared: upload.mimeType, detected: check.detected }),
      );
    }
    return sha256Of(await storage.get(upload.storageKey));
  };

  return {
    /** Starts an upload after checking type, size, target and the organisation's quota. */
    async create(actor: Actor, projectId: string, input: CreateUploadBody): Promise<UploadView> {
      const { project } = await access.authorize(actor, projectId, 'contribute');
      const type = resolveType(input.mimeType, input.name);
      if (input.sizeBytes > filesLimits.maxFileBytes) {
        throw new AppError('file_too_large', 413, `Files may be at most ${filesLimits.maxFileBytes} bytes`, { maxBytes: filesLimits.maxFileBytes });
      }
      let folderId = input.folderId ?? null;
      if (input.fileId) {
        const existing = await findFile(db, input.fileId);
        if (existing?.file.projectId !== projectId || existing.file.deletedAt) throw fileNotFound();
        folderId = existing.file.folderId;
      } else if (folderId) {
        const folder = await findFolder(db, folderId);
        if (folder?.projectId !== projectId) throw folderNotFound();
      }

      const id = randomUUID();
      const multipart = input.sizeBytes > filesLimits.partSizeBytes;
      const now = new Date();
      const upload = await db.transaction(async (tx) => {
        await lockOrganizationQuota(tx, project.orgId);
        const usedBytes = await storageUsedBytes(tx, project.orgId, now);
        if (usedBytes + input.sizeBytes > config.storageQuotaBytes) {
          throw new AppError('storage_quota_exceeded', 413, 'This upload would pass your organisation’s storage quota', {
            usedBytes,
            quotaBytes: config.storageQuotaBytes,
          });
        }
        return insertUpload(tx, {
          id,
          projectId,
          orgId: project.orgId,
          fileId: input.fileId ?? null,
          folderId,
          name: input.name,
          mimeType: type.mimeType,
          sizeBytes: input.sizeBytes,
          storageKey: storageKeys.original(project.orgId, projectId, id),
          partCount: multipart ? partCountOf(input.sizeBytes) : null,
          createdBy: actor.userId,
          expiresAt: new Date(now.getTime() + filesLimits.uploadTtlHours * 3600_000),
        });
      });
      if (!multipart) return view(upload);
      try {
        const multipartId = await storage.createMultipartUpload(upload.storageKey, type.mimeType);
        return await view(await setUploadMultipartId(db, upload.id, multipartId));
      } catch (err) {
        await deleteUpload(db, upload.id);
        throw err;
      }
    },

    async get(actor: Actor, uploadId: string): Promise<UploadView> {
      return view(await ownUpload(actor, uploadId));
    },

    /** Signed URLs for parts of a multipart upload; the client may ask again to resume. */
    async partUrls(actor: Actor, uploadId: string, partNumbers: number[]): Promise<PartUrls> {
      const upload = await pendingUpload(actor, uploadId);
      if (!upload.multipartId) throw new AppError('not_multipart', 409, 'This upload is a single PUT; use its uploadUrl');
      const invalid = partNumbers.filter((n) => n > upload.partCount!);
      if (invalid.length) throw new AppError('invalid_part_number', 400, `This upload has ${upload.partCount} parts`, { invalid });
      const parts = await Promise.all(
        [...new Set(partNumbers)].map(async (partNumber) => ({
          partNumber,
          url: await storage.signedPartUploadUrl(upload.storageKey, upload.multipartId!, partNumber, {
            expiresInSeconds: URL_SECONDS,
            maxBytes: partSizeOf(upload, partNumber),
          }),
        })),
      );
      return { parts, expiresAt: new Date(Date.now() + URL_SECONDS * 1000).toISOString() };
    },

    /** Records the ETag storage answered for a part, so the upload can resume and complete. */
    async recordPart(actor: Actor, uploadId: string, partNumber: number, etag: string): Promise<void> {
      const upload = await pendingUpload(actor, uploadId);
      if (!upload.multipartId || partNumber < 1 || partNumber > upload.partCount!) {
        throw new AppError('invalid_part_number', 400, `This upload has ${upload.partCount ?? 1} part(s)`);
      }
      await recordUploadPart(db, uploadId, partNumber, etag);
    },

    /**
     * Confirms an upload: joins the parts, checks the stored size and the bytes' real type,
     * hashes them, records the file or its new version, announces it and queues its previews.
     * Completing again answers the same file.
     */
    async complete(actor: Actor, uploadId: string): Promise<{ fileId: string }> {
      const found = await ownUpload(actor, uploadId);
      if (found.status === 'completed') return { fileId: found.fileId! };
      const upload = await pendingUpload(actor, uploadId);
      if (upload.multipartId) await joinParts(upload);
      const sha256 = await verifyStoredObject(upload);

      const result = await db.transaction(async (tx) => {
        if (!(await markUploadCompleted(tx, upload.id))) return undefined;
        let fileId = upload.fileId;
        if (fileId) {
          const existing = await findFile(tx, fileId);
          if (!existing || existing.file.deletedAt) throw fileNotFound();
        } else {
          const folder = upload.folderId ? await findFolder(tx, upload.folderId) : undefined;
          const file = await insertFile(tx, {
            projectId: upload.projectId,
            orgId: upload.orgId,
            folderId: folder?.id ?? null,
            name: upload.name,
            createdBy: actor.userId,
          });
          fileId = file.id;
        }
        const version: FileVersionRow = await addVersion(tx, fileId, {
          storageKey: upload.storageKey,
          mimeType: upload.mimeType,
          sizeBytes: upload.sizeBytes,
          sha256,
          uploadedBy: actor.userId,
        });
        await setUploadResult(tx, upload.id, fileId, version.id);
        return { fileId, version };
      });
      if (!result) return { fileId: (await findUpload(db, uploadId))!.fileId! };
      await events.uploaded(actor, upload, result.fileId, result.version);
      return { fileId: result.fileId };
    },

    /** Cancels an unfinished upload and drops whatever bytes arrived. */
    async abort(actor: Actor, uploadId: string): Promise<void> {
      const upload = await ownUpload(actor, uploadId);
      if (upload.status === 'completed') throw new AppError('upload_completed', 409, 'This upload is already complete');
      await discard(upload);
    },

    /** Drops expired uploads: the bytes of unfinished ones, and the rows of all. Answers how many. */
    async expireUploads(now = new Date()): Promise<number> {
      const expired = await listExpiredUploads(db, now, 500);
      for (const upload of expired) {
        if (upload.status === 'pending') await discard(upload);
        else await deleteUpload(db, upload.id);
      }
      return expired.length;
    },
  };
}

export type UploadsService = ReturnType<typeof uploadsService>;
