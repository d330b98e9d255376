import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildTestApp, type TestApp } from '../../../../test/support/backend.ts';
import { buildOrganization, buildUser } from '../../../../test/support/factories.ts';
import { documentPersistence } from './persistence.ts';
import { countUpdates, deleteDocument, storedBytes } from './repository.ts';
import { createDocument, createProject } from './test-support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

async function newDocumentId(): Promise<string> {
  const owner = await buildUser(t.app);
  const org = await buildOrganization(t.app, owner.user.id);
  const { project } = await createProject(t.app, org.id, owner.token);
  return (await createDocument(t.app, project.id, owner.token, { title: 'Stored' })).id;
}

/** Every update a Y.Doc makes, as the collaboration server would receive them. */
function recordingDoc() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, updates };
}

describe('document persistence', () => {
  it('loads exactly what was stored, and compaction folds the updates without changing the content', async () => {
    const documentId = await newDocumentId();
    const persistence = documentPersistence({ db: t.app.db, compactAfterUpdates: 5 });
    const { doc, updates } = recordingDoc();
    const text = doc.getText('t');
    for (let round = 0; round < 12; round++) {
      text.insert(text.length, `line ${String(round)}\n`);
      if (round % 3 === 0) text.delete(0, 2);
      for (const update of updates.splice(0)) persistence.record(documentId, update);
      await persistence.flush(documentId);
    }
    expect(await countUpdates(t.app.db, documentId)).toBeLessThan(5);

    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, (await persistence.load(documentId))!);
    expect(loaded.getText('t').toJSON()).toBe(text.toJSON());
    // Loading the stored state into the same client's document adds nothing: no duplicated content.
    Y.applyUpdate(doc, (await persistence.load(documentId))!);
    expect(text.toJSON()).toBe(loaded.getText('t').toJSON());

    await persistence.compact(documentId);
    expect(await countUpdates(t.app.db, documentId)).toBe(0);
    const compacted = new Y.Doc();
    Y.applyUpdate(compacted, (await persistence.load(documentId))!);
    expect(compacted.getText('t').toJSON()).toBe(text.toJSON());
    expect(await storedBytes(t.app.db, documentId)).toBeGreaterThan(0);
  });

  it('has nothing to load for a document that was never edited, and drops edits of a deleted one', async () => {
    const documentId = await newDocumentId();
    const persistence = documentPersistence({ db: t.app.db, compactAfterUpdates: 50 });
    expect(await persistence.load(documentId)).toBeUndefined();

    const { doc, updates } = recordingDoc();
    doc.getText('t').insert(0, 'gone soon');
    for (const update of updates) persistence.record(documentId, update);
    await deleteDocument(t.app.db, documentId);
    expect(await persistence.flush(documentId)).toBe(0);
    expect(await persistence.load(documentId)).toBeUndefined();
  });
});
