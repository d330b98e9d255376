import type { Counter, Gauge } from 'prom-client';
import { COLLAB_PATH, collabDocumentName } from '../../common/studio-documents.ts';
import { storedBytes } from '../../server/modules/studio/documents/repository.ts';
import { callApi, createOrganisation, signIn, startFluxworks, type SignedIn } from '../lib/fluxworks-child.ts';
import { announce } from '../lib/server-child.ts';
import { onRequest, type CoeditMeasure, type CoeditTarget } from './coedit-protocol.ts';

/**
 * The real app as `npm start` runs it (embedded PGlite unless DATABASE_URL is set): documents
 * behind the platform JWT and the project policy, every update stored in the database.
 */
const { app, port } = await startFluxworks({ name: 'coedit', env: { DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL } });

const people = ['Alice', 'Bob'].map((name) => ({ email: `${name.toLowerCase()}-${String(Date.now())}@bench.fluxworks.local`, displayName: name }));
const [alice, bob] = (await signIn(app, people, 'bench/studio')) as [SignedIn, SignedIn];
const orgId = await createOrganisation(app, { name: 'Bench', slug: `bench-${String(Date.now())}` }, [alice.id, bob.id]);
const { project } = await callApi<{ project: { id: string } }>(app, alice.token, 'POST', `/orgs/${orgId}/projects`, { name: 'Co-editing benchmark' });
const document = await callApi<{ id: string }>(app, alice.token, 'POST', `/projects/${project.id}/documents`, { title: 'Benchmark' });

const metric = <T>(name: string) => app.metrics.registry.getSingleMetric(name) as T | undefined;
const loadedDocuments = async () => (await metric<Gauge>('fluxworks_collab_documents')?.get())?.values[0]?.value ?? 0;

onRequest(async () => {
  // After the last client left: wait for the unload, its final write and the compaction.
  while ((await loadedDocuments()) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  let bytes = -1;
  for (let previous = -2; bytes !== previous; await new Promise((resolve) => setTimeout(resolve, 300))) {
    previous = bytes;
    bytes = await storedBytes(app.db, document.id);
  }
  const appended = (await metric<Counter>('fluxworks_collab_stored_bytes_total')?.get())?.values[0]?.value ?? 0;
  announce({ type: 'measure', bytes, where: 'database', appendedBytes: appended } satisfies CoeditMeasure);
});

announce({ url: `ws://127.0.0.1:${String(port)}${COLLAB_PATH}`, documentName: collabDocumentName(document.id), tokens: [alice.token, bob.token] } satisfies CoeditTarget);
