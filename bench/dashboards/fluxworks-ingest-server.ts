import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { memberships, organizations, sessions, users } from '../../server/modules/identity/tables.ts';
import { portOf, stopOnSignal } from '../http/child.ts';
import { STREAM, type IngestTarget } from './ingest-protocol.ts';

/**
 * The real app in production mode on the PostgreSQL database whose URL is the first argument,
 * with one organisation owned by a signed-in user and one stream, `cpu`, created through the API.
 * The once-a-minute rollup job is left to a worker that is not started (JOBS_IN_PROCESS=false),
 * so it cannot land inside one measurement and not another.
 */

const databaseUrl = process.argv[2];
if (!databaseUrl) throw new Error('usage: fluxworks-ingest-server.ts <postgres database url>');
if (!process.send) throw new Error('Start this file through bench/dashboards/ingest.ts; it reports to its parent over IPC');

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-ingest-'));
const config = loadConfig({
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  HOST: '127.0.0.1',
  PORT: '0',
  RATE_LIMIT_GLOBAL_PER_MINUTE: '100000000',
  JOBS_IN_PROCESS: 'false',
});
const app = await buildApp(config);
await app.listen({ host: config.host, port: 0 });
stopOnSignal(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function signedInOwner(): Promise<{ userId: string; token: string }> {
  const [user] = await app.db
    .insert(users)
    .values({ email: 'bench@fluxworks.local', displayName: 'Bench User', emailVerifiedAt: new Date() })
    .returning({ id: users.id });
  if (!user) throw new Error('could not create the benchmark user');
  const [session] = await app.db
    .insert(sessions)
    .values({ userId: user.id, userAgent: 'bench/dashboards', ip: '127.0.0.1', expiresAt: new Date(Date.now() + 86_400_000) })
    .returning({ id: sessions.id });
  if (!session) throw new Error('could not create the benchmark session');
  return { userId: user.id, token: await app.auth.tokens.sign({ userId: user.id, sessionId: session.id }) };
}

async function organisationOf(ownerId: string): Promise<string> {
  const [org] = await app.db.insert(organizations).values({ name: 'Bench Dashboards', slug: 'bench-dashboards' }).returning({ id: organizations.id });
  if (!org) throw new Error('could not create the benchmark organisation');
  await app.db.insert(memberships).values({ orgId: org.id, userId: ownerId, role: 'owner' });
  return org.id;
}

async function createStream(orgId: string, token: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: `/api/v1/orgs/${orgId}/streams`, headers: { authorization: `Bearer ${token}` }, payload: STREAM });
  if (response.statusCode !== 201) throw new Error(`creating the stream answered ${String(response.statusCode)}: ${response.body}`);
  return response.json<{ id: string }>().id;
}

const owner = await signedInOwner();
const orgId = await organisationOf(owner.userId);
const streamId = await createStream(orgId, owner.token);
process.send({ url: `http://127.0.0.1:${String(portOf(app.server.address()))}`, token: owner.token, orgId, streamId } satisfies IngestTarget);
