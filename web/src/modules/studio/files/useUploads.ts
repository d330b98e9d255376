import { useCallback, useEffect, useRef, useState } from 'react';
import type { FileDetail } from '../../../../../common/studio-files.ts';
import { ApiError } from '../../../lib/api.ts';
import { uploadFile, type UploadTarget } from './upload.ts';

export interface UploadItem {
  key: string;
  file: File;
  target: UploadTarget;
  /** 0..1 */
  progress: number;
  status: 'uploading' | 'done' | 'failed' | 'cancelled';
  error?: string;
  uploadId?: string;
  result?: FileDetail;
}

const messageOf = (err: unknown) => (err instanceof ApiError || err instanceof Error ? err.message : 'The upload failed');

/** The page's upload queue: per-file progress, cancel, and retry that resumes where it stopped. */
export function useUploads(onUploaded: (detail: FileDetail) => void) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const uploaded = useRef(onUploaded);
  useEffect(() => {
    uploaded.current = onUploaded;
  }, [onUploaded]);

  const patch = useCallback((key: string, change: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  const run = useCallback(
    (item: UploadItem) => {
      const controller = new AbortController();
      controllers.current.set(item.key, controller);
      uploadFile(
        item.file,
        item.target,
        {
          signal: controller.signal,
          onProgress: (progress) => patch(item.key, { progress }),
          onStarted: (uploadId) => patch(item.key, { uploadId }),
        },
        item.uploadId,
      )
        .then((result) => {
          patch(item.key, { status: 'done', progress: 1, result });
          uploaded.current(result);
        })
        .catch((err: unknown) => {
          if (controller.signal.aborted) patch(item.key, { status: 'cancelled' });
          // An expired or vanished upload cannot resume; the next retry starts afresh.
          else if (err instanceof ApiError && ['upload_expired', 'upload_not_found'].includes(err.code)) patch(item.key, { status: 'failed', error: err.message, uploadId: undefined });
          else patch(item.key, { status: 'failed', error: messageOf(err) });
        })
        .finally(() => controllers.current.delete(item.key));
    },
    [patch],
  );

  const add = useCallback(
    (files: File[], target: UploadTarget) => {
      const added = files.map<UploadItem>((file) => ({ key: `${Date.now()}-${Math.random().toString(36).slice(2)}`, file, target, progress: 0, status: 'uploading' }));
      setItems((current) => [...added, ...current]);
      for (const item of added) run(item);
    },
    [run],
  );

  const retry = useCallback(
    (item: UploadItem) => {
      const again = { ...item, status: 'uploading' as const, error: undefined };
      patch(item.key, again);
      run(again);
    },
    [patch, run],
  );

  const cancel = useCallback((item: UploadItem) => controllers.current.get(item.key)?.abort(), []);
  const clearFinished = useCallback(() => setItems((current) => current.filter((item) => item.status === 'uploading')), []);

  return { items, add, retry, cancel, clearFinished };
}
