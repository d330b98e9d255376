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
 * hello-world, each server in its own process and the load generator in another. With
 * `--rounds N` the two are measured alternately N times and the medians are printed, which is
 * what makes a comparison meaningful on a machine shared with other work.
 * `npm run bench:http -- --cpu-prof` also writes a CPU profile of the Fluxworks server.
 */
const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '1' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const durationSeconds = Number(flags.duration);
const warmupSeconds = Number(flags.warmup);
const connections = Number(flags.connections);
const rounds = Number(flags.rounds);
const here = path.dirname(fileURLToPath(import.meta.url));
const profileDir = path.join(os.tmpdir(), 'fluxworks-bench-profiles');
const loadGenerator = pickLoadGenerator();

interface Target {
  name: string;
  file: string;
  execArgv: string[];
}

interface RunningTarget extends Target {
  server: ChildProcess;
  ready: ReadyMessage;
  results: LoadResult[];
}

const targets: Target[] = [
  {
    name: 'Fluxworks GET /api/v1/me (authenticated)',
    file: 'fluxworks-server.ts',
    execArgv: flags['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  },
  { name: 'bare Fastify hello-world', file: 'bare-server.ts', execArgv: [] },
];

async function start(target: Target): Promise<RunningTarget> {
  if (target.execArgv.length) mkdirSync(profileDir, { recursive: true });
  const server = fork(path.join(here, target.file), [], { execArgv: target.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const ready = await readyMessage(server);
    await expectOk(ready);
    return { ...target, server, ready, results: [] };
  } catch (err) {
    await stop(server);
    throw err;
  }
}

async function measure(target: RunningTarget, seconds: number): Promise<LoadResult> {
  const result = await loadGenerator({ url: target.ready.url, headers: target.ready.headers ?? {}, connections, durationSeconds: seconds });
  if (result.failures > 0) throw new Error(`${target.name}: ${String(result.failures)} failed responses under load`);
  return result;
}

async function stop(server: ChildProcess): Promise<void> {
  server.kill('SIGTERM');
  if (server.exitCode === null) await once(server, 'exit');
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

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const running: RunningTarget[] = [];
try {
  // One at a time: booting the app (PGlite, migrations) must not overlap another measurement.
  for (const target of targets) running.push(await start(target));
  for (const target of running) await measure(target, warmupSeconds);
  for (let round = 0; round < rounds; round++) {
    for (const target of running) target.results.push(await measure(target, durationSeconds));
  }
} finally {
  for (const target of running) await stop(target.server);
}

const [me, bare] = running as [RunningTarget, RunningTarget];
const row = (target: RunningTarget) =>
  `${target.name.padEnd(44)} ${median(target.results.map((r) => r.requestsPerSecond)).toFixed(0).padStart(9)} ${median(target.results.map((r) => r.p50Ms)).toFixed(2).padStart(8)} ${median(target.results.map((r) => r.p99Ms)).toFixed(2).padStart(8)}`;
const perRound = rounds > 1 ? `, medians of ${String(rounds)} alternating rounds` : '';
console.log(`\nLoad: ${me.results[0]!.tool}, ${String(connections)} connections, ${String(durationSeconds)} s per target after ${String(warmupSeconds)} s warm-up${perRound}`);
console.log(`${'target'.padEnd(44)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
for (const target of running) console.log(row(target));
// Each round's ratio compares two runs seconds apart, so load from other work mostly cancels out.
const ratio = median(me.results.map((r, i) => r.requestsPerSecond / bare.results[i]!.requestsPerSecond));
const meP99 = median(me.results.map((r) => r.p99Ms));
console.log(`\n/me throughput is ${(ratio * 100).toFixed(1)}% of bare Fastify (target >= 50%); /me p99 ${meP99.toFixed(2)} ms (target < 10 ms)`);
if (rounds > 1) console.log(`per-round ratios: ${me.results.map((r, i) => `${((100 * r.requestsPerSecond) / bare.results[i]!.requestsPerSecond).toFixed(1)}%`).join(' ')}`);
if (flags['cpu-prof']) console.log(`CPU profile of the Fluxworks server: ${profileDir}`);
