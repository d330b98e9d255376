import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../../../common/organizations.ts';
import type { DocumentDetail, StudioDocument } from '../../../../common/studio-documents.ts';
import { buildTestApp, type TestApp } from '../../../../test/support/backend.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../../test/support/factories.ts';
import { errorCode } from '../../../../test/support/responses.ts';
import { createDocument, createProject } from './test-support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' } });
});
afterAll(async () => {
  await t.close();
});

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const api = (method: Method, url: string, credential: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(credential), ...headers }, payload });

async function setup() {
  const owner = await buildUser(t.app);
  const org = await buildOrganization(t.app, owner.user.id);
  const { project } = await createProject(t.app, org.id, owner.token);
  return { owner, org, project };
}

const titles = (res: { json: <T>() => T }) => res.json<Page<StudioDocument>>().items.map((d) => d.title);

describe('documents over HTTP', () => {
  it('creates text documents and boards, lists them newest first by cursor, and filters by kind', async () => {
    const { owner, project } = await setup();
    const notes = await createDocument(t.app, project.id, owner.token, { title: 'Launch notes' });
    expect(notes).toMatchObject({ title: 'Launch notes', kind: 'text', projectId: project.id });
    expect(notes.createdBy?.id).toBe(owner.user.id);
    await createDocument(t.app, project.id, owner.token, { title: 'Moodboard', kind: 'board' });
    await createDocument(t.app, project.id, owner.token, { title: 'Copy deck' });

    const first = (await api('GET', `/projects/${project.id}/documents?limit=2`, owner.token)).json<Page<StudioDocument>>();
    expect(first.items.map((d) => d.title)).toEqual(['Copy deck', 'Moodboard']);
    const second = await api('GET', `/projects/${project.id}/documents?limit=2&cursor=${first.nextCursor}`, owner.token);
    expect(titles(second)).toEqual(['Launch notes']);
    expect(titles(await api('GET', `/projects/${project.id}/documents?kind=board`, owner.token))).toEqual(['Moodboard']);
  });

  it('returns the first document again for a repeated Idempotency-Key', async () => {
    const { owner, project } = await setup();
    const headers = { 'idempotency-key': 'doc-once' };
    const first = await api('POST', `/projects/${project.id}/documents`, owner.token, { title: 'Once' }, headers);
    const again = await api('POST', `/projects/${project.id}/documents`, owner.token, { title: 'Once' }, headers);
    expect(again.json<StudioDocument>().id).toBe(first.json<StudioDocument>().id);
    expect(titles(await api('GET', `/projects/${project.id}/documents`, owner.token))).toEqual(['Once']);
  });

  it('renames a document and reads it back with the actor’s policies', async () => {
    const { owner, org, project } = await setup();
    const doc = await createDocument(t.app, project.id, owner.token, { title: 'Draft' });
    const renamed = await api('PATCH', `/documents/${doc.id}`, owner.token, { title: '  Final brief ' });
    expect(renamed.json<StudioDocument>().title).toBe('Final brief');
    const viewer = await buildMember(t.app, org.id, 'viewer');
    const read = (await api('GET', `/documents/${doc.id}`, viewer.token)).json<DocumentDetail>();
    expect(read.document.title).toBe('Final brief');
    expect(read.role).toBe('viewer');
    expect(read.policies).toMatchObject({ read: true, contribute: false });
  });

  it('answers 404 to outsiders, 403 to viewers who write, and validates titles', async () => {
    const { owner, org, project } = await setup();
    const doc = await createDocument(t.app, project.id, owner.token, { title: 'Private plan' });
    const outsider = await buildUser(t.app);
    for (const res of [await api('GET', `/documents/${doc.id}`, outsider.token), await api('GET', `/projects/${project.id}/documents`, outsider.token)]) {
      expect(res.statusCode).toBe(404);
    }
    expect(errorCode(await api('GET', `/documents/${doc.id}`, outsider.token))).toBe('document_not_found');

    const viewer = await buildMember(t.app, org.id, 'viewer');
    expect(titles(await api('GET', `/projects/${project.id}/documents`, viewer.token))).toEqual(['Private plan']);
    const create = await api('POST', `/projects/${project.id}/documents`, viewer.token, { title: 'Nope' });
    expect(create.statusCode).toBe(403);
    expect(errorCode(create)).toBe('forbidden');
    expect((await api('PATCH', `/documents/${doc.id}`, viewer.token, { title: 'Mine' })).statusCode).toBe(403);
    expect((await api('DELETE', `/documents/${doc.id}`, viewer.token)).statusCode).toBe(403);

    const invalid = await api('POST', `/projects/${project.id}/documents`, owner.token, { title: '   ', kind: 'spreadsheet' });
    expect(invalid.statusCode).toBe(400);
    expect(errorCode(invalid)).toBe('validation_failed');
    expect((await api('GET', `/documents/not-a-uuid`, owner.token)).statusCode).toBe(400);
  });

  it('lets contributors delete their own documents and only admins delete other people’s', async () => {
    const { owner, org, project } = await setup();
    const alice = await buildMember(t.app, org.id, 'member');
    const bob = await buildMember(t.app, org.id, 'member');
    const alicesDoc = await createDocument(t.app, project.id, alice.token, { title: 'Alice’s notes' });

    const refused = await api('DELETE', `/documents/${alicesDoc.id}`, bob.token);
    expect(refused.statusCode).toBe(403);
    expect((await api('DELETE', `/documents/${alicesDoc.id}`, alice.token)).statusCode).toBe(204);
    expect((await api('GET', `/documents/${alicesDoc.id}`, alice.token)).statusCode).toBe(404);

    const bobsDoc = await createDocument(t.app, project.id, bob.token, { title: 'Bob’s notes' });
    expect((await api('DELETE', `/documents/${bobsDoc.id}`, owner.token)).statusCode).toBe(204);
  });

  it('hands a new document to the project’s webhooks subscribed to document.created', async () => {
    const { owner, project } = await setup();
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${String((receiver.address() as AddressInfo).port)}/hooks`;
      const hook = await api('POST', `/projects/${project.id}/integrations`, owner.token, { kind: 'webhook', name: 'Docs feed', url, events: ['document.created'] });
      expect(hook.statusCode, hook.body).toBe(201);
      const document = await createDocument(t.app, project.id, owner.token, { title: 'Announced', kind: 'board' });
      await expect.poll(() => received.length, { timeout: 20_000 }).toBe(1);
      const event = JSON.parse(received[0]!) as { type: string; summary: string; data: { documentId: string } };
      expect(event).toMatchObject({ type: 'document.created', data: { documentId: document.id } });
      expect(event.summary).toContain('Announced');
    } finally {
      receiver.close();
    }
  });

  it('refuses writes in an archived project but still lists its documents', async () => {
    const { owner, project } = await setup();
    await createDocument(t.app, project.id, owner.token, { title: 'Archive me' });
    await api('POST', `/projects/${project.id}/archive`, owner.token);
    const create = await api('POST', `/projects/${project.id}/documents`, owner.token, { title: 'Too late' });
    expect(create.statusCode).toBe(409);
    expect(errorCode(create)).toBe('project_archived');
    expect(titles(await api('GET', `/projects/${project.id}/documents`, owner.token))).toEqual(['Archive me']);
  });
});
