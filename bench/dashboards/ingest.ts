import http from 'node:http';
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
import { PointCopyWriter } from '../../server/modules/dashboards/streams/points.repository.ts';
import { cpuSecondsOf, median } from '../lib/measure.ts';
import { startServer, stopServer } from '../lib/server-parent.ts';
import { STREAM, type IngestTarget } from './ingest-protocol.ts';

/**
 * Points per second into PostgreSQL (127.0.0.1:5432, user postgres), four ways, in one run on
 * one fresh database (random name, dropped at the end):
 *   1. Fluxworks JSON batches, POST /api/v1/streams/:id/points
 *   2. Fluxworks InfluxDB line protocol, POST /api/v1/orgs/:orgId/write?precision=ns
 *   3. raw binary COPY of the same rows into the same `stream_points` table, built by the module's
 *      own PointCopyWriter and sent with pg + pg-copy-streams from this process, as Fluxworks does
 *   4. raw text COPY of the same rows, formatted as the module did before it moved to binary.
 * The faster of 3 and 4 is the database's own limit, which 1 and 2 are measured against.
 * The app runs in its own process (fluxworks-ingest-server.ts); this one sends, with node:http
 * (cheap on the CPU the three share). Every method writes the same `points` points (50 hosts as
 * tags, 3 fields, timestamps 1 ms apart) in batches of `batch`, `concurrency` batches in flight
 * (one pooled connection each for COPY), every body built before the clock starts. Each method
 * first sends one round of batches as a warm-up; then `stream_points` is truncated and the timed
 * run starts on an empty table, and after it the table must hold exactly `points` rows. Any
 * failed request or short count fails the run. The four methods run in turn `rounds` times, so
 * that a change in the machine's load falls on all of them; each method's share of COPY is taken
 * within each round, and the median over the rounds is reported. On Linux, the CPU time each
 * method cost the server, the database's backends and this process is reported per point.
 */
const { values: flags } = parseArgs({
  options: {
    points: { type: 'string', default: '1000000' },
    'cpu-prof': { type: 'boolean', default: false },
    batch: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '5' },
  },
});
const rounds = Number(flags.rounds);
if (!(rounds >= 1)) throw new Error('--rounds must be at least 1');
const totalPoints = Number(flags.points);
const batchSize = Number(flags.batch);
const concurrency = Number(flags.concurrency);
if (!(batchSize >= 1 && batchSize <= streamLimits.batchPoints)) throw new Error(`--batch must be 1 to ${String(streamLimits.batchPoints)}`);
if (!(totalPoints >= batchSize && concurrency >= 1)) throw new Error('--points must be at least --batch, and --concurrency at least 1');

const HOSTS = 50;
const COPY_STATEMENT = 'copy stream_points (stream_id, series_id, time, values) from stdin';
const BINARY_COPY_STATEMENT = `${COPY_STATEMENT} (format binary)`;
const TARGET_SHARE_OF_COPY = 0.5;
const TARGET_POINTS_PER_SECOND = 100_000;
const here = path.dirname(fileURLToPath(import.meta.url));
/** The last point is 1 ms before the run started. */
const firstTimeMs = Date.now() - totalPoints;

interface Batch {
  first: number;
  count: number;
}

/** A prepared request body (or COPY data) and the number of points it carries. */
interface Body {
  text: string | Uint8Array<ArrayBuffer>;
  count: number;
}

/** Sends one body; throws unless every one of its points was stored. */
type Send = (body: Body) => Promise<void>;

interface Result {
  method: string;
  seconds: number;
  pointsPerSecond: number;
  /** A raw COPY run: the baseline, not a Fluxworks method. */
  raw: boolean;
  /** CPU time per point of the Fluxworks server, the database's backends and this process, in µs (Linux only). */
  cpu?: { server: number; database: number; client: number };
}

/** CPU seconds of the database's client backends for this database, by pid. */
async function backendCpu(pool: pg.Pool): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: number }>("select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'");
  return new Map(rows.map(({ pid }) => [pid, cpuSecondsOf(pid)]));
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
  return { text: Buffer.from(JSON.stringify({ points })), count };
}

function lineProtocolBody({ first, count }: Batch): Body {
  let text = '';
  for (let i = first; i < first + count; i++) {
    const { host, timeMs, values } = pointAt(i);
    const fields = STREAM.fields.map((field, f) => `${field}=${String(values[f])}`).join(',');
    text += `${STREAM.name},host=${host} ${fields} ${String(timeMs)}000000\n`;
  }
  return { text: Buffer.from(text), count };
}

function binaryCopyBody({ first, count }: Batch, streamId: string, seriesIds: Map<string, number>): Body {
  const rows = new PointCopyWriter(streamId, count, STREAM.fields.length);
  for (let i = first; i < first + count; i++) {
    const { host, timeMs, values } = pointAt(i);
    rows.add(seriesIdOf(seriesIds, host), timeMs, values);
  }
  return { text: Buffer.from(rows.finish()), count };
}

/** COPY text as the module wrote it before binary COPY: ISO timestamps with the second cached, `{a,b,c}` arrays. */
function textCopyBody({ first, count }: Batch, streamId: string, seriesIds: Map<string, number>): Body {
  const lines: string[] = [];
  let second = Number.NaN;
  let secondText = '';
  for (let i = first; i < first + count; i++) {
    const { host, timeMs, values } = pointAt(i);
    const s = Math.floor(timeMs / 1000);
    if (s !== second) {
      second = s;
      secondText = new Date(s * 1000).toISOString().slice(0, 19);
    }
    const ms = Math.floor(timeMs) - s * 1000;
    lines.push(`${streamId}\t${String(seriesIdOf(seriesIds, host))}\t${secondText}.${String(ms).padStart(3, '0')}Z\t{${values.map(String).join(',')}}\n`);
  }
  return { text: lines.join(''), count };
}

function seriesIdOf(seriesIds: Map<string, number>, host: string): number {
  const seriesId = seriesIds.get(`host=${host}`);
  if (seriesId === undefined) throw new Error(`no series for host=${host} in stream_series`);
  return seriesId;
}

/**
 * Posts bodies with node:http over kept-alive connections: this process shares the machine with
 * the server and the database, and fetch (undici, with WHATWG streams) cost it more CPU per point
 * than the server's own parsing (docs/benchmarks.md), which counted against Fluxworks.
 */
function httpSender(url: string, contentType: string, token: string): Send {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  return ({ text, count }) =>
    new Promise<void>((resolve, reject) => {
      const body = typeof text === 'string' ? Buffer.from(text) : text;
      const request = http.request(
        { agent, method: 'POST', host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, headers: { authorization: `Bearer ${token}`, 'content-type': contentType, 'content-length': body.byteLength } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const answer = Buffer.concat(chunks).toString();
            if (response.statusCode !== 200) { reject(new Error(`${url} answered ${String(response.statusCode)}: ${answer.slice(0, 500)}`)); return; }
            const result = JSON.parse(answer) as IngestResult;
            if (result.accepted !== count) { reject(new Error(`${url} accepted ${String(result.accepted)} of ${String(count)} points: ${JSON.stringify(result.rejected.slice(0, 3))}`)); return; }
            resolve();
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
}

function copySender(pool: pg.Pool, statement: string): Send {
  return async ({ text, count }) => {
    const client = await pool.connect();
    try {
      const stream = client.query(copyFrom(statement));
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
async function measure(method: string, send: Send, bodies: Body[], pool: pg.Pool, serverPid: number, raw = false): Promise<Result> {
  await sendAll(send, bodies.slice(0, concurrency));
  await pool.query('truncate stream_points');
  const backendsBefore = await backendCpu(pool);
  const serverBefore = cpuSecondsOf(serverPid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  await sendAll(send, bodies);
  const seconds = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  const serverAfter = cpuSecondsOf(serverPid);
  const backendsAfter = await backendCpu(pool);
  const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from stream_points');
  if (rows[0]?.n !== totalPoints) throw new Error(`${method}: stream_points holds ${String(rows[0]?.n)} rows, expected ${String(totalPoints)}`);
  let database = 0;
  for (const [pid, after] of backendsAfter) database += after - (backendsBefore.get(pid) ?? 0);
  const perPoint = (cpuSeconds: number) => (cpuSeconds * 1e6) / totalPoints;
  const cpu =
    Number.isNaN(serverBefore) || Number.isNaN(serverAfter) || Number.isNaN(database)
      ? undefined
      : { server: raw ? 0 : perPoint(serverAfter - serverBefore), database: perPoint(database), client: perPoint((client.user + client.system) / 1e6) };
  return { method, seconds, pointsPerSecond: totalPoints / seconds, raw, cpu };
}

async function seriesIdsOf(pool: pg.Pool, streamId: string): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ id: number; key: string }>('select id, key from stream_series where stream_id = $1', [streamId]);
  return new Map(rows.map((row) => [row.key, row.id]));
}

interface Method {
  name: string;
  send: Send;
  bodies: Body[];
  raw: boolean;
}

/** Every method, `rounds` times in turn; answers the results by round. */
async function runAll(databaseUrl: string): Promise<{ results: Result[][]; loads: number[] }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
  const { child, target } = await startServer<IngestTarget>(path.join(here, 'fluxworks-ingest-server.ts'), { args: [databaseUrl], cpuProfile: flags['cpu-prof'] });
  try {
    const serverPid = child.pid!;
    const json: Method = { name: 'Fluxworks JSON batches', send: httpSender(`${target.url}/api/v1/streams/${target.streamId}/points`, 'application/json', target.token), bodies: batches.map(jsonBody), raw: false };
    const line: Method = { name: 'Fluxworks line protocol', send: httpSender(`${target.url}/api/v1/orgs/${target.orgId}/write?precision=ns`, 'text/plain', target.token), bodies: batches.map(lineProtocolBody), raw: false };
    // The raw rows refer to the series the app made for the first batches.
    await sendAll(json.send, json.bodies.slice(0, concurrency));
    const seriesIds = await seriesIdsOf(pool, target.streamId);
    const binary: Method = { name: 'raw COPY, binary', send: copySender(pool, BINARY_COPY_STATEMENT), bodies: batches.map((batch) => binaryCopyBody(batch, target.streamId, seriesIds)), raw: true };
    const text: Method = { name: 'raw COPY, text', send: copySender(pool, COPY_STATEMENT), bodies: batches.map((batch) => textCopyBody(batch, target.streamId, seriesIds)), raw: true };
    const results: Result[][] = [];
    const loads: number[] = [];
    for (let round = 0; round < rounds; round++) {
      loads.push(os.loadavg()[0]!);
      const inRound: Result[] = [];
      for (const method of [json, line, binary, text]) inRound.push(await measure(method.name, method.send, method.bodies, pool, serverPid, method.raw));
      results.push(inRound);
    }
    return { results, loads };
  } finally {
    await stopServer(child);
    await pool.end();
  }
}

function report({ results, loads }: { results: Result[][]; loads: number[] }, loadBefore: number[]): void {
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  const percent = (n: number) => `${(n * 100).toFixed(1)}%`;
  const load = (averages: number[]) => averages.map((n) => n.toFixed(2)).join(', ');
  /** A result's share of the faster raw COPY of its own round. */
  const shares = results.map((round) => {
    const copy = Math.max(...round.filter((r) => r.raw).map((r) => r.pointsPerSecond));
    return round.map((r) => r.pointsPerSecond / copy);
  });
  console.log(
    `\nNode ${process.version}, ${String(os.availableParallelism())} CPUs; ${count(totalPoints)} points per method in batches of ${count(batchSize)}, ${String(concurrency)} in flight, ${String(rounds)} rounds`,
  );
  console.log(`load average before: ${load(loadBefore)}; after: ${load(os.loadavg())}`);
  results.forEach((round, r) => {
    console.log(`round ${String(r + 1)} (load ${loads[r]!.toFixed(2)}): ${round.map((result, m) => `${result.method} ${count(result.pointsPerSecond)} (${percent(shares[r]![m]!)})`).join(', ')}`);
  });
  console.log(`\n${'method'.padEnd(28)} ${'points/s'.padStart(10)} ${'vs COPY'.padStart(8)}   CPU µs per point: server, database, sender   (medians of ${String(rounds)} rounds)`);
  const micros = (values: (number | undefined)[]) => (values.some((v) => v === undefined) ? '-' : median(values as number[]).toFixed(2)).padStart(6);
  const summary = results[0]!.map((first, m) => {
    const ofMethod = results.map((round) => round[m]!);
    return { method: first.method, raw: first.raw, pointsPerSecond: median(ofMethod.map((r) => r.pointsPerSecond)), share: median(shares.map((round) => round[m]!)), cpu: ofMethod.map((r) => r.cpu) };
  });
  for (const row of summary) {
    console.log(
      `${row.method.padEnd(28)} ${count(row.pointsPerSecond).padStart(10)} ${percent(row.share).padStart(8)}   ${micros(row.cpu.map((c) => c?.server))} ${micros(row.cpu.map((c) => c?.database))} ${micros(row.cpu.map((c) => c?.client))}`,
    );
  }
  console.log(`\nTargets: at least ${String(TARGET_SHARE_OF_COPY * 100)}% of the faster raw COPY of the same round and at least ${count(TARGET_POINTS_PER_SECOND)} points/s`);
  for (const row of summary.filter((r) => !r.raw)) {
    const met = row.share >= TARGET_SHARE_OF_COPY && row.pointsPerSecond >= TARGET_POINTS_PER_SECOND;
    console.log(`  ${row.method}: ${percent(row.share)} of COPY, ${count(row.pointsPerSecond)} points/s: ${met ? 'met' : 'NOT met'}`);
  }
}

const database = await createPostgresDatabase('fw_bench');
try {
  const loadBefore = os.loadavg();
  report(await runAll(database.url), loadBefore);
} finally {
  await database.drop();
}
