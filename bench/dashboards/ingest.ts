import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { streamLimits, type IngestResult } from '../../common/dashboards-streams.ts';
import { createPostgresDatabase } from '../../test/support/backend.ts';
import { CopyRowWriter } from '../../server/modules/dashboards/streams/points.repository.ts';
import { STREAM, type IngestTarget } from './ingest-protocol.ts';

/**
 * Points per second into PostgreSQL (127.0.0.1:5432, user postgres), three ways, in one run on
 * one fresh database (random name, dropped at the end):
 *   1. Fluxworks JSON batches, POST /api/v1/streams/:id/points
 *   2. Fluxworks InfluxDB line protocol, POST /api/v1/orgs/:orgId/write?precision=ns
 *   3. raw COPY of the same rows into the same `stream_points` table, with pg + pg-copy-streams
 *      from this process: the database's own limit.
 * The app runs in its own process (fluxworks-ingest-server.ts); this one sends. Every method
 * writes the same `points` points (50 hosts as tags, 3 fields, timestamps 1 ms apart) in batches
 * of `batch`, `concurrency` batches in flight (one pooled connection each for COPY), every body
 * built before the clock starts. Each method first sends one round of batches as a warm-up; then
 * `stream_points` is truncated and the timed run starts on an empty table, and after it the
 * table must hold exactly `points` rows. Any failed request or short count fails the run.
 */
const { values: flags } = parseArgs({
  options: {
    points: { type: 'string', default: '1000000' },
    'cpu-prof': { type: 'boolean', default: false },
    batch: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '4' },
  },
});
const totalPoints = Number(flags.points);
const batchSize = Number(flags.batch);
const concurrency = Number(flags.concurrency);
if (!(batchSize >= 1 && batchSize <= streamLimits.batchPoints)) throw new Error(`--batch must be 1 to ${String(streamLimits.batchPoints)}`);
if (!(totalPoints >= batchSize && concurrency >= 1)) throw new Error('--points must be at least --batch, and --concurrency at least 1');

const HOSTS = 50;
const COPY_STATEMENT = 'copy stream_points (stream_id, series_id, time, values) from stdin';
const TARGET_SHARE_OF_COPY = 0.5;
const TARGET_POINTS_PER_SECOND = 100_000;
const here = path.dirname(fileURLToPath(import.meta.url));
/** The last point is 1 ms before the run started. */
const firstTimeMs = Date.now() - totalPoints;

interface Batch {
  first: number;
  count: number;
}

/** A prepared request body and the number of points it carries. */
interface Body {
  text: string;
  count: number;
}

/** Sends one body; throws unless every one of its points was stored. */
type Send = (body: Body) => Promise<void>;

interface Result {
  method: string;
  seconds: number;
  pointsPerSecond: number;
}

const batches: Batch[] = Array.from({ length: Math.ceil(totalPoints / batchSize) }, (_, i) => ({
  first: i * batchSize,
  count: Math.min(batchSize, totalPoints - i * batchSize),
}));

/** Point `i`: its host, time and three CPU percentages with the full digits a collector sends. */
function pointAt(i: number) {
  const fraction = (x: number) => x - Math.floor(x);
  const user = 60 * fraction(i * 0.6180339887498949);
  const system = 20 * fraction(i * 0.4142135623730951);
  return { host: `h${String(i % HOSTS)}`, timeMs: firstTimeMs + i, values: [user, system, 100 - user - system] as const };
}

function jsonBody({ first, count }: Batch): Body {
  const points = Array.from({ length: count }, (_, k) => {
    const { host, timeMs, values } = pointAt(first + k);
    return { time: timeMs, tags: { host }, values: Object.fromEntries(STREAM.fields.map((field, f) => [field, values[f]])) };
  });
  return { text: JSON.stringify({ points }), count };
}

function lineProtocolBody({ first, count }: Batch): Body {
  let text = '';
  for (let i = first; i < first + count; i++) {
    const { host, timeMs, values } = pointAt(i);
    const fields = STREAM.fields.map((field, f) => `${field}=${String(values[f])}`).join(',');
    text += `${STREAM.name},host=${host} ${fields} ${String(timeMs)}000000\n`;
  }
  return { text, count };
}

function copyBody({ first, count }: Batch, streamId: string, seriesIds: Map<string, number>): Body {
  const rows = new CopyRowWriter(streamId);
  for (let i = first; i < first + count; i++) {
    const { host, timeMs, values } = pointAt(i);
    const seriesId = seriesIds.get(`host=${host}`);
    if (seriesId === undefined) throw new Error(`no series for host=${host} in stream_series`);
    rows.add(seriesId, timeMs, values);
  }
  return { text: rows.text(), count };
}

function httpSender(url: string, contentType: string, token: string): Send {
  return async ({ text, count }) => {
    const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body: text });
    const answer = await response.text();
    if (response.status !== 200) throw new Error(`${url} answered ${String(response.status)}: ${answer.slice(0, 500)}`);
    const result = JSON.parse(answer) as IngestResult;
    if (result.accepted !== count) throw new Error(`${url} accepted ${String(result.accepted)} of ${String(count)} points: ${JSON.stringify(result.rejected.slice(0, 3))}`);
  };
}

function copySender(pool: pg.Pool): Send {
  return async ({ text, count }) => {
    const client = await pool.connect();
    try {
      const stream = client.query(copyFrom(COPY_STATEMENT));
      await pipeline(Readable.from([text]), stream);
      if (stream.rowCount !== count) throw new Error(`COPY stored ${String(stream.rowCount)} of ${String(count)} rows`);
    } finally {
      client.release();
    }
  };
}

/** Sends the bodies in order with `concurrency` in flight. */
async function sendAll(send: Send, bodies: Body[]): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < bodies.length) await send(bodies[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

/** Warms up on the first round of batches, then times every batch into an emptied table. */
async function measure(method: string, send: Send, bodies: Body[], pool: pg.Pool): Promise<Result> {
  await sendAll(send, bodies.slice(0, concurrency));
  await pool.query('truncate stream_points');
  const started = performance.now();
  await sendAll(send, bodies);
  const seconds = (performance.now() - started) / 1000;
  const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from stream_points');
  if (rows[0]?.n !== totalPoints) throw new Error(`${method}: stream_points holds ${String(rows[0]?.n)} rows, expected ${String(totalPoints)}`);
  return { method, seconds, pointsPerSecond: totalPoints / seconds };
}

async function seriesIdsOf(pool: pg.Pool, streamId: string): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ id: number; key: string }>('select id, key from stream_series where stream_id = $1', [streamId]);
  return new Map(rows.map((row) => [row.key, row.id]));
}

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; target: IngestTarget }> {
  const child = fork(path.join(here, 'fluxworks-ingest-server.ts'), [databaseUrl], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: flags['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.join(os.tmpdir(), 'fluxworks-bench-profiles')}`] : [],
  });
  const timeout = AbortSignal.timeout(120_000);
  try {
    const [target] = (await Promise.race([
      once(child, 'message', { signal: timeout }),
      once(child, 'exit', { signal: timeout }).then(([code]) => {
        throw new Error(`the Fluxworks server exited with ${String(code)} before it was ready`);
      }),
    ])) as [IngestTarget];
    return { child, target };
  } catch (err) {
    await stopServer(child);
    throw err;
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

async function runAll(databaseUrl: string): Promise<Result[]> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
  const { child, target } = await startServer(databaseUrl);
  try {
    const jsonBodies = batches.map(jsonBody);
    const lineBodies = batches.map(lineProtocolBody);
    const json = await measure('Fluxworks JSON batches', httpSender(`${target.url}/api/v1/streams/${target.streamId}/points`, 'application/json', target.token), jsonBodies, pool);
    const seriesIds = await seriesIdsOf(pool, target.streamId);
    const line = await measure('Fluxworks line protocol', httpSender(`${target.url}/api/v1/orgs/${target.orgId}/write?precision=ns`, 'text/plain', target.token), lineBodies, pool);
    const copyBodies = batches.map((batch) => copyBody(batch, target.streamId, seriesIds));
    const copy = await measure('raw COPY (pg-copy-streams)', copySender(pool), copyBodies, pool);
    return [json, line, copy];
  } finally {
    await stopServer(child);
    await pool.end();
  }
}

function report(results: Result[]): void {
  const copy = results.at(-1)!;
  const share = (result: Result) => result.pointsPerSecond / copy.pointsPerSecond;
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `\nNode ${process.version}, ${String(os.availableParallelism())} CPUs; ${count(totalPoints)} points per method in batches of ${count(batchSize)}, ${String(concurrency)} in flight`,
  );
  console.log(`${'method'.padEnd(28)} ${'points/s'.padStart(10)} ${'seconds'.padStart(8)} ${'vs COPY'.padStart(8)}`);
  for (const result of results) {
    console.log(`${result.method.padEnd(28)} ${count(result.pointsPerSecond).padStart(10)} ${result.seconds.toFixed(2).padStart(8)} ${`${(share(result) * 100).toFixed(1)}%`.padStart(8)}`);
  }
  console.log(`\nTargets: at least ${String(TARGET_SHARE_OF_COPY * 100)}% of raw COPY and at least ${count(TARGET_POINTS_PER_SECOND)} points/s`);
  for (const result of results.slice(0, -1)) {
    const met = share(result) >= TARGET_SHARE_OF_COPY && result.pointsPerSecond >= TARGET_POINTS_PER_SECOND;
    console.log(`  ${result.method}: ${(share(result) * 100).toFixed(1)}% of COPY, ${count(result.pointsPerSecond)} points/s: ${met ? 'met' : 'NOT met'}`);
  }
}

const database = await createPostgresDatabase('fw_bench');
try {
  report(await runAll(database.url));
} finally {
  await database.drop();
}
