import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Aggregate, QueryResult } from '../../common/dashboards-streams.ts';
import { openDatabase, type Database, type DatabaseHandle } from '../../server/platform/db/index.ts';
import { COMPACT_AFTER_MS, compactPoints, copySelection } from '../../server/modules/dashboards/streams/point-blocks.repository.ts';
import { copyPoints, findSeries, PointCopyWriter, refreshRollups, SKETCH_RELATIVE_ACCURACY } from '../../server/modules/dashboards/streams/points.repository.ts';
import { recordWrite, upsertSeries } from '../../server/modules/dashboards/streams/repository.ts';
import { createPostgresDatabase } from '../../test/support/backend.ts';
import { startStreamsServer, stopStreamsServer, type StreamsTarget } from './streams-protocol.ts';

/**
 * Range queries over 30 days of one stream in PostgreSQL (127.0.0.1:5432, user postgres), on a
 * fresh database (random name, dropped at the end) that the app migrates in its own process
 * (fluxworks-streams-server.ts). This process loads `points` points of field `load` from 20 hosts,
 * evenly over the last 30 days, with binary COPY from the module's PointCopyWriter into the series
 * the module's upsertSeries made, marks them written (recordWrite) and brings the rollups up to
 * date with refreshRollups and compacts the points of hours older than COMPACT_AFTER_MS into
 * blocks with compactPoints (as the jobs do), each step timed; then VACUUM ANALYZE, as autovacuum
 * would do soon after such a load. Then queries through the real HTTP API (GET /api/v1/streams/:id/query,
 * 30 days, about 1,000 points, so 1-hour buckets), one at a time, each `runs` times after 3
 * warm-ups (`raw-runs` times after 1 for those that read every point):
 *   avg           from the hourly rollups (source rollup_1h)
 *   max by host   20 series from the hourly rollups
 *   p95           from the hourly rollups' percentile sketches
 *   avg, p95      from all the raw points (blocks, and rows for the last hours): the stream's
 *                 rollups are marked incomplete first, as they are for points written since the
 *                 rollup job last ran
 * A query answered from another source than expected fails the run. The p95 from sketches is
 * compared with the exact one from raw points, bucket by bucket. Last, the raw queries' COPY of
 * the points out of the database is timed alone: the database's share of their time.
 */
const { values: flags } = parseArgs({
  options: {
    points: { type: 'string', default: '10000000' },
    runs: { type: 'string', default: '20' },
    'raw-runs': { type: 'string', default: '5' },
    /** Leaves the database behind (its URL is printed), to look into its plans afterwards. */
    'keep-database': { type: 'boolean', default: false },
  },
});
const totalPoints = Number(flags.points);
const runs = Number(flags.runs);
const rawRuns = Number(flags['raw-runs']);
const HOSTS = 20;
if (!(totalPoints >= HOSTS && runs >= 1 && rawRuns >= 1)) throw new Error(`--points must be at least ${String(HOSTS)}, --runs and --raw-runs at least 1`);

const WARM_UPS = 3;
const RAW_WARM_UPS = 1;
const RANGE_MS = 30 * 86_400_000;
const QUERY_POINTS = 1_000;
const CHUNK_ROWS = 250_000;
/** COPY chunks in flight: one is built here while the other loads. */
const LOAD_LANES = 2;
const TARGET_ROLLUP_MS = 100;
const TARGET_RAW_MS = 1_000;
const STREAM = { name: 'servers', fields: ['load'], tagKeys: ['host'] };

interface Case {
  name: string;
  agg: Aggregate;
  groupBy?: string;
  source: QueryResult['source'];
  series: number;
  targetMs: number;
}

const ROLLUP_CASES: Case[] = [
  { name: 'avg', agg: 'avg', source: 'rollup_1h', series: 1, targetMs: TARGET_ROLLUP_MS },
  { name: 'max by host', agg: 'max', groupBy: 'host', source: 'rollup_1h', series: HOSTS, targetMs: TARGET_ROLLUP_MS },
  { name: 'p95 (sketches)', agg: 'p95', source: 'rollup_1h', series: 1, targetMs: TARGET_ROLLUP_MS },
];
const RAW_CASES: Case[] = [
  { name: 'avg, every point', agg: 'avg', source: 'raw', series: 1, targetMs: TARGET_RAW_MS },
  { name: 'p95, every point (exact)', agg: 'p95', source: 'raw', series: 1, targetMs: TARGET_RAW_MS },
];

interface Timing {
  p50: number;
  p95: number;
  max: number;
}

const seconds = (startedAt: number) => (performance.now() - startedAt) / 1000;
const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** A server's load figure between 10 and 90 that follows the day, differently per host. */
function loadAt(timeMs: number, host: number, i: number): number {
  const day = Math.sin((2 * Math.PI * timeMs) / 86_400_000 + host);
  const noise = (i * 0.6180339887498949) % 1;
  return 50 + 30 * day + 10 * (noise - 0.5);
}

/** Point `i` of `totalPoints`, spread evenly over the range that ends at `endMs`, round robin over the hosts, as COPY data. */
function chunkRows(streamId: string, seriesIds: number[], first: number, rows: number, endMs: number): Uint8Array {
  const spacing = RANGE_MS / totalPoints;
  const startMs = endMs - RANGE_MS;
  const writer = new PointCopyWriter(streamId, rows, 1);
  for (let i = first; i < first + rows; i++) {
    const timeMs = startMs + i * spacing;
    const host = i % HOSTS;
    writer.add(seriesIds[host]!, timeMs, [loadAt(timeMs, host, i)]);
  }
  return writer.finish();
}

/** The 20 series, created the way ingestion creates them; answers their ids by host number. */
async function createSeries(db: Database, streamId: string): Promise<number[]> {
  const keys = Array.from({ length: HOSTS }, (_, h) => ({ key: `host=h${String(h)}`, tags: { host: `h${String(h)}` } }));
  const ids = await upsertSeries(db, streamId, keys);
  return keys.map(({ key }) => ids.get(key)!);
}

/** Loads every point with COPY in chunks, `LOAD_LANES` at a time, and records the write as ingestion does. */
async function loadPoints(database: DatabaseHandle, streamId: string, seriesIds: number[]): Promise<void> {
  const endMs = Date.now();
  let next = 0;
  let loaded = 0;
  const lane = async () => {
    while (next < totalPoints) {
      const first = next;
      const rows = Math.min(CHUNK_ROWS, totalPoints - first);
      next += rows;
      const stored = await copyPoints(database, chunkRows(streamId, seriesIds, first, rows, endMs));
      loaded += stored;
    }
  };
  await Promise.all(Array.from({ length: LOAD_LANES }, lane));
  if (loaded !== totalPoints) throw new Error(`COPY stored ${String(loaded)} of ${String(totalPoints)} points`);
  await recordWrite(database.db, streamId, totalPoints, new Date(endMs - RANGE_MS));
}

async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  const result = await step();
  console.log(`${label.padEnd(34)} ${seconds(startedAt).toFixed(1).padStart(7)} s   load average ${os.loadavg()[0]!.toFixed(2)}`);
  return result;
}

function queryUrl(target: StreamsTarget, range: { from: string; to: string }, testCase: Case): string {
  const params = new URLSearchParams({ field: 'load', agg: testCase.agg, from: range.from, to: range.to, points: String(QUERY_POINTS) });
  if (testCase.groupBy) params.set('groupBy', testCase.groupBy);
  return `${target.url}/api/v1/streams/${target.streamIds[0]!}/query?${params.toString()}`;
}

/** One request, timed until its body has arrived; fails unless it was answered from the expected source. */
async function queryOnce(url: string, token: string, testCase: Case): Promise<{ ms: number; result: QueryResult }> {
  const startedAt = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await response.text();
  const ms = performance.now() - startedAt;
  if (response.status !== 200) throw new Error(`${testCase.name}: the query answered ${String(response.status)}: ${body.slice(0, 500)}`);
  const result = JSON.parse(body) as QueryResult;
  if (result.source !== testCase.source) throw new Error(`${testCase.name}: answered from ${result.source}, expected ${testCase.source}`);
  const filled = result.series.reduce((n, s) => n + s.values.filter((v) => v !== null).length, 0);
  if (result.series.length !== testCase.series || filled === 0) {
    throw new Error(`${testCase.name}: ${String(result.series.length)} series with ${String(filled)} values, expected ${String(testCase.series)} series with values`);
  }
  return { ms, result };
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

async function measure(url: string, token: string, testCase: Case, warmUps: number, times: number): Promise<{ timing: Timing; result: QueryResult }> {
  for (let i = 0; i < warmUps; i++) await queryOnce(url, token, testCase);
  const latencies: number[] = [];
  let result: QueryResult | undefined;
  for (let i = 0; i < times; i++) {
    const answer = await queryOnce(url, token, testCase);
    latencies.push(answer.ms);
    result = answer.result;
  }
  latencies.sort((a, b) => a - b);
  return { timing: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1)! }, result: result! };
}

/** How far the sketch's percentiles are from the exact ones, relative to the exact value, over the buckets both answered. */
function sketchError(fromSketches: QueryResult, exact: QueryResult): { median: number; max: number; buckets: number } {
  const exactAt = new Map(exact.series[0]!.times.map((t, i) => [t, exact.series[0]!.values[i]]));
  const errors: number[] = [];
  fromSketches.series[0]!.times.forEach((t, i) => {
    const approximate = fromSketches.series[0]!.values[i];
    const value = exactAt.get(t);
    if (approximate !== null && approximate !== undefined && value !== null && value !== undefined) errors.push(Math.abs(approximate - value) / Math.abs(value));
  });
  errors.sort((a, b) => a - b);
  return { median: percentile(errors, 50), max: errors.at(-1) ?? Number.NaN, buckets: errors.length };
}

/** The raw queries' COPY of every point out of the database, alone, `rawRuns` times: the database's share of a raw query. */
async function timeCopyOut(database: DatabaseHandle, streamId: string, range: { from: string; to: string }): Promise<{ timing: Timing; bytes: number }> {
  const series = await findSeries(database.db, streamId, {});
  const selection = { streamId, field: 1, seriesIds: series.map((s) => s.id), fromMs: Date.parse(range.from), toMs: Date.parse(range.to) };
  const latencies: number[] = [];
  let bytes = 0;
  for (let i = 0; i < rawRuns; i++) {
    const startedAt = performance.now();
    bytes = (await copySelection(database, selection)).byteLength;
    latencies.push(performance.now() - startedAt);
  }
  latencies.sort((a, b) => a - b);
  return { timing: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1)! }, bytes };
}

interface Measured {
  testCase: Case;
  timing: Timing;
  result: QueryResult;
  load: number;
}

function report(results: Measured[], error: ReturnType<typeof sketchError>, copyOut: Awaited<ReturnType<typeof timeCopyOut>>): void {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(`\n${String(runs)} runs of each rollup query after ${String(WARM_UPS)} warm-ups, ${String(rawRuns)} of each raw one after ${String(RAW_WARM_UPS)}, one at a time; 30 days, ${String(QUERY_POINTS)} points (1-hour buckets)`);
  console.log(`${'query'.padEnd(26)} ${'source'.padEnd(10)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'max'.padStart(10)} ${'load'.padStart(5)}   target`);
  for (const { testCase, timing, load } of results) {
    const met = timing.p95 < testCase.targetMs ? 'met' : 'NOT met';
    console.log(
      `${testCase.name.padEnd(26)} ${testCase.source.padEnd(10)} ${ms(timing.p50).padStart(10)} ${ms(timing.p95).padStart(10)} ${ms(timing.max).padStart(10)} ${load.toFixed(2).padStart(5)}   p95 < ${ms(testCase.targetMs)}: ${met}`,
    );
  }
  console.log(
    `\np95 from sketches vs exact p95 from every point, ${String(error.buckets)} buckets: median relative error ${(error.median * 100).toFixed(3)}%, largest ${(error.max * 100).toFixed(3)}% (bound ${String(SKETCH_RELATIVE_ACCURACY * 100)}%)`,
  );
  console.log(
    `\nCOPY of every point out of the database alone (the raw queries' database time), ${String(rawRuns)} runs: p50 ${ms(copyOut.timing.p50)}, p95 ${ms(copyOut.timing.p95)}, ${(copyOut.bytes / 1e6).toFixed(1)} MB`,
  );
}

async function run(databaseUrl: string): Promise<void> {
  const { child, target } = await startStreamsServer({ databaseUrl, viewers: 0, streams: [STREAM] });
  const database = await openDatabase({ url: databaseUrl, pglitePath: 'memory', poolSize: LOAD_LANES });
  try {
    const streamId = target.streamIds[0]!;
    const seriesIds = await createSeries(database.db, streamId);
    await timed(`load ${count(totalPoints)} points (COPY)`, () => loadPoints(database, streamId, seriesIds));
    const window = await timed('refreshRollups', () => refreshRollups(database.db, streamId));
    if (!window) throw new Error('refreshRollups found nothing to roll up');
    const compacted = await timed('compactPoints', () => compactPoints(database.db, streamId, Date.now() - COMPACT_AFTER_MS));
    console.log(`${count(compacted)} points compacted into blocks, ${count(totalPoints - compacted)} left as rows`);
    await timed('vacuum analyze', () => database.sql.query('vacuum (analyze) stream_points, stream_point_blocks, stream_rollups'));
    const toMs = Date.now();
    const range = { from: new Date(toMs - RANGE_MS).toISOString(), to: new Date(toMs).toISOString() };
    const results: Measured[] = [];
    const measureCase = async (testCase: Case, warmUps: number, times: number) => {
      const { timing, result } = await measure(queryUrl(target, range, testCase), target.ownerToken, testCase, warmUps, times);
      results.push({ testCase, timing, result, load: os.loadavg()[0]! });
    };
    for (const testCase of ROLLUP_CASES) await measureCase(testCase, WARM_UPS, runs);
    // As if no rollup were complete yet: every query reads raw points.
    await database.sql.query('update streams set rolled_up_to = null where id = $1', [streamId]);
    for (const testCase of RAW_CASES) await measureCase(testCase, RAW_WARM_UPS, rawRuns);
    const p95Of = (source: string) => results.find((r) => r.testCase.agg === 'p95' && r.testCase.source === source)!.result;
    report(results, sketchError(p95Of('rollup_1h'), p95Of('raw')), await timeCopyOut(database, streamId, range));
  } finally {
    await stopStreamsServer(child);
    await database.close();
  }
}

console.log(
  `Node ${process.version}, ${String(os.availableParallelism())} CPUs; ${count(totalPoints)} points of one field from ${String(HOSTS)} hosts over 30 days; load average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(', ')}`,
);
const database = await createPostgresDatabase('fw_bench');
try {
  await run(database.url);
} finally {
  if (flags['keep-database']) console.log(`\nThe database is kept: ${database.url}`);
  else await database.drop();
}
