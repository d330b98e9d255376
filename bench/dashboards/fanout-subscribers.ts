import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { STREAMS_NAMESPACE, type LiveBatch } from '../../common/dashboards-streams.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/realtime.ts';

/**
 * A share of the live subscribers of bench/dashboards/fanout.ts, in a worker process so decoding
 * their updates does not compete with the writer. Each connection subscribes to one stream's
 * fields `sentAt` and `seq`; for every point it receives, latency is the arrival time minus
 * `sentAt` (epoch ms, written by the sender), and `seq` (0 up to `expected`, -1 during the
 * warm-up) shows which points each subscriber got, missed or got twice.
 */
export type SubscriberCommand = { type: 'start'; url: string; subscribers: { token: string; streamId: string }[]; expected: number } | { type: 'report' };
export type SubscriberReport =
  | { type: 'subscribed' }
  | { type: 'count'; received: number }
  | { type: 'result'; latencies: Float64Array; lastReceiptAt: number; incomplete: number; missing: number; duplicates: number; disconnects: number };

type StreamSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const CONNECTS_AT_ONCE = 25;
const COUNT_EVERY_MS = 50;
const now = () => performance.timeOrigin + performance.now();
const sockets: StreamSocket[] = [];
/** Per subscriber, one flag per measured point: received yet. */
const seen: Uint8Array[] = [];
let latencies = new Float64Array(0);
let received = 0;
let duplicates = 0;
let disconnects = 0;
let lastReceiptAt = 0;
const reply = (message: SubscriberReport) => process.send?.(message);

function connect(url: string, token: string): Promise<StreamSocket> {
  const socket: StreamSocket = io(`${url}${STREAMS_NAMESPACE}`, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function onBatch(flags: Uint8Array, batch: LiveBatch): void {
  const at = now();
  for (const point of batch.points) {
    const seq = point.values.seq ?? -1;
    if (seq < 0) continue;
    if (flags[seq] !== 0) {
      duplicates += 1;
      continue;
    }
    flags[seq] = 1;
    latencies[received++] = at - point.values.sentAt!;
  }
  lastReceiptAt = at;
}

async function subscribe(socket: StreamSocket, streamId: string, expected: number): Promise<void> {
  const result = await socket.emitWithAck('stream:subscribe', { streamId, fields: ['sentAt', 'seq'] });
  if (!result.ok) throw new Error(`stream:subscribe refused: ${result.error.message}`);
  const flags = new Uint8Array(expected);
  seen.push(flags);
  socket.on('stream:points', (batch) => onBatch(flags, batch));
  socket.on('disconnect', () => (disconnects += 1));
}

async function start({ url, subscribers, expected }: Extract<SubscriberCommand, { type: 'start' }>): Promise<void> {
  latencies = new Float64Array(subscribers.length * expected);
  for (let i = 0; i < subscribers.length; i += CONNECTS_AT_ONCE) {
    const group = subscribers.slice(i, i + CONNECTS_AT_ONCE);
    const connected = await Promise.all(group.map(({ token }) => connect(url, token)));
    await Promise.all(connected.map((socket, j) => subscribe(socket, group[j]!.streamId, expected)));
    sockets.push(...connected);
  }
  setInterval(() => reply({ type: 'count', received }), COUNT_EVERY_MS).unref();
  reply({ type: 'subscribed' });
}

function result(): SubscriberReport {
  const missingOf = (flags: Uint8Array) => flags.length - flags.reduce((n, flag) => n + flag, 0);
  const missing = seen.map(missingOf);
  return {
    type: 'result',
    latencies: latencies.slice(0, received),
    lastReceiptAt,
    incomplete: missing.filter((n) => n > 0).length,
    missing: missing.reduce((a, b) => a + b, 0),
    duplicates,
    disconnects,
  };
}

process.on('message', (command: SubscriberCommand) => {
  if (command.type === 'report') {
    reply(result());
    return;
  }
  start(command).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
process.on('disconnect', () => {
  for (const socket of sockets) socket.disconnect();
  process.exit(0);
});
