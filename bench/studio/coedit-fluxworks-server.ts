import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Counter, Gauge } from 'prom-client';
import { COLLAB_PATH, collabDocumentName } from '../../common/studio-documents.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { memberships, organizations, sessions, users } from '../../server/modules/identity/tables.ts';
import { storedBytes } from '../../server/modules/studio/documents/repository.ts';
import { announce, onRequest, stopOnSignal } from './coedit-protocol.ts';

/**
 * The real app as `npm start` runs it (embedded PGlite unless DATABASE_URL is set): documents
 * behind the platform JWT and the project policy, every update stored in the database.
 */
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-coedit-'));
const passThrough = Object.fromEntries(['DATABASE_URL', 'REDIS_URL'].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', RATE_LIMIT_GLOBAL_PER_MINUTE: '100000000', ...passThrough });
const app = await buildApp(config);
await app.listen({ host: config.host, port: 0 });
stopOnSignal(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function signedInUser(name: string): Promise<{ id: string; token: string }> {
  const [user] = await app.db
    .insert(users)
    .values({ email: `${name.toLowerCase()}-${String(Date.now())}@bench.fluxworks.local`, displayName: name, emailVerifiedAt: new Date() })
    .returning({ id: users.id });
  const [session] = await app.db
    .insert(sessions)
    .values({ userId: user!.id, userAgent: 'bench/studio', ip: '127.0.0.1', expiresAt: new Date(Date.now() + 86_400_000) })
    .returning({ id: sessions.id });
  return { id: user!.id, token: await app.auth.tokens.sign({ userId: user!.id, sessionId: session!.id }) };
}

async function post<T>(url: string, token: string, payload: object): Promise<T> {
  const res = await app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, payload });
  if (res.statusCode !== 201) throw new Error(`POST ${url} answered ${String(res.statusCode)}: ${res.body}`);
  return res.json<T>();
}

const [alice, bob] = [await signedInUser('Alice'), await signedInUser('Bob')];
const [org] = await app.db.insert(organizations).values({ name: 'Bench', slug: `bench-${String(Date.now())}` }).returning({ id: organizations.id });
await app.db.insert(memberships).values([
  { orgId: org!.id, userId: alice.id, role: 'owner' },
  { orgId: org!.id, userId: bob.id, role: 'member' },
]);
const { project } = await post<{ project: { id: string } }>(`/orgs/${org!.id}/projects`, alice.token, { name: 'Co-editing benchmark' });
const document = await post<{ id: string }>(`/projects/${project.id}/documents`, alice.token, { title: 'Benchmark' });

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
  announce({ type: 'measure', bytes, where: 'database', appendedBytes: appended });
});

const { port } = app.server.address() as { port: number };
announce({ url: `ws://127.0.0.1:${String(port)}${COLLAB_PATH}`, documentName: collabDocumentName(document.id), tokens: [alice.token, bob.token] });
