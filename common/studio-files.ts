import { z } from 'zod';
import { userSummarySchema } from './organizations.ts';

const id = z.uuid();
const timestamp = z.iso.datetime();

const MiB = 1024 * 1024;

/** Limits shared by the upload form and the server. */
export const filesLimits = {
  name: { min: 1, max: 255 },
  folderName: { min: 1, max: 120 },
  /** Largest single file version. */
  maxFileBytes: 5 * 1024 * MiB,
  /** Files larger than one part upload in parts; S3 needs at least 5 MiB for every part but the last. */
  partSizeBytes: 8 * MiB,
  /** Part URLs one request may ask for. */
  partUrlsPerRequest: 100,
  /** Folders one project may hold (the whole tree is sent to the browser at once). */
  foldersPerProject: 1000,
  /** Depth of nested folders. */
  folderDepth: 20,
  /** Days a deleted file stays in the trash before it is purged. */
  trashRetentionDays: 30,
  /** Hours an unfinished upload may be resumed before it expires. */
  uploadTtlHours: 24,
  /** Minutes a signed upload or download URL stays valid. */
  signedUrlMinutes: 15,
  thumbnailPixels: 320,
  previewPixels: 1600,
} as const;

export type FileCategory = 'image' | 'pdf' | 'document' | 'video' | 'audio' | 'archive' | 'text' | 'font';

/**
 * A type people may upload. `detectedAs` are the types the bytes themselves may reveal (by their
 * magic numbers); `'text'` means the format has none and must be valid UTF-8 text instead.
 * `inline` types may be shown in the browser; the others are always served as attachments
 * (SVG can carry scripts, so it is never inline).
 */
export interface AllowedFileType {
  mimeType: string;
  extensions: readonly string[];
  category: FileCategory;
  detectedAs: readonly string[] | 'text';
  inline: boolean;
}

const type = (mimeType: string, category: FileCategory, extensions: string[], detectedAs: string[] | 'text', inline = false): AllowedFileType => ({
  mimeType,
  category,
  extensions,
  detectedAs,
  inline,
});

const officeZip = (subtype: string) => `application/vnd.openxmlformats-officedocument.${subtype}`;

export const ALLOWED_FILE_TYPES: readonly AllowedFileType[] = [
  type('image/png', 'image', ['png'], ['image/png', 'image/apng'], true),
  type('image/jpeg', 'image', ['jpg', 'jpeg'], ['image/jpeg'], true),
  type('image/gif', 'image', ['gif'], ['image/gif'], true),
  type('image/webp', 'image', ['webp'], ['image/webp'], true),
  type('image/avif', 'image', ['avif'], ['image/avif'], true),
  type('image/tiff', 'image', ['tif', 'tiff'], ['image/tiff']),
  type('image/svg+xml', 'image', ['svg'], 'text'),
  type('image/vnd.adobe.photoshop', 'image', ['psd'], ['image/vnd.adobe.photoshop']),
  type('application/pdf', 'pdf', ['pdf'], ['application/pdf']),
  type(officeZip('wordprocessingml.document'), 'document', ['docx'], [officeZip('wordprocessingml.document')]),
  type(officeZip('spreadsheetml.sheet'), 'document', ['xlsx'], [officeZip('spreadsheetml.sheet')]),
  type(officeZip('presentationml.presentation'), 'document', ['pptx'], [officeZip('presentationml.presentation')]),
  type('application/msword', 'document', ['doc'], ['application/x-cfb']),
  type('application/vnd.ms-excel', 'document', ['xls'], ['application/x-cfb']),
  type('application/vnd.ms-powerpoint', 'document', ['ppt'], ['application/x-cfb']),
  type('application/vnd.oasis.opendocument.text', 'document', ['odt'], ['application/vnd.oasis.opendocument.text']),
  type('application/vnd.oasis.opendocument.spreadsheet', 'document', ['ods'], ['application/vnd.oasis.opendocument.spreadsheet']),
  type('application/vnd.oasis.opendocument.presentation', 'document', ['odp'], ['application/vnd.oasis.opendocument.presentation']),
  type('application/rtf', 'document', ['rtf'], ['application/rtf']),
  type('video/mp4', 'video', ['mp4', 'm4v'], ['video/mp4', 'video/x-m4v', 'video/quicktime'], true),
  type('video/webm', 'video', ['webm'], ['video/webm', 'video/matroska'], true),
  type('video/quicktime', 'video', ['mov'], ['video/quicktime', 'video/mp4']),
  type('audio/mpeg', 'audio', ['mp3'], ['audio/mpeg'], true),
  type('audio/wav', 'audio', ['wav'], ['audio/wav'], true),
  type('audio/ogg', 'audio', ['ogg', 'oga'], ['audio/ogg'], true),
  type('audio/flac', 'audio', ['flac'], ['audio/flac'], true),
  type('audio/mp4', 'audio', ['m4a'], ['audio/mp4', 'audio/x-m4a'], true),
  type('application/zip', 'archive', ['zip'], ['application/zip']),
  type('text/plain', 'text', ['txt'], 'text'),
  type('text/markdown', 'text', ['md', 'markdown'], 'text'),
  type('text/csv', 'text', ['csv'], 'text'),
  type('application/json', 'text', ['json'], 'text'),
  type('font/ttf', 'font', ['ttf'], ['font/ttf']),
  type('font/otf', 'font', ['otf'], ['font/otf']),
  type('font/woff', 'font', ['woff'], ['font/woff']),
  type('font/woff2', 'font', ['woff2'], ['font/woff2']),
];

const byMimeType = new Map(ALLOWED_FILE_TYPES.map((t) => [t.mimeType, t]));
const byExtension = new Map(ALLOWED_FILE_TYPES.flatMap((t) => t.extensions.map((ext) => [ext, t] as const)));

export const allowedFileType = (mimeType: string): AllowedFileType | undefined => byMimeType.get(mimeType.toLowerCase());

/** The allowed type a file name suggests, for browsers that report no type (or a generic one). */
export function fileTypeForName(name: string): AllowedFileType | undefined {
  const ext = name.toLowerCase().split('.').pop();
  return ext ? byExtension.get(ext) : undefined;
}

/** What the uploader sees for a stored version: previews come from a background job. */
export const PREVIEW_STATUSES = ['pending', 'ready', 'unsupported', 'failed'] as const;
export const previewStatusSchema = z.enum(PREVIEW_STATUSES);
export type PreviewStatus = z.infer<typeof previewStatusSchema>;

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

const fileName = z
  .string()
  .trim()
  .min(filesLimits.name.min)
  .max(filesLimits.name.max)
  .refine((name) => !/[/\\]/.test(name) && !hasControlCharacter(name), { message: 'A name may not contain slashes or control characters' });
const folderName = fileName.pipe(z.string().max(filesLimits.folderName.max));

export const createUploadBodySchema = z.object({
  name: fileName,
  mimeType: z.string().trim().toLowerCase().min(1).max(255),
  sizeBytes: z.number().int().min(1),
  folderId: id.nullish(),
  /** Uploads a new version of this file instead of a new file. */
  fileId: id.optional(),
});
export type CreateUploadBody = z.input<typeof createUploadBodySchema>;

export const uploadPartSchema = z.object({ partNumber: z.number().int(), sizeBytes: z.number().int().nullable(), etag: z.string() });

export const uploadSchema = z.object({
  id,
  projectId: id,
  fileId: id.nullable(),
  folderId: id.nullable(),
  name: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  status: z.enum(['pending', 'completed']),
  expiresAt: timestamp,
  /** Single uploads: PUT the bytes here with the same Content-Type. */
  uploadUrl: z.string().nullable(),
  /** Multipart uploads: part size and count, and the parts already recorded (for resuming). */
  multipart: z
    .object({ partSizeBytes: z.number().int(), partCount: z.number().int(), completedParts: z.array(uploadPartSchema) })
    .nullable(),
  /** The version the upload became, once completed. */
  versionId: id.nullable(),
});
export type Upload = z.infer<typeof uploadSchema>;

export const partUrlsBodySchema = z.object({
  partNumbers: z.array(z.number().int().min(1).max(10_000)).min(1).max(filesLimits.partUrlsPerRequest),
});
export const partUrlsSchema = z.object({ parts: z.array(z.object({ partNumber: z.number().int(), url: z.string() })), expiresAt: timestamp });
export type PartUrls = z.infer<typeof partUrlsSchema>;

/** The ETag storage answered for an uploaded part, recorded so the upload can be resumed and completed. */
export const recordPartBodySchema = z.object({ etag: z.string().min(1).max(200) });

export const fileVersionSchema = z.object({
  id,
  number: z.number().int(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: userSummarySchema.nullable(),
  createdAt: timestamp,
  previewStatus: previewStatusSchema,
  thumbnailUrl: z.string().nullable(),
  previewUrl: z.string().nullable(),
});
export type FileVersion = z.infer<typeof fileVersionSchema>;

export const fileSchema = z.object({
  id,
  projectId: id,
  folderId: id.nullable(),
  name: z.string(),
  category: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  versionCount: z.number().int(),
  currentVersionId: id,
  previewStatus: previewStatusSchema,
  thumbnailUrl: z.string().nullable(),
  previewUrl: z.string().nullable(),
  createdBy: userSummarySchema.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  deletedAt: timestamp.nullable(),
  deletedBy: userSummarySchema.nullable(),
  /** When a deleted file will be purged. */
  purgeAt: timestamp.nullable(),
});
export type StudioFile = z.infer<typeof fileSchema>;

export const fileDetailSchema = z.object({
  file: fileSchema,
  versions: z.array(fileVersionSchema),
  /** Whether the browser may show the original inline (images, video, audio); others download. */
  inline: z.boolean(),
});
export type FileDetail = z.infer<typeof fileDetailSchema>;

export const FILE_SORTS = ['name', 'updated', 'size'] as const;
export const fileListQuerySchema = z.object({
  /** Omitted: the project root. */
  folderId: id.optional(),
  /** `true`: the trash, every deleted file of the project, most recently deleted first. */
  trash: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  sort: z.enum(FILE_SORTS).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  q: z.string().trim().max(120).optional(),
  cursor: z.string().min(1).max(400).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type FileListQuery = z.input<typeof fileListQuerySchema>;
export type FileListParams = z.output<typeof fileListQuerySchema>;
export type FileSort = (typeof FILE_SORTS)[number];

export const folderSchema = z.object({
  id,
  projectId: id,
  parentId: id.nullable(),
  name: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Folder = z.infer<typeof folderSchema>;

export const createFolderBodySchema = z.object({ name: folderName, parentId: id.nullish() });
export const updateFolderBodySchema = z
  .object({ name: folderName, parentId: id.nullable() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change' });
export const updateFileBodySchema = z
  .object({ name: fileName, folderId: id.nullable() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change' });

export const downloadQuerySchema = z.object({
  /** `inline` asks to view it in the browser (allowed for inline types only); default is a download. */
  disposition: z.enum(['attachment', 'inline']).default('attachment'),
  /** `true` answers 302 to the signed URL instead of `{ url }`. */
  redirect: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});
export const downloadSchema = z.object({ url: z.string(), expiresAt: timestamp });
export type Download = z.infer<typeof downloadSchema>;

export const storageUsageSchema = z.object({ usedBytes: z.number().int(), quotaBytes: z.number().int() });
export type StorageUsage = z.infer<typeof storageUsageSchema>;

/** A file as messages and comments show it (see `describeAttachments`). */
export const fileAttachmentSchema = z.object({
  id,
  name: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  thumbnailUrl: z.string().nullable(),
});
export type FileAttachment = z.infer<typeof fileAttachmentSchema>;
