import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuSecondsOf, median } from '../lib/measure.ts';
import { PROFILE_DIR, startServer, stopServer } from '../lib/server-parent.ts';
import { pickLoadGenerator, type LoadResult } from './load.ts';
import type { ReadyMessage } from './protocol.ts';

/**
 * Authenticated GET /api/v1/me on the real app (embedded mode) against a bare Fastify
 * hello-world, each server in its own process and the load generator in another. With
 * `--rounds N` the two are measured alternately N times and the medians are printed, which is
 * what makes a comparison meaningful on a machine shared with other work.
 * `npm run bench:http -- --cpu-prof` also writes a CPU profile of the Fluxworks server.
 *
 * Each server's CPU time (user + system, from /proc/<pid>/stat) is read around every run and
 * divided by the requests it answered: on a machine shared with other work that figure moves far
 * less than requests/s does. `--compare-with <dir>` adds the Fluxworks server of another checkout
 * (say `git archive <commit> | tar -x -C <dir>` with node_modules linked) as a third target,
 * measured in the same alternating rounds, for a before/after under the same load.
 */
const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '1' },
    'cpu-prof': { type: 'boolean', default: false },
    'compare-with': { type: 'string' },
  },
});
const durationSeconds = Number(flags.duration);
const warmupSeconds = Number(flags.warmup);
const connections = Number(flags.connections);
const rounds = Number(flags.rounds);
const here = path.dirname(fileURLToPath(import.meta.url));
const loadGenerator = pickLoadGenerator();

interface Target {
  name: string;
  file: string;
  cpuProfile: boolean;
  /** Compared with the bare framework in each round. */
  fluxworks: boolean;
}

interface Measurement extends LoadResult {
  /** Server CPU time (user + system) per answered request, in microseconds; NaN without /proc. */
  cpuMicrosPerRequest: number;
}

interface RunningTarget extends Target {
  server: ChildProcess;
  ready: ReadyMessage;
  results: Measurement[];
}

const targets: Target[] = [
  {
    name: 'Fluxworks GET /api/v1/me (authenticated)',
    file: path.join(here, 'fluxworks-server.ts'),
    cpuProfile: flags['cpu-prof'],
    fluxworks: true,
  },
  ...(flags['compare-with']
    ? [{ name: 'compared: /me of --compare-with', file: path.resolve(flags['compare-with'], 'bench/http/fluxworks-server.ts'), cpuProfile: false, fluxworks: true }]
    : []),
  { name: 'bare Fastify hello-world', file: path.join(here, 'bare-server.ts'), cpuProfile: false, fluxworks: false },
];

async function start(target: Target): Promise<RunningTarget> {
  const { child: server, target: ready } = await startServer<ReadyMessage>(target.file, { cpuProfile: target.cpuProfile });
  try {
    await expectOk(ready);
    return { ...target, server, ready, results: [] };
  } catch (err) {
    await stopServer(server);
    throw err;
  }
}

async function measure(target: RunningTarget, seconds: number): Promise<Measurement> {
  const cpuBefore = cpuSecondsOf(target.server.pid);
  const result = await loadGenerator({ url: target.ready.url, headers: target.ready.headers ?? {}, connections, durationSeconds: seconds });
  const cpuMicrosPerRequest = ((cpuSecondsOf(target.server.pid) - cpuBefore) * 1e6) / result.requests;
  if (result.failures > 0) throw new Error(`${target.name}: ${String(result.failures)} failed responses under load`);
  return { ...result, cpuMicrosPerRequest };
}

/** A benchmark of error responses would measure the wrong thing: check one request first. */
async function expectOk(ready: ReadyMessage): Promise<void> {
  const response = await fetch(ready.url, { headers: ready.headers });
  if (response.status !== 200) throw new Error(`${ready.url} answered ${String(response.status)}: ${await response.text()}`);
}

const running: RunningTarget[] = [];
try {
  // One at a time: booting the app (PGlite, migrations) must not overlap another measurement.
  for (const target of targets) running.push(await start(target));
  for (const target of running) await measure(target, warmupSeconds);
  // Every other round runs the targets in reverse order, so none is always measured first.
  for (let round = 0; round < rounds; round++) {
    for (const target of round % 2 ? [...running].reverse() : running) target.results.push(await measure(target, durationSeconds));
  }
} finally {
  for (const target of running) await stopServer(target.server);
}

const bare = running.find((target) => !target.fluxworks)!;
const column = (values: number[], digits: number, width: number) => median(values).toFixed(digits).padStart(width);
const row = (target: RunningTarget) =>
  [
    target.name.padEnd(44),
    column(target.results.map((r) => r.requestsPerSecond), 0, 9),
    column(target.results.map((r) => r.p50Ms), 2, 8),
    column(target.results.map((r) => r.p99Ms), 2, 8),
    column(target.results.map((r) => r.cpuMicrosPerRequest), 1, 12),
  ].join(' ');
const perRound = rounds > 1 ? `, medians of ${String(rounds)} alternating rounds` : '';
console.log(`\nLoad: ${bare.results[0]!.tool}, ${String(connections)} connections, ${String(durationSeconds)} s per target after ${String(warmupSeconds)} s warm-up${perRound}`);
console.log(`${'target'.padEnd(44)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'CPU µs/req'.padStart(12)}`);
for (const target of running) console.log(row(target));
for (const target of running.filter((t) => t.fluxworks)) {
  // Each round's ratio compares two runs seconds apart, so load from other work mostly cancels out.
  const ratios = target.results.map((r, i) => r.requestsPerSecond / bare.results[i]!.requestsPerSecond);
  const cpuRatio = median(target.results.map((r, i) => bare.results[i]!.cpuMicrosPerRequest / r.cpuMicrosPerRequest));
  const p99 = median(target.results.map((r) => r.p99Ms));
  console.log(`\n${target.name}:`);
  console.log(`  throughput ${(median(ratios) * 100).toFixed(1)}% of bare Fastify (target >= 50%); p99 ${p99.toFixed(2)} ms (target < 10 ms)`);
  console.log(`  bare Fastify's CPU per request is ${(cpuRatio * 100).toFixed(1)}% of this server's (the ratio with the load of other work taken out)`);
  if (rounds > 1) console.log(`  per-round ratios: ${ratios.map((r) => `${(100 * r).toFixed(1)}%`).join(' ')}`);
}
if (flags['cpu-prof']) console.log(`CPU profile of the Fluxworks server: ${PROFILE_DIR}`);
