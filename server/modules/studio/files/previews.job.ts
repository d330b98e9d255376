import type { JobContext } from '../../../platform/jobs/index.ts';
import type { StudioContext } from '../context.ts';
import type { PreviewJobData } from './file-events.ts';
import { findFile, findVersion, setPreview } from './files.repository.ts';
import { canPreview, renderPreview } from './previews.ts';
import { PREVIEW_CONTENT_TYPE, storageKeys } from './storage-keys.ts';

/**
 * Makes a version's thumbnail and preview. A file the tools cannot read is marked `failed`
 * (trying again would fail the same way); storage errors throw, so pg-boss retries them.
 */
export function previewsJob(ctx: StudioContext) {
  const { db, storage, log } = ctx;
  return async (job: JobContext<PreviewJobData>): Promise<{ status: string }> => {
    const version = await findVersion(db, job.data.versionId);
    if (!version) return { status: 'gone' };
    if (!canPreview(version.mimeType)) {
      await setPreview(db, version.id, { previewStatus: 'unsupported' });
      await job.progress(100);
      return { status: 'unsupported' };
    }
    const owner = await findFile(db, version.fileId);
    if (!owner) return { status: 'gone' };
    await job.progress(10);
    const source = await storage.get(version.storageKey);
    let rendered;
    try {
      rendered = await renderPreview(version.mimeType, source);
    } catch (err) {
      log.warn({ err, versionId: version.id, mimeType: version.mimeType }, 'could not render a file preview');
      await setPreview(db, version.id, { previewStatus: 'failed' });
      await job.progress(100);
      return { status: 'failed' };
    }
    await job.progress(70);
    const { orgId, projectId } = owner.file;
    const thumbnailKey = storageKeys.thumbnail(orgId, projectId, version.id);
    const previewKey = storageKeys.preview(orgId, projectId, version.id);
    await storage.put(thumbnailKey, rendered.thumbnail, PREVIEW_CONTENT_TYPE);
    await storage.put(previewKey, rendered.preview, PREVIEW_CONTENT_TYPE);
    await setPreview(db, version.id, { previewStatus: 'ready', thumbnailKey, previewKey });
    await job.progress(100);
    return { status: 'ready' };
  };
}
