import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { memberships, organizations, sessions, users } from '../../server/modules/identity/tables.ts';
import { expectParent, portOf, stopOnSignal } from './server-child.ts';

export interface FluxworksOptions {
  /** Names the data folder, fw-bench-<name>-…, removed on close. */
  name: string;
  /** More configuration, such as DATABASE_URL; an empty or missing value is left unset. */
  env?: Record<string, string | undefined>;
  /** Also close when the parent goes away, not only on SIGTERM. */
  orParentGone?: boolean;
}

export interface Fluxworks {
  app: FastifyInstance;
  port: number;
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
}

/**
 * The real app as `npm start` runs it, in a benchmark's server process: production mode, a
 * throwaway data folder, no logging, and a global rate limit no benchmark reaches.
 * Listening on 127.0.0.1; closes on SIGTERM and removes the data folder.
 */
export async function startFluxworks({ name, env = {}, orParentGone = false }: FluxworksOptions): Promise<Fluxworks> {
  expectParent();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `fw-bench-${name}-`));
  const config = loadConfig({
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    RATE_LIMIT_GLOBAL_PER_MINUTE: '100000000',
    ...Object.fromEntries(Object.entries(env).filter(([, value]) => value)),
  });
  const app = await buildApp(config);
  stopOnSignal(
    async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    { orParentGone },
  );
  await app.listen({ host: config.host, port: 0 });
  const port = portOf(app.server.address());
  return { app, port, url: `http://127.0.0.1:${String(port)}` };
}

export interface Person {
  email: string;
  displayName: string;
}

/** bench-0@fluxworks.local (Bench 0), bench-1@…: for the benchmarks that need many people. */
export function numberedPeople(count: number): Person[] {
  return Array.from({ length: count }, (_, i) => ({ email: `bench-${String(i)}@fluxworks.local`, displayName: `Bench ${String(i)}` }));
}

export interface SignedIn {
  id: string;
  /** An access token, as the web app sends it. */
  token: string;
}

/** Creates the users, each with a verified email and one session, in the order given. */
export async function signIn(app: FastifyInstance, people: Person[], userAgent: string): Promise<SignedIn[]> {
  const created = await app.db
    .insert(users)
    .values(people.map((person) => ({ ...person, emailVerifiedAt: new Date() })))
    .returning({ id: users.id });
  if (created.length !== people.length) throw new Error(`created ${String(created.length)} of ${String(people.length)} benchmark users`);
  const deviceSessions = await app.db
    .insert(sessions)
    .values(created.map(({ id }) => ({ userId: id, userAgent, ip: '127.0.0.1', expiresAt: new Date(Date.now() + 86_400_000) })))
    .returning({ id: sessions.id, userId: sessions.userId });
  const tokenOf = new Map(await Promise.all(deviceSessions.map(async (session) => [session.userId, await app.auth.tokens.sign({ userId: session.userId, sessionId: session.id })] as const)));
  return created.map(({ id }) => ({ id, token: tokenOf.get(id)! }));
}

/** An organisation owned by the first of `userIds`; the others join with `othersRole`. Answers its id. */
export async function createOrganisation(app: FastifyInstance, org: { name: string; slug: string }, userIds: string[], othersRole: (typeof memberships.$inferInsert)['role'] = 'member'): Promise<string> {
  const [created] = await app.db.insert(organizations).values(org).returning({ id: organizations.id });
  if (!created) throw new Error('could not create the benchmark organisation');
  await app.db.insert(memberships).values(userIds.map((userId, i) => ({ orgId: created.id, userId, role: i === 0 ? 'owner' : othersRole })));
  return created.id;
}

/** One request to /api/v1 as the holder of `token`, in process (no socket); fails unless it succeeded. */
export async function callApi<T>(app: FastifyInstance, token: string, method: 'GET' | 'POST', url: string, payload?: object): Promise<T> {
  const response = await app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  if (response.statusCode >= 300) throw new Error(`${method} ${url} answered ${String(response.statusCode)}: ${response.body}`);
  return response.json<T>();
}
