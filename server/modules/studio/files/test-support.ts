import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { FileDetail, PartUrls, Upload } from '../../../../common/studio-files.ts';
import type { ProjectDetail } from '../../../../common/studio.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../../test/support/factories.ts';
import { startListeningTestApp } from '../../../platform/storage/local-test-app.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** API calls, project set-up and whole uploads (through real signed URLs) for the files tests. */
export function filesTestKit(app: FastifyInstance) {
  return kitOn(() => app);
}

/**
 * The files kit on the full app listening on a real port, so signed URLs are fetchable: started
 * before the tests of the file (or of the `describe` it is called in) and closed after them.
 */
export function listeningFilesTestKit(env: Record<string, string> = {}) {
  let running: Awaited<ReturnType<typeof startListeningTestApp>> | undefined;
  beforeAll(async () => {
    running = await startListeningTestApp(env);
  });
  afterAll(() => running?.close());
  const appOf = () => {
    if (!running) throw new Error('the listening test app starts in beforeAll');
    return running.app;
  };
  return {
    ...kitOn(appOf),
    get app() {
      return appOf();
    },
  };
}

function kitOn(appOf: () => FastifyInstance) {
  const api = (method: Method, url: string, token: string, payload?: object) =>
    appOf().inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });

  const kit = {
    api,

    /** An organisation with an owner, a member and a viewer, and one project in it. */
    async projectWithTeam() {
      const app = appOf();
      const owner = await buildUser(app);
      const org = await buildOrganization(app, owner.user.id, 'Files Org');
      const member = await buildMember(app, org.id, 'member');
      const viewer = await buildMember(app, org.id, 'viewer');
      const created = await api('POST', `/orgs/${org.id}/projects`, owner.token, { name: 'Poster campaign' });
      expect(created.statusCode).toBe(201);
      return { owner, member, viewer, org, projectId: created.json<ProjectDetail>().project.id };
    },

    startUpload(token: string, projectId: string, body: { name: string; mimeType: string; sizeBytes: number; folderId?: string; fileId?: string }) {
      return api('POST', `/projects/${projectId}/uploads`, token, body);
    },

    /** Sends the bytes of an upload the way a browser would: one PUT, or every part then its ETag. */
    async sendBytes(token: string, upload: Upload, bytes: Buffer, contentType = upload.mimeType): Promise<void> {
      if (upload.uploadUrl) {
        const response = await fetch(upload.uploadUrl, { method: 'PUT', body: new Uint8Array(bytes), headers: { 'content-type': contentType } });
        expect(response.status, await response.clone().text()).toBeLessThan(300);
        return;
      }
      const { partCount, partSizeBytes } = upload.multipart!;
      await kit.sendParts(token, upload, bytes, Array.from({ length: partCount }, (_, i) => i + 1), partSizeBytes);
    },

    async sendParts(token: string, upload: Upload, bytes: Buffer, partNumbers: number[], partSizeBytes: number): Promise<void> {
      const urls = await api('POST', `/uploads/${upload.id}/parts`, token, { partNumbers });
      expect(urls.statusCode, urls.body).toBe(200);
      for (const { partNumber, url } of urls.json<PartUrls>().parts) {
        const slice = bytes.subarray((partNumber - 1) * partSizeBytes, partNumber * partSizeBytes);
        const response = await fetch(url, { method: 'PUT', body: new Uint8Array(slice) });
        expect(response.status).toBe(200);
        const recorded = await api('PUT', `/uploads/${upload.id}/parts/${partNumber}`, token, { etag: response.headers.get('etag')! });
        expect(recorded.statusCode, recorded.body).toBe(204);
      }
    },

    complete: (token: string, uploadId: string) => api('POST', `/uploads/${uploadId}/complete`, token),

    /** Starts, sends and completes an upload; answers the recorded file. */
    async upload(token: string, projectId: string, name: string, mimeType: string, bytes: Buffer, extra: { folderId?: string; fileId?: string } = {}) {
      const started = await kit.startUpload(token, projectId, { name, mimeType, sizeBytes: bytes.length, ...extra });
      expect(started.statusCode, started.body).toBe(201);
      const upload = started.json<Upload>();
      await kit.sendBytes(token, upload, bytes);
      const completed = await kit.complete(token, upload.id);
      expect(completed.statusCode, completed.body).toBe(200);
      return completed.json<FileDetail>();
    },

    /** Polls a file until its preview job has run. */
    async waitForPreview(token: string, fileId: string, timeoutMs = 25_000): Promise<FileDetail> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const detail = (await api('GET', `/files/${fileId}`, token)).json<FileDetail>();
        if (detail.file.previewStatus !== 'pending' || Date.now() > deadline) return detail;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
  };
  return kit;
}

/** Waits until `check` holds, polling; fails after the timeout with the last value. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
