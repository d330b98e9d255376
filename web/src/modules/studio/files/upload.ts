/**
 * Sends a file straight to storage: ask the server for an upload, PUT the bytes to the signed
 * URL (or each part to its own URL, recording each part's ETag), then confirm. Progress comes
 * from XHR upload events; a multipart upload resumes from the parts the server has recorded.
 */
import { fileTypeForName, type FileDetail, type PartUrls, type Upload } from '../../../../../common/studio-files.ts';
import { api } from '../../../lib/api.ts';

export interface UploadTarget {
  projectId: string;
  folderId: string | null;
  /** Set to upload a new version of this file. */
  fileId?: string;
}

export interface UploadCallbacks {
  /** 0..1 of the bytes sent so far. */
  onProgress(fraction: number): void;
  /** The server-side upload id, kept so a failed upload can be resumed. */
  onStarted(uploadId: string): void;
  signal: AbortSignal;
}

/** How many parts travel at once. */
const PARALLEL_PARTS = 3;

/** The type to declare: what the browser says, or what the name suggests when it says nothing useful. */
export function declaredType(file: File): string {
  if (file.type && file.type !== 'application/octet-stream') return file.type;
  return fileTypeForName(file.name)?.mimeType ?? 'application/octet-stream';
}

function put(url: string, body: Blob, contentType: string | null, signal: AbortSignal, onProgress: (sent: number) => void): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    if (contentType) xhr.setRequestHeader('Content-Type', contentType);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader('ETag'));
      else reject(new Error(storageError(xhr)));
    };
    xhr.onerror = () => reject(new Error('The upload was interrupted; check your connection and retry'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

function storageError(xhr: XMLHttpRequest): string {
  try {
    const body = JSON.parse(xhr.responseText) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // Not our JSON (S3 answers XML): fall back to the status.
  }
  return `Storage refused the upload (${xhr.status})`;
}

async function sendParts(upload: Upload, file: File, callbacks: UploadCallbacks): Promise<void> {
  const { partSizeBytes, partCount, completedParts } = upload.multipart!;
  const done = new Set(completedParts.map((part) => part.partNumber));
  const sizeOf = (n: number) => Math.min(partSizeBytes, file.size - (n - 1) * partSizeBytes);
  const inFlight = new Map<number, number>();
  let finishedBytes = [...done].reduce((sum, n) => sum + sizeOf(n), 0);
  const report = () => callbacks.onProgress((finishedBytes + [...inFlight.values()].reduce((a, b) => a + b, 0)) / file.size);
  report();

  const queue = Array.from({ length: partCount }, (_, i) => i + 1).filter((n) => !done.has(n));
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const partNumber = next;
      const { parts } = await api.post<PartUrls>(`/uploads/${upload.id}/parts`, { partNumbers: [partNumber] }, { signal: callbacks.signal });
      const blob = file.slice((partNumber - 1) * partSizeBytes, partNumber * partSizeBytes);
      const etag = await put(parts[0]!.url, blob, null, callbacks.signal, (sent) => {
        inFlight.set(partNumber, sent);
        report();
      });
      if (!etag) throw new Error('Storage did not return the part’s ETag (the bucket’s CORS rule must expose it)');
      await api.put(`/uploads/${upload.id}/parts/${partNumber}`, { etag }, { signal: callbacks.signal });
      inFlight.delete(partNumber);
      finishedBytes += blob.size;
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, queue.length) }, worker));
}

/** Uploads a file (or resumes `resumeUploadId`) and answers the recorded file. */
export async function uploadFile(file: File, target: UploadTarget, callbacks: UploadCallbacks, resumeUploadId?: string): Promise<FileDetail> {
  const upload = resumeUploadId
    ? await api.get<Upload>(`/uploads/${resumeUploadId}`)
    : await api.post<Upload>(
        `/projects/${target.projectId}/uploads`,
        { name: file.name, mimeType: declaredType(file), sizeBytes: file.size, folderId: target.folderId, fileId: target.fileId },
        { signal: callbacks.signal },
      );
  callbacks.onStarted(upload.id);
  if (upload.status === 'pending') {
    if (upload.uploadUrl) {
      await put(upload.uploadUrl, file, upload.mimeType, callbacks.signal, (sent) => callbacks.onProgress(sent / file.size));
    } else {
      await sendParts(upload, file, callbacks);
    }
  }
  callbacks.onProgress(1);
  return api.post<FileDetail>(`/uploads/${upload.id}/complete`, undefined, { signal: callbacks.signal });
}
