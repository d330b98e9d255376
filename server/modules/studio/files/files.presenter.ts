import { allowedFileType, filesLimits, type FileDetail, type FileVersion, type Folder, type StudioFile } from '../../../../common/studio-files.ts';
import type { UserSummary } from '../../identity/directory.ts';
import type { FileDetailView } from './files.service.ts';
import type { FileVersionRow, FileWithVersion, FolderRow } from './files.repository.ts';

export interface PreviewUrls {
  thumbnailUrl: string | null;
  previewUrl: string | null;
}

export interface FileView extends PreviewUrls {
  row: FileWithVersion;
  createdBy: UserSummary | null;
  deletedBy: UserSummary | null;
}

export interface VersionView extends PreviewUrls {
  version: FileVersionRow;
  uploadedBy: UserSummary | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function presentFile({ row, createdBy, deletedBy, thumbnailUrl, previewUrl }: FileView): StudioFile {
  const { file, version, versionCount } = row;
  return {
    id: file.id,
    projectId: file.projectId,
    folderId: file.folderId,
    name: file.name,
    category: allowedFileType(version.mimeType)?.category ?? 'document',
    mimeType: version.mimeType,
    sizeBytes: version.sizeBytes,
    versionCount,
    currentVersionId: version.id,
    previewStatus: version.previewStatus,
    thumbnailUrl,
    previewUrl,
    createdBy,
    createdAt: file.createdAt.toISOString(),
    updatedAt: file.updatedAt.toISOString(),
    deletedAt: file.deletedAt?.toISOString() ?? null,
    deletedBy,
    purgeAt: file.deletedAt ? new Date(file.deletedAt.getTime() + filesLimits.trashRetentionDays * DAY_MS).toISOString() : null,
  };
}

export function presentVersion({ version, uploadedBy, thumbnailUrl, previewUrl }: VersionView): FileVersion {
  return {
    id: version.id,
    number: version.number,
    mimeType: version.mimeType,
    sizeBytes: version.sizeBytes,
    sha256: version.sha256,
    uploadedBy,
    createdAt: version.createdAt.toISOString(),
    previewStatus: version.previewStatus,
    thumbnailUrl,
    previewUrl,
  };
}

export const presentFolder = (folder: FolderRow): Folder => ({
  id: folder.id,
  projectId: folder.projectId,
  parentId: folder.parentId,
  name: folder.name,
  createdAt: folder.createdAt.toISOString(),
  updatedAt: folder.updatedAt.toISOString(),
});

export const presentFileDetail = (view: FileDetailView): FileDetail => ({
  file: presentFile(view.file),
  versions: view.versions.map(presentVersion),
  inline: view.inline,
});
