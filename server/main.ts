import path from 'node:path';
import { ConfigError, loadConfig, type Config } from './config.ts';

const USAGE = 'Usage: node server/main.ts serve | worker | migrate | seed';

async function main(role: string | undefined): Promise<void> {
  const config = loadConfig();
  switch (role) {
    case 'serve':
      return serve(config);
    case 'worker':
      return work(config);
    case 'migrate':
      return migrate(config);
    case 'seed':
      return seed(config);
    default:
      console.error(USAGE);
      process.exitCode = 64;
  }
}

async function serve(config: Config): Promise<void> {
  const { buildApp } = await import('./app.ts');
  const app = await buildApp(config);
  stopOnSignal(() => app.close());
  await app.listen({ host: config.host, port: config.port });
  app.log.info({ url: config.publicUrl, database: app.database.kind, redis: Boolean(app.redis), storage: app.storage.kind, mail: app.mailer.transport }, 'Fluxworks is ready');
}

/** A worker is the same app with job workers on and no API listener; a small monitor serves its /metrics and /health. */
async function work(config: Config): Promise<void> {
  const { buildApp } = await import('./app.ts');
  const { startWorkerMonitor } = await import('./platform/observability/worker-monitor.ts');
  const app = await buildApp(config, { runWorkers: true });
  await app.ready();
  const monitor = await startWorkerMonitor(app, config.host, config.workerMetricsPort);
  stopOnSignal(async () => {
    await monitor.close();
    await app.close();
  });
  app.log.info({ database: app.database.kind, metricsPort: config.workerMetricsPort }, 'Fluxworks worker is running');
}

async function migrate(config: Config): Promise<void> {
  const { openDatabase } = await import('./platform/db/index.ts');
  const database = await openDatabase({ url: config.database.url, pglitePath: path.join(config.dataDir, 'pglite') });
  try {
    await database.migrate();
    console.log(`Migrations applied (${database.kind}).`);
  } finally {
    await database.close();
  }
}

async function seed(config: Config): Promise<void> {
  const { buildApp } = await import('./app.ts');
  const { seedDemoOrganization } = await import('./modules/identity/seed.ts');
  const { seedDemoProject } = await import('./modules/studio/seed.ts');
  const app = await buildApp(config, { runWorkers: false });
  try {
    await app.ready();
    const organization = await seedDemoOrganization(app);
    console.log(organization.summary);
    console.log(await seedDemoProject(app, organization.orgId, organization.userIds));
  } finally {
    await app.close();
  }
}

function stopOnSignal(close: () => Promise<unknown>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void close().finally(() => process.exit(0));
    });
  }
}

main(process.argv[2]).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
