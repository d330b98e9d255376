import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ReadyMessage } from './child.ts';
import { pickLoadGenerator, type LoadResult } from './load.ts';

/**
 * Authenticated GET /api/v1/me on the real app (embedded mode) against a bare Fastify
 * hello-world, one after the other, each server in its own process and the load generator in
 * another. `npm run bench:http -- --cpu-prof` also writes a CPU profile of the Fluxworks server.
 */
const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const durationSeconds = Number(flags.duration);
const warmupSeconds = Number(flags.warmup);
const connections = Number(flags.connections);
const here = path.dirname(fileURLToPath(import.meta.url));
const profileDir = path.join(os.tmpdir(), 'fluxworks-bench-profiles');
const loadGenerator = pickLoadGenerator();

interface Target {
  name: string;
  file: string;
  execArgv: string[];
}

const targets: Target[] = [
  {
    name: 'Fluxworks GET /api/v1/me (authenticated)',
    file: 'fluxworks-server.ts',
    execArgv: flags['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  },
  { name: 'bare Fastify hello-world', file: 'bare-server.ts', execArgv: [] },
];

async function measure(target: Target): Promise<LoadResult> {
  if (target.execArgv.length) mkdirSync(profileDir, { recursive: true });
  const server = fork(path.join(here, target.file), [], { execArgv: target.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const ready = await readyMessage(server);
    await expectOk(ready);
    const load = { url: ready.url, headers: ready.headers ?? {}, connections };
    await loadGenerator({ ...load, durationSeconds: warmupSeconds });
    const result = await loadGenerator({ ...load, durationSeconds });
    if (result.failures > 0) throw new Error(`${target.name}: ${String(result.failures)} failed responses under load`);
    return result;
  } finally {
    server.kill('SIGTERM');
    if (server.exitCode === null) await once(server, 'exit');
  }
}

async function readyMessage(server: ChildProcess): Promise<ReadyMessage> {
  const timeout = AbortSignal.timeout(120_000);
  const [message] = (await Promise.race([
    once(server, 'message', { signal: timeout }),
    once(server, 'exit', { signal: timeout }).then(([code]) => {
      throw new Error(`benchmark server exited with ${String(code)} before it was ready`);
    }),
  ])) as [ReadyMessage];
  return message;
}

/** A benchmark of error responses would measure the wrong thing: check one request first. */
async function expectOk(ready: ReadyMessage): Promise<void> {
  const response = await fetch(ready.url, { headers: ready.headers });
  if (response.status !== 200) throw new Error(`${ready.url} answered ${String(response.status)}: ${await response.text()}`);
}

const results: LoadResult[] = [];
for (const target of targets) results.push(await measure(target));
const [me, bare] = results as [LoadResult, LoadResult];

const row = (name: string, r: LoadResult) =>
  `${name.padEnd(44)} ${r.requestsPerSecond.toFixed(0).padStart(9)} ${r.p50Ms.toFixed(2).padStart(8)} ${r.p99Ms.toFixed(2).padStart(8)}`;
console.log(`\nLoad: ${me.tool}, ${String(connections)} connections, ${String(durationSeconds)} s per target after ${String(warmupSeconds)} s warm-up`);
console.log(`${'target'.padEnd(44)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
targets.forEach((target, i) => { console.log(row(target.name, results[i]!)); });
const ratio = me.requestsPerSecond / bare.requestsPerSecond;
console.log(`\n/me throughput is ${(ratio * 100).toFixed(1)}% of bare Fastify (target >= 50%); /me p99 ${me.p99Ms.toFixed(2)} ms (target < 10 ms)`);
if (flags['cpu-prof']) console.log(`CPU profile of the Fluxworks server: ${profileDir}`);
