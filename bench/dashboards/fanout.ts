import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { LIVE_BATCH_MS, STREAMS_NAMESPACE } from '../../common/dashboards-streams.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/realtime.ts';
import { createPostgresDatabase } from '../../test/support/backend.ts';
import type { SubscriberCommand, SubscriberReport } from './fanout-subscribers.ts';
import { startStreamsServer, stopStreamsServer, type StreamsTarget } from './streams-protocol.ts';

/**
 * Live fan-out of stream points: `subscribers` socket.io-client connections on the /streams
 * namespace, spread evenly over `streams` streams and each subscribed (stream:subscribe) to one,
 * while a writer sends `rate` points per second into every stream, so every subscriber receives
 * `rate` points per second. The app runs in its own process (fluxworks-streams-server.ts,
 * embedded PGlite as `npm start` runs it, or a fresh PostgreSQL database with `--postgres`),
 * the subscribers in `processes` worker processes (fanout-subscribers.ts), the writer here.
 * Subscribers are the organisation's viewers, one user and session each; the writer is its owner.
 *
 * The writer sends each stream a batch of rate/10 points every 100 ms over one socket
 * (stream:write, which answers once the points are stored), the streams' batches staggered
 * evenly over those 100 ms so that they meet the server's 100 ms flushes at every phase. Each
 * point carries its send time (epoch ms) as the value of field `sentAt`, and its number as
 * `seq`; a point's latency is its arrival at a subscriber minus `sentAt`, for every point every
 * subscriber receives. That includes the server's batching: it sends each subscriber what
 * arrived every LIVE_BATCH_MS (100 ms) by design, so a point waits up to that long.
 * `warmup` seconds of writes (seq -1, not counted) come before the `seconds` measured; then the
 * run fails unless every subscriber received every measured point exactly once.
 */
const { values: flags } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000' },
    streams: { type: 'string', default: '10' },
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '2' },
    processes: { type: 'string', default: String(Math.max(1, Math.min(4, os.availableParallelism() - 1))) },
    postgres: { type: 'boolean', default: false },
  },
});
const subscribers = Number(flags.subscribers);
const streamCount = Number(flags.streams);
const rate = Number(flags.rate);
const measuredSeconds = Number(flags.seconds);
const warmupSeconds = Number(flags.warmup);
const subscriberProcesses = Number(flags.processes);

const WRITE_EVERY_MS = 100;
const pointsPerBatch = (rate * WRITE_EVERY_MS) / 1000;
const TARGET_P99_MS = 100;
/** How long after the last write every point must have arrived. */
const DRAIN_MS = 30_000;
if (!(Number.isInteger(pointsPerBatch) && pointsPerBatch >= 1)) throw new Error(`--rate must be a multiple of ${String(1000 / WRITE_EVERY_MS)}`);
if (!(streamCount >= 1 && subscribers >= streamCount && subscriberProcesses >= 1)) throw new Error('--subscribers must be at least --streams, and both and --processes at least 1');
if (!(measuredSeconds > 0 && warmupSeconds >= 0)) throw new Error('--seconds must be positive and --warmup at least 0');

const measuredBatches = Math.round((measuredSeconds * 1000) / WRITE_EVERY_MS);
/** Measured points per stream, so per subscriber. */
const expectedPerSubscriber = measuredBatches * pointsPerBatch;
const now = () => performance.timeOrigin + performance.now();
const here = path.dirname(fileURLToPath(import.meta.url));

type StreamSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Result = Extract<SubscriberReport, { type: 'result' }>;

interface Writes {
  startedAt: number;
  batches: number;
  /** Milliseconds from sending each batch to the server's answer that it is stored. */
  acks: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: ArrayLike<number>, p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

function connectWriter(target: StreamsTarget): Promise<StreamSocket> {
  const socket: StreamSocket = io(`${target.url}${STREAMS_NAMESPACE}`, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: target.ownerToken } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Subscriber i watches stream i mod streams; the shares go round robin to the worker processes. */
async function startSubscribers(target: StreamsTarget) {
  const all = target.viewerTokens.map((token, i) => ({ token, streamId: target.streamIds[i % streamCount]! }));
  const workers = Array.from({ length: subscriberProcesses }, () =>
    fork(path.join(here, 'fanout-subscribers.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' }),
  );
  const counts = workers.map(() => 0);
  workers.forEach((worker, i) =>
    worker.on('message', (report: SubscriberReport) => {
      if (report.type === 'count') counts[i] = report.received;
    }),
  );
  const reportOf = <T extends SubscriberReport['type']>(worker: ChildProcess, type: T) =>
    new Promise<Extract<SubscriberReport, { type: T }>>((resolve, reject) => {
      const listener = (report: SubscriberReport) => {
        if (report.type !== type) return;
        worker.off('message', listener);
        resolve(report as Extract<SubscriberReport, { type: T }>);
      };
      worker.on('message', listener);
      worker.once('exit', (code) => reject(new Error(`a subscriber process exited with ${String(code)}`)));
    });
  const stop = () => {
    for (const worker of workers) if (worker.connected) worker.disconnect();
  };
  try {
    await Promise.all(
      workers.map((worker, i) => {
        const subscribed = reportOf(worker, 'subscribed');
        worker.send({ type: 'start', url: target.url, subscribers: all.filter((_, j) => j % subscriberProcesses === i), expected: expectedPerSubscriber } satisfies SubscriberCommand);
        return subscribed;
      }),
    );
  } catch (err) {
    stop();
    throw err;
  }
  return {
    received: () => counts.reduce((a, b) => a + b, 0),
    collect: () =>
      Promise.all(
        workers.map((worker) => {
          const result = reportOf(worker, 'result');
          worker.send({ type: 'report' } satisfies SubscriberCommand);
          return result;
        }),
      ),
    stop,
  };
}

/** One stream's batch: `pointsPerBatch` hosts, all stamped now; `seq` numbers them from `firstSeq`, or -1 in the warm-up. */
function batchOf(sentAt: number, firstSeq: number | undefined) {
  return Array.from({ length: pointsPerBatch }, (_, k) => ({
    time: Math.floor(sentAt),
    tags: { host: `h${String(k)}` },
    values: { sentAt, seq: firstSeq === undefined ? -1 : firstSeq + k },
  }));
}

async function writeBatch(socket: StreamSocket, streamId: string, points: ReturnType<typeof batchOf>, acks: number[] | undefined): Promise<void> {
  const sentAt = points[0]!.values.sentAt;
  const result = await socket.emitWithAck('stream:write', { streamId, points });
  if (!result.ok) throw new Error(`stream:write refused: ${result.error.message}`);
  if (result.accepted !== points.length) throw new Error(`stream:write stored ${String(result.accepted)} of ${String(points.length)} points: ${JSON.stringify(result.rejected.slice(0, 3))}`);
  acks?.push(now() - sentAt);
}

/**
 * Writes `batches` rounds, one batch per stream each, on a fixed schedule (a late round is not
 * made up for by sending faster), and waits for every answer. Measured rounds number their points.
 */
async function writeRounds(socket: StreamSocket, streamIds: string[], batches: number, measured: boolean): Promise<Writes> {
  const slotMs = WRITE_EVERY_MS / streamIds.length;
  const startedAt = now();
  const acks: number[] = [];
  const pending: Promise<void>[] = [];
  for (let slot = 0; slot < batches * streamIds.length; slot++) {
    const wait = startedAt + slot * slotMs - now();
    if (wait > 0) await sleep(wait);
    const round = Math.floor(slot / streamIds.length);
    const points = batchOf(now(), measured ? round * pointsPerBatch : undefined);
    pending.push(writeBatch(socket, streamIds[slot % streamIds.length]!, points, measured ? acks : undefined));
  }
  await Promise.all(pending);
  return { startedAt, batches: pending.length, acks };
}

async function everyPointArrived(received: () => number): Promise<void> {
  const expected = subscribers * expectedPerSubscriber;
  const deadline = Date.now() + DRAIN_MS;
  while (received() < expected && Date.now() < deadline) await sleep(20);
}

async function run(databaseUrl: string | undefined): Promise<{ writes: Writes; results: Result[] }> {
  const streams = Array.from({ length: streamCount }, (_, i) => ({ name: `live-${String(i)}`, fields: ['sentAt', 'seq'], tagKeys: ['host'] }));
  const { child, target } = await startStreamsServer({ ...(databaseUrl ? { databaseUrl } : {}), viewers: subscribers, streams });
  let group: Awaited<ReturnType<typeof startSubscribers>> | undefined;
  try {
    group = await startSubscribers(target);
    const writer = await connectWriter(target);
    await writeRounds(writer, target.streamIds, Math.round((warmupSeconds * 1000) / WRITE_EVERY_MS), false);
    const writes = await writeRounds(writer, target.streamIds, measuredBatches, true);
    await everyPointArrived(group.received);
    const results = await group.collect();
    writer.disconnect();
    return { writes, results };
  } finally {
    group?.stop();
    await stopStreamsServer(child);
  }
}

/** Every subscriber's latencies, sorted. */
function allLatencies(results: Result[]): Float64Array {
  const all = new Float64Array(results.reduce((n, r) => n + r.latencies.length, 0));
  let offset = 0;
  for (const { latencies } of results) {
    all.set(latencies, offset);
    offset += latencies.length;
  }
  return all.sort();
}

function report({ writes, results }: { writes: Writes; results: Result[] }, storage: string): void {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const latencies = allLatencies(results);
  const acks = writes.acks.sort((a, b) => a - b);
  const expected = subscribers * expectedPerSubscriber;
  const lastReceiptAt = Math.max(...results.map((r) => r.lastReceiptAt));
  const missing = results.reduce((n, r) => n + r.missing, 0);
  const incomplete = results.reduce((n, r) => n + r.incomplete, 0);
  const duplicates = results.reduce((n, r) => n + r.duplicates, 0);
  const disconnects = results.reduce((n, r) => n + r.disconnects, 0);
  const p99 = percentile(latencies, 99);

  console.log(
    `\nNode ${process.version}, ${String(os.availableParallelism())} CPUs; app on ${storage}; ${String(subscribers)} subscribers on ${String(streamCount)} streams in ${String(subscriberProcesses)} process(es)`,
  );
  console.log(`writes: ${String(writes.batches)} batches of ${String(pointsPerBatch)} points over ${String(measuredSeconds)} s (after ${String(warmupSeconds)} s warm-up), ${String(rate)} points/s per stream; stored and answered in p50 ${ms(percentile(acks, 50))}, p99 ${ms(percentile(acks, 99))}`);
  console.log(`delivered: ${latencies.length.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')} points, ${Math.round(latencies.length / ((lastReceiptAt - writes.startedAt) / 1000)).toLocaleString('en-US')} points/s`);
  console.log(`latency (receipt - sentAt): p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, p99 ${ms(p99)}, max ${ms(latencies.at(-1) ?? Number.NaN)}`);
  console.log(`target p99 < ${ms(TARGET_P99_MS)}: ${p99 < TARGET_P99_MS ? 'met' : 'NOT met'} (includes up to ${String(LIVE_BATCH_MS)} ms of the server's LIVE_BATCH_MS batching)`);
  if (missing > 0 || duplicates > 0 || disconnects > 0) {
    throw new Error(`${String(incomplete)} subscribers missed ${String(missing)} points in all; ${String(duplicates)} duplicates; ${String(disconnects)} disconnects`);
  }
  console.log('every subscriber received every point exactly once');
}

const database = flags.postgres ? await createPostgresDatabase('fw_bench') : undefined;
try {
  report(await run(database?.url), database ? 'PostgreSQL' : 'PGlite (embedded)');
} finally {
  await database?.drop();
}
