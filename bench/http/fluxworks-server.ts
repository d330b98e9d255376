import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { sessions, users } from '../../server/modules/identity/tables.ts';
import { announceReady, portOf, stopOnSignal } from './child.ts';

/**
 * The real app as `npm start` runs it (embedded: PGlite, in-process bus and cache), with one
 * signed-in user whose access token the load generator sends on every request.
 */
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-'));
const config = loadConfig({
  NODE_ENV: 'production',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  HOST: '127.0.0.1',
  PORT: '0',
  RATE_LIMIT_GLOBAL_PER_MINUTE: '100000000',
});
const app = await buildApp(config);
await app.listen({ host: config.host, port: 0 });
stopOnSignal(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const [user] = await app.db
  .insert(users)
  .values({ email: 'bench@fluxworks.local', displayName: 'Bench User', emailVerifiedAt: new Date() })
  .returning({ id: users.id });
if (!user) throw new Error('could not create the benchmark user');
const [session] = await app.db
  .insert(sessions)
  .values({ userId: user.id, userAgent: 'bench/http', ip: '127.0.0.1', expiresAt: new Date(Date.now() + 86_400_000) })
  .returning({ id: sessions.id });
if (!session) throw new Error('could not create the benchmark session');
const accessToken = await app.auth.tokens.sign({ userId: user.id, sessionId: session.id });

announceReady({
  url: `http://127.0.0.1:${String(portOf(app.server.address()))}/api/v1/me`,
  headers: { authorization: `Bearer ${accessToken}` },
});
