import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BOARD_SHAPES_FIELD, type DocumentVersion } from '../../../../common/studio-documents.ts';
import { backend, buildTestApp, createTestEnvironment, type TestApp } from '../../../../test/support/backend.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../../test/support/factories.ts';
import { listenOnFreePort } from '../../../platform/realtime/test-support.ts';
import { appendParagraph, connectCollaborator, createDocument, createProject, paragraphs, until, type TestCollaborator } from './test-support.ts';

const open: TestCollaborator[] = [];
function track(collaborator: TestCollaborator): TestCollaborator {
  open.push(collaborator);
  return collaborator;
}
afterEach(() => {
  for (const collaborator of open.splice(0)) collaborator.destroy();
});

async function setupOn(app: TestApp['app'], kind: 'text' | 'board' = 'text') {
  const owner = await buildUser(app, { displayName: 'Olivia Owner' });
  const org = await buildOrganization(app, owner.user.id);
  const { project } = await createProject(app, org.id, owner.token);
  const document = await createDocument(app, project.id, owner.token, { title: 'Brief', kind });
  return { owner, org, project, document };
}

describe('live documents on one node', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await buildTestApp();
    baseUrl = await listenOnFreePort(t.app);
  });
  afterAll(() => t.close());

  const exported = async (documentId: string, token: string, format: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/documents/${documentId}/export?format=${format}`, headers: bearer(token) });

  it('lets two clients edit one document and converge', async () => {
    const { owner, org, document } = await setupOn(t.app);
    const member = await buildMember(t.app, org.id, 'member');
    const a = track(connectCollaborator(baseUrl, owner.token, document.id));
    const b = track(connectCollaborator(baseUrl, member.token, document.id));
    await Promise.all([a.synced(), b.synced()]);
    expect(a.provider.authorizedScope).toBe('read-write');

    appendParagraph(a.doc, 'From Olivia');
    appendParagraph(b.doc, 'From Max');
    await until(() => paragraphs(a.doc).length === 2 && paragraphs(b.doc).length === 2, 'both edits on both clients');
    expect(paragraphs(a.doc)).toEqual(paragraphs(b.doc));
    expect(paragraphs(a.doc).sort()).toEqual(['From Max', 'From Olivia']);
  });

  it('connects a viewer read-only and keeps their edits out of the document', async () => {
    const { owner, org, document } = await setupOn(t.app);
    const viewer = await buildMember(t.app, org.id, 'viewer');
    const editor = track(connectCollaborator(baseUrl, owner.token, document.id));
    const watcher = track(connectCollaborator(baseUrl, viewer.token, document.id));
    await Promise.all([editor.synced(), watcher.synced()]);
    expect(watcher.provider.authorizedScope).toBe('readonly');

    appendParagraph(watcher.doc, 'Viewer was here');
    appendParagraph(editor.doc, 'Owner text');
    await until(() => paragraphs(watcher.doc).includes('Owner text'), 'the owner’s edit to reach the viewer');
    // The owner's edit travelled after the viewer's; had the server taken the viewer's, it would have arrived first.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(paragraphs(editor.doc)).toEqual(['Owner text']);
    const markdown = await exported(document.id, owner.token, 'markdown');
    expect(markdown.body).toContain('Owner text');
    expect(markdown.body).not.toContain('Viewer was here');
  });

  it('refuses outsiders and bad credentials at authentication', async () => {
    const { document } = await setupOn(t.app);
    const outsider = await buildUser(t.app);
    const stranger = track(connectCollaborator(baseUrl, outsider.token, document.id));
    await until(() => stranger.refusal() !== undefined, 'the outsider to be refused');
    expect(stranger.refusal()).toBe('document_not_found');
    expect(stranger.provider.isSynced).toBe(false);

    const forged = track(connectCollaborator(baseUrl, 'not-a-token', document.id));
    await until(() => forged.refusal() !== undefined, 'a bad token to be refused');
    expect(forged.refusal()).toBe('unauthenticated');
  });

  it('shows each collaborator’s name and colour from their account, whatever the client claims', async () => {
    const { owner, org, document } = await setupOn(t.app);
    const member = await buildMember(t.app, org.id, 'member', { displayName: 'Max Member' });
    const a = track(connectCollaborator(baseUrl, owner.token, document.id));
    const b = track(connectCollaborator(baseUrl, member.token, document.id));
    await Promise.all([a.synced(), b.synced()]);
    a.provider.setAwarenessField('user', { name: 'Impostor', color: '#000000' });
    a.provider.setAwarenessField('cursor', { anchor: 1, head: 3 });

    const seenByB = () => [...b.provider.awareness!.getStates().values()].find((state) => (state.cursor as { head?: number } | undefined)?.head === 3);
    await until(() => seenByB() !== undefined, 'A’s cursor to reach B');
    const state = seenByB()!;
    expect(state.user).toMatchObject({ id: owner.user.id, name: 'Olivia Owner' });
    expect((state.user as { color: string }).color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('saves a named version and restores it for everyone connected', async () => {
    const { owner, document } = await setupOn(t.app);
    const a = track(connectCollaborator(baseUrl, owner.token, document.id));
    await a.synced();
    appendParagraph(a.doc, 'First draft');
    await until(() => a.provider.unsyncedChanges === 0, 'the edit to reach the server');

    const saved = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${document.id}/versions`, headers: bearer(owner.token), payload: { name: 'Draft 1' } });
    expect(saved.statusCode).toBe(201);
    const version = saved.json<DocumentVersion>();
    expect(version).toMatchObject({ name: 'Draft 1', documentId: document.id });

    appendParagraph(a.doc, 'Second thoughts');
    await until(() => a.provider.unsyncedChanges === 0, 'the second edit to reach the server');
    const restored = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${document.id}/versions/${version.id}/restore`, headers: bearer(owner.token) });
    expect(restored.statusCode).toBe(200);
    await until(() => paragraphs(a.doc).join('|') === 'First draft', 'the restored content on the connected client');

    const listed = await t.app.inject({ method: 'GET', url: `/api/v1/documents/${document.id}/versions`, headers: bearer(owner.token) });
    expect(listed.json<{ items: DocumentVersion[] }>().items.map((v) => v.name)).toEqual(['Draft 1']);
    const missing = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${document.id}/versions/${document.id}/restore`, headers: bearer(owner.token) });
    expect(missing.statusCode).toBe(404);
  });

  it('exports rich text as Markdown, HTML and JSON', async () => {
    const { owner, document } = await setupOn(t.app);
    const empty = await exported(document.id, owner.token, 'html');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('<title>Brief</title>');

    const a = track(connectCollaborator(baseUrl, owner.token, document.id));
    await a.synced();
    a.doc.transact(() => {
      const fragment = a.doc.getXmlFragment('content');
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', 2 as unknown as string);
      heading.insert(0, [new Y.XmlText('Goals')]);
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      text.insert(0, 'Ship ');
      text.insert(5, 'bold', { bold: {} });
      text.insert(9, ' <things>', { bold: null });
      paragraph.insert(0, [text]);
      fragment.insert(0, [heading, paragraph]);
    });
    await until(() => a.provider.unsyncedChanges === 0, 'the edit to reach the server');

    const markdown = await exported(document.id, owner.token, 'markdown');
    expect(markdown.headers['content-type']).toContain('text/markdown');
    expect(markdown.headers['content-disposition']).toContain('Brief.md');
    expect(markdown.body).toContain('## Goals');
    expect(markdown.body).toContain('Ship **bold**');

    const html = await exported(document.id, owner.token, 'html');
    expect(html.body).toContain('<h2>Goals</h2>');
    expect(html.body).toContain('<strong>bold</strong> &lt;things&gt;');

    const json = (await exported(document.id, owner.token, 'json')).json<{ kind: string; content: { content: { type: string }[] } }>();
    expect(json.kind).toBe('text');
    expect(json.content.content.map((node) => node.type)).toEqual(['heading', 'paragraph']);
    expect((await exported(document.id, owner.token, 'pdf')).statusCode).toBe(400);
  });

  it('exports a board’s shapes as JSON, bottom first', async () => {
    const { owner, document } = await setupOn(t.app, 'board');
    const a = track(connectCollaborator(baseUrl, owner.token, document.id));
    await a.synced();
    const shapes = a.doc.getMap(BOARD_SHAPES_FIELD);
    shapes.set('top', { id: 'top', kind: 'text', x: 10, y: 10, width: 200, height: 40, fill: '#111111', stroke: 'none', z: 2, text: 'Headline' });
    shapes.set('bottom', { id: 'bottom', kind: 'rect', x: 0, y: 0, width: 400, height: 300, fill: '#ffeecc', stroke: '#333333', z: 1 });
    shapes.set('junk', { nonsense: true });
    await until(() => a.provider.unsyncedChanges === 0, 'the shapes to reach the server');
    const res = await exported(document.id, owner.token, 'json');
    expect(res.json<{ shapes: { id: string }[] }>().shapes.map((shape) => shape.id)).toEqual(['bottom', 'top']);
  });
});

describe('document persistence', () => {
  it('keeps a document across an app restart, without duplicating it', async () => {
    const environment = await createTestEnvironment();
    const build = backend === 'embedded' ? { pglitePath: path.join(environment.dataDir, 'pglite') } : {};
    try {
      const first = await buildTestApp({ environment, build });
      const { owner, document } = await setupOn(first.app);
      const url = await listenOnFreePort(first.app);
      const writer = connectCollaborator(url, owner.token, document.id);
      await writer.synced();
      appendParagraph(writer.doc, 'Survives restarts');
      appendParagraph(writer.doc, 'Twice over');
      await until(() => writer.provider.unsyncedChanges === 0, 'the edits to reach the server');
      writer.destroy();
      await first.close();

      const second = await buildTestApp({ environment, build });
      try {
        const reader = track(connectCollaborator(await listenOnFreePort(second.app), owner.token, document.id));
        await reader.synced();
        expect(paragraphs(reader.doc)).toEqual(['Survives restarts', 'Twice over']);
        appendParagraph(reader.doc, 'After restart');
        await until(() => reader.provider.unsyncedChanges === 0, 'the new edit to reach the server');
        reader.destroy();
        open.splice(0);
        const markdown = await second.app.inject({ method: 'GET', url: `/api/v1/documents/${document.id}/export?format=markdown`, headers: bearer(owner.token) });
        expect(markdown.body.match(/Survives restarts/g)).toHaveLength(1);
        expect(markdown.body).toContain('After restart');
      } finally {
        await second.close();
      }
    } finally {
      await environment.cleanup();
    }
  });
});

// Two nodes need a shared database and Redis, which only the services project has (an embedded
// PGlite belongs to one process); CI always runs that project, so the test is never skipped.
if (backend === 'services') describeTwoNodes();

function describeTwoNodes(): void {
  describe('live documents on two nodes sharing Redis', () => {
    it('serves one document from two nodes, both clients converge, and a later node reads it once', async () => {
      const environment = await createTestEnvironment();
      try {
        const nodeA = await buildTestApp({ environment });
        const nodeB = await buildTestApp({ environment });
        const { owner, org, document } = await setupOn(nodeA.app);
        try {
          const member = await buildMember(nodeA.app, org.id, 'member');
          const a = track(connectCollaborator(await listenOnFreePort(nodeA.app), owner.token, document.id));
          const b = track(connectCollaborator(await listenOnFreePort(nodeB.app), member.token, document.id));
          await Promise.all([a.synced(), b.synced()]);
          appendParagraph(a.doc, 'Typed on node A');
          await until(() => paragraphs(b.doc).includes('Typed on node A'), 'node A’s edit on node B');
          appendParagraph(b.doc, 'Typed on node B');
          await until(() => paragraphs(a.doc).includes('Typed on node B'), 'node B’s edit on node A');
          expect(paragraphs(a.doc)).toEqual(paragraphs(b.doc));
          await until(() => a.provider.unsyncedChanges === 0 && b.provider.unsyncedChanges === 0, 'both edits acknowledged');
        } finally {
          for (const collaborator of open.splice(0)) collaborator.destroy();
          await nodeA.close();
          await nodeB.close();
        }
        const later = await buildTestApp({ environment });
        try {
          const markdown = await later.app.inject({ method: 'GET', url: `/api/v1/documents/${document.id}/export?format=markdown`, headers: bearer(owner.token) });
          expect(markdown.body.match(/Typed on node A/g)).toHaveLength(1);
          expect(markdown.body.match(/Typed on node B/g)).toHaveLength(1);
        } finally {
          await later.close();
        }
      } finally {
        await environment.cleanup();
      }
    });
  });
}
