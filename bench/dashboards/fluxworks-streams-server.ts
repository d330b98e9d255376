import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { memberships, organizations, sessions, users } from '../../server/modules/identity/tables.ts';
import { portOf, stopOnSignal } from '../http/child.ts';
import type { StreamsServerOptions, StreamsTarget } from './streams-protocol.ts';

/**
 * The real app in production mode for the dashboards query and fan-out benchmarks, on the
 * PostgreSQL database the options name or on embedded PGlite: one organisation with a signed-in
 * owner, `viewers` signed-in viewers (one session each) and the streams, created by the owner
 * through the API. Job workers are not started (JOBS_IN_PROCESS=false), so the rollup and
 * retention jobs cannot run inside a measurement; the query benchmark refreshes rollups itself.
 * Stops on SIGTERM or when its parent goes away.
 */

if (!process.argv[2]) throw new Error('usage: fluxworks-streams-server.ts <options as JSON>');
if (!process.send) throw new Error('Start this file through bench/dashboards/query.ts or fanout.ts; it reports to its parent over IPC');
const options = JSON.parse(process.argv[2]) as StreamsServerOptions;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-streams-'));
const config = loadConfig({
  NODE_ENV: 'production',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  HOST: '127.0.0.1',
  PORT: '0',
  RATE_LIMIT_GLOBAL_PER_MINUTE: '100000000',
  JOBS_IN_PROCESS: 'false',
  ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
});
const app = await buildApp(config);
const close = async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
};
stopOnSignal(close);
process.once('disconnect', () => {
  void close().finally(() => process.exit(0));
});
await app.listen({ host: config.host, port: 0 });

/** The owner first, then the viewers, each with a session and an access token. */
async function signedInPeople(count: number): Promise<{ userIds: string[]; tokens: string[] }> {
  const people = await app.db
    .insert(users)
    .values(Array.from({ length: count }, (_, i) => ({ email: `bench-${String(i)}@fluxworks.local`, displayName: `Bench ${String(i)}`, emailVerifiedAt: new Date() })))
    .returning({ id: users.id });
  const userIds = people.map((person) => person.id);
  const deviceSessions = await app.db
    .insert(sessions)
    .values(userIds.map((userId) => ({ userId, userAgent: 'bench/dashboards', ip: '127.0.0.1', expiresAt: new Date(Date.now() + 86_400_000) })))
    .returning({ id: sessions.id, userId: sessions.userId });
  const tokenOf = new Map(await Promise.all(deviceSessions.map(async (session) => [session.userId, await app.auth.tokens.sign({ userId: session.userId, sessionId: session.id })] as const)));
  return { userIds, tokens: userIds.map((id) => tokenOf.get(id)!) };
}

async function organisationOf(userIds: string[]): Promise<string> {
  const [org] = await app.db.insert(organizations).values({ name: 'Bench Dashboards', slug: 'bench-dashboards' }).returning({ id: organizations.id });
  if (!org) throw new Error('could not create the benchmark organisation');
  await app.db.insert(memberships).values(userIds.map((userId, i) => ({ orgId: org.id, userId, role: i === 0 ? ('owner' as const) : ('viewer' as const) })));
  return org.id;
}

async function createStream(orgId: string, token: string, body: StreamsServerOptions['streams'][number]): Promise<string> {
  const response = await app.inject({ method: 'POST', url: `/api/v1/orgs/${orgId}/streams`, headers: { authorization: `Bearer ${token}` }, payload: body });
  if (response.statusCode !== 201) throw new Error(`creating stream ${body.name} answered ${String(response.statusCode)}: ${response.body}`);
  return response.json<{ id: string }>().id;
}

const { userIds, tokens } = await signedInPeople(options.viewers + 1);
const orgId = await organisationOf(userIds);
const [ownerToken, ...viewerTokens] = tokens as [string, ...string[]];
const streamIds: string[] = [];
for (const stream of options.streams) streamIds.push(await createStream(orgId, ownerToken, stream));
process.send({ url: `http://127.0.0.1:${String(portOf(app.server.address()))}`, orgId, ownerToken, viewerTokens, streamIds } satisfies StreamsTarget);
