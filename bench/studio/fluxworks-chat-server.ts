import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { memberships, organizations, sessions, users } from '../../server/modules/identity/tables.ts';
import { announceTarget, stopOnSignal } from './fanout-protocol.ts';

/**
 * The real app as `npm start` runs it (embedded: PGlite, in-process bus, cache and presence;
 * on PostgreSQL when a database URL follows the receiver count),
 * with an organisation of one sender and `receivers` members, and one project whose general
 * channel they all join over the /messaging namespace.
 */
const receivers = Number(process.argv[2] ?? 500);
const databaseUrl = process.argv[3];
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-chat-'));
const config = loadConfig({
  NODE_ENV: 'production',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  HOST: '127.0.0.1',
  PORT: '0',
  RATE_LIMIT_GLOBAL_PER_MINUTE: '100000000',
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
});
const app = await buildApp(config);
await app.listen({ host: config.host, port: 0 });
stopOnSignal(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const people = await app.db
  .insert(users)
  .values(Array.from({ length: receivers + 1 }, (_, i) => ({ email: `bench-${String(i)}@fluxworks.local`, displayName: `Bench ${String(i)}`, emailVerifiedAt: new Date() })))
  .returning({ id: users.id });
const deviceSessions = await app.db
  .insert(sessions)
  .values(people.map((person) => ({ userId: person.id, userAgent: 'bench/studio', ip: '127.0.0.1', expiresAt: new Date(Date.now() + 86_400_000) })))
  .returning({ id: sessions.id, userId: sessions.userId });
const [org] = await app.db.insert(organizations).values({ name: 'Bench Studio', slug: 'bench-studio' }).returning({ id: organizations.id });
if (!org) throw new Error('could not create the benchmark organisation');
await app.db.insert(memberships).values(people.map((person, i) => ({ orgId: org.id, userId: person.id, role: i === 0 ? ('owner' as const) : ('member' as const) })));
const tokens = await Promise.all(deviceSessions.map((session) => app.auth.tokens.sign({ userId: session.userId, sessionId: session.id })));
const senderIndex = deviceSessions.findIndex((session) => session.userId === people[0]!.id);
const senderToken = tokens[senderIndex]!;

const auth = { authorization: `Bearer ${senderToken}` };
const created = await app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/projects`, headers: auth, payload: { name: 'Fan-out' } });
const projectId = created.json<{ project: { id: string } }>().project.id;
const channels = await app.inject({ method: 'GET', url: `/api/v1/projects/${projectId}/chat/channels`, headers: auth });
const channelId = channels.json<{ items: { id: string }[] }>().items[0]!.id;

announceTarget({
  url: `http://127.0.0.1:${String((app.server.address() as AddressInfo).port)}`,
  namespace: '/messaging',
  channelId,
  receiverTokens: tokens.filter((_, i) => i !== senderIndex),
  senderToken,
});
