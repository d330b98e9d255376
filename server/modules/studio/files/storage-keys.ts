/** Where the studio keeps a project's objects; every segment is an id, so keys are always safe. */
export const storageKeys = {
  original: (orgId: string, projectId: string, uploadId: string) => `studio/${orgId}/${projectId}/files/${uploadId}`,
  thumbnail: (orgId: string, projectId: string, versionId: string) => `studio/${orgId}/${projectId}/previews/${versionId}-thumb.webp`,
  preview: (orgId: string, projectId: string, versionId: string) => `studio/${orgId}/${projectId}/previews/${versionId}-preview.webp`,
};

export const PREVIEW_CONTENT_TYPE = 'image/webp';
