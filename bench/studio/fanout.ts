import { fork } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { createPostgresDatabase } from '../../test/support/backend.ts';
import { cpuSecondsOf, median } from '../lib/measure.ts';
import { startServer, stopServer } from '../lib/server-parent.ts';
import type { FanoutTarget } from './fanout-protocol.ts';
import type { ReceiverCommand, ReceiverReport } from './fanout-receivers.ts';

/**
 * Message fan-out: `receivers` socket.io-client connections in one channel and one sender.
 * The same load runs against the real app (auth, policy, storage before broadcast) and against a
 * bare Socket.IO broadcast server, each in its own process; the sender runs here and the
 * receiving connections in `processes` worker processes.
 *   latency:    `paced` messages at `rate`/s; time from send to each receipt (p50, p99)
 *   throughput: `burst` messages with up to `window` unacknowledged; receipts per second, and the
 *               CPU time per delivery (user + system, from /proc) of the server and of the
 *               receiving processes
 * Both servers stay up while the throughput bursts alternate between them `rounds` times, every
 * other round in reverse order, so that the ratio compares bursts seconds apart rather than runs
 * minutes apart; medians are printed.
 * `--postgres` stores the messages in a fresh PostgreSQL database instead of embedded PGlite;
 * `--cpu-prof` writes a CPU profile of the Fluxworks server. `--bare-coalesced` gives the bare server
 * the platform's write coalescing (server/platform/realtime/write-coalescing.ts), to compare
 * against the transport as Fluxworks uses it rather than as Socket.IO ships.
 */
const { values: flags } = parseArgs({
  options: {
    receivers: { type: 'string', default: '500' },
    'cpu-prof': { type: 'boolean', default: false },
    postgres: { type: 'boolean', default: false },
    'bare-coalesced': { type: 'boolean', default: false },
    paced: { type: 'string', default: '200' },
    rate: { type: 'string', default: '10' },
    burst: { type: 'string', default: '400' },
    window: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
    processes: { type: 'string', default: String(Math.max(1, Math.min(4, os.availableParallelism() - 1))) },
  },
});
const receivers = Number(flags.receivers);
const paced = Number(flags.paced);
const rate = Number(flags.rate);
const burst = Number(flags.burst);
const windowSize = Number(flags.window);
const receiverProcesses = Number(flags.processes);
const rounds = Number(flags.rounds);
const now = () => performance.timeOrigin + performance.now();
const here = path.dirname(fileURLToPath(import.meta.url));

interface Burst {
  deliveriesPerSecond: number;
  messagesPerSecond: number;
  /** Server CPU time (user + system) per delivery, in microseconds; NaN without /proc. */
  cpuMicrosPerDelivery: number;
  /** The same for the receiving processes, which share the machine with the server. */
  receiverCpuMicrosPerDelivery: number;
}

interface Adapter {
  /** The event a socket joins the channel with. */
  joinEvent: string;
  join(socket: Socket, target: FanoutTarget): Promise<void>;
  /** Sends one message whose body ends with `@<sentAt>` (epoch ms), resolving on the server's ack. */
  send(socket: Socket, target: FanoutTarget, clientId: string, sentAt: number): Promise<void>;
  /** The event carrying a message to receivers. */
  event: string;
}

const fluxworks: Adapter = {
  joinEvent: 'chat:join',
  async join(socket, target) {
    const result = (await socket.emitWithAck('chat:join', { channelId: target.channelId })) as { ok: boolean };
    if (!result.ok) throw new Error(`chat:join refused: ${JSON.stringify(result)}`);
  },
  async send(socket, target, clientId, sentAt) {
    const result = (await socket.emitWithAck('chat:send', { channelId: target.channelId, clientId, body: `Fan-out message ${clientId} @${String(sentAt)}` })) as { ok: boolean };
    if (!result.ok) throw new Error(`chat:send refused: ${JSON.stringify(result)}`);
  },
  event: 'chat:message',
};

const bare: Adapter = {
  joinEvent: 'join',
  async join(socket, target) {
    await socket.emitWithAck('join', target.channelId);
  },
  async send(socket, target, clientId, sentAt) {
    await socket.emitWithAck('send', { room: target.channelId, clientId, body: `Fan-out message ${clientId} @${String(sentAt)}` });
  },
  event: 'message',
};

function connect(target: FanoutTarget, token: string): Promise<Socket> {
  const socket = io(`${target.url}${target.namespace === '/' ? '' : target.namespace}`, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Receiving connections split over worker processes, counted and timed there. */
async function startReceivers(target: FanoutTarget, adapter: Adapter) {
  const shares = Array.from({ length: receiverProcesses }, (_, i) => target.receiverTokens.filter((_, j) => j % receiverProcesses === i));
  const workers = shares.map(() => fork(path.join(here, 'fanout-receivers.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const counts = workers.map(() => 0);
  workers.forEach((worker, i) =>
    worker.on('message', (report: ReceiverReport) => {
      if (report.type === 'count') counts[i] = report.received;
    }),
  );
  await Promise.all(
    workers.map(async (worker, i) => {
      const joined = once(worker, 'message');
      worker.send({ type: 'start', target, tokens: shares[i]!, event: adapter.event, join: adapter.joinEvent } satisfies ReceiverCommand);
      await joined;
    }),
  );
  return {
    received: () => counts.reduce((a, b) => a + b, 0),
    cpuSeconds: () => workers.reduce((sum, worker) => sum + cpuSecondsOf(worker.pid), 0),
    reset() {
      counts.fill(0);
      for (const worker of workers) worker.send({ type: 'reset' } satisfies ReceiverCommand);
    },
    async collect(): Promise<{ latencies: number[]; lastReceiptAt: number }> {
      const reports = await Promise.all(
        workers.map(
          (worker) =>
            new Promise<Extract<ReceiverReport, { type: 'latencies' }>>((resolve) => {
              const listener = (report: ReceiverReport) => {
                if (report.type !== 'latencies') return;
                worker.off('message', listener);
                resolve(report);
              };
              worker.on('message', listener);
              worker.send({ type: 'report' } satisfies ReceiverCommand);
            }),
        ),
      );
      return { latencies: reports.flatMap((r) => r.latencies), lastReceiptAt: Math.max(...reports.map((r) => r.lastReceiptAt)) };
    },
    stop() {
      for (const worker of workers) worker.disconnect();
    },
  };
}

/** A server with its receivers joined and its sender warmed up, ready to be measured. */
async function setUp(name: string, file: string, adapter: Adapter, args: string[]) {
  const { child, target } = await startServer<FanoutTarget>(path.join(here, file), {
    args: [String(receivers), ...args],
    cpuProfile: flags['cpu-prof'] && file.startsWith('fluxworks'),
  });
  let group: Awaited<ReturnType<typeof startReceivers>> | undefined;
  try {
    group = await startReceivers(target, adapter);
    const receiving = group;
    const sender = await connect(target, target.senderToken);
    await adapter.join(sender, target);
    const connections = target.receiverTokens.length;
    let sent = 0;
    const send = () => adapter.send(sender, target, `m-${String(sent++)}`, now());
    const everyoneHas = async (expected: number) => {
      const deadline = Date.now() + 180_000;
      while (receiving.received() < expected) {
        if (Date.now() > deadline) throw new Error(`${name}: only ${String(receiving.received())} of ${String(expected)} deliveries arrived`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    // Warm-up: JIT, connection pools and caches settle before anything is measured.
    for (let i = 0; i < 20; i++) await send();
    await everyoneHas(20 * connections);

    return {
      name,
      /** `paced` messages at `rate`/s; every receipt's latency, sorted. */
      async latencies(): Promise<number[]> {
        receiving.reset();
        const interval = 1000 / rate;
        const pacedStart = performance.now();
        for (let i = 0; i < paced; i++) {
          const wait = pacedStart + i * interval - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          void send();
        }
        await everyoneHas(paced * connections);
        return (await receiving.collect()).latencies.sort((a, b) => a - b);
      },
      /** `burst` messages with `window` in flight, until every receiver has them all. */
      async burst(): Promise<Burst> {
        receiving.reset();
        const cpuBefore = cpuSecondsOf(child.pid);
        const receiverCpuBefore = receiving.cpuSeconds();
        const burstStart = now();
        let left = burst;
        const lane = async () => {
          while (left-- > 0) await send();
        };
        await Promise.all(Array.from({ length: windowSize }, lane));
        await everyoneHas(burst * connections);
        const seconds = ((await receiving.collect()).lastReceiptAt - burstStart) / 1000;
        const perDelivery = (cpuSeconds: number) => (cpuSeconds * 1e6) / (burst * connections);
        return {
          deliveriesPerSecond: (burst * connections) / seconds,
          messagesPerSecond: burst / seconds,
          cpuMicrosPerDelivery: perDelivery(cpuSecondsOf(child.pid) - cpuBefore),
          receiverCpuMicrosPerDelivery: perDelivery(receiving.cpuSeconds() - receiverCpuBefore),
        };
      },
      async stop() {
        sender.disconnect();
        receiving.stop();
        await stopServer(child);
      },
    };
  } catch (err) {
    group?.stop();
    await stopServer(child);
    throw err;
  }
}
type Target = Awaited<ReturnType<typeof setUp>>;

// With --postgres the app stores messages in a fresh PostgreSQL database instead of embedded PGlite.
const database = flags.postgres ? await createPostgresDatabase('fw_bench') : undefined;
console.log(
  `Fan-out to ${String(receivers)} connections: ${String(paced)} messages at ${String(rate)}/s for latency, ` +
    `${String(burst)} with ${String(windowSize)} in flight for throughput, ${String(rounds)} alternating rounds`,
);
const targets: Target[] = [];
const latencies = new Map<Target, number[]>();
const bursts = new Map<Target, Burst[]>();
try {
  const storage = database ? 'PostgreSQL' : 'PGlite';
  targets.push(await setUp(`Fluxworks /messaging (auth, policy, stored in ${storage} before broadcast)`, 'fluxworks-chat-server.ts', fluxworks, database ? [database.url] : []));
  targets.push(
    flags['bare-coalesced']
      ? await setUp('bare Socket.IO broadcast, writes coalesced as in Fluxworks', 'bare-broadcast-server.ts', bare, ['--coalesce'])
      : await setUp('bare Socket.IO broadcast', 'bare-broadcast-server.ts', bare, []),
  );
  for (const target of targets) {
    latencies.set(target, await target.latencies());
    bursts.set(target, []);
  }
  for (let round = 0; round < rounds; round++) {
    for (const target of round % 2 ? [...targets].reverse() : targets) bursts.get(target)!.push(await target.burst());
  }
} finally {
  for (const target of targets) await target.stop();
  await database?.drop();
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
console.table(
  Object.fromEntries(
    targets.map((target) => {
      const sorted = latencies.get(target)!;
      const measured = bursts.get(target)!;
      return [
        target.name,
        {
          'p50 latency': ms(percentile(sorted, 50)),
          'p99 latency': ms(percentile(sorted, 99)),
          'max latency': ms(sorted.at(-1) ?? Number.NaN),
          'deliveries/s': Math.round(median(measured.map((b) => b.deliveriesPerSecond))),
          'messages/s': Math.round(median(measured.map((b) => b.messagesPerSecond))),
          'server CPU µs/delivery': median(measured.map((b) => b.cpuMicrosPerDelivery)).toFixed(1),
          'receivers CPU µs/delivery': median(measured.map((b) => b.receiverCpuMicrosPerDelivery)).toFixed(1),
        },
      ];
    }),
  ),
);
const [app, transport] = targets.map((target) => bursts.get(target)!) as [Burst[], Burst[]];
const ratios = app.map((b, i) => b.deliveriesPerSecond / transport[i]!.deliveriesPerSecond);
const cpuRatio = median(app.map((b, i) => transport[i]!.cpuMicrosPerDelivery / b.cpuMicrosPerDelivery));
const percent = (value: number) => `${(value * 100).toFixed(0)}%`;
console.log(`Fluxworks throughput is ${percent(median(ratios))} of the bare server's (target ≥ 60%); p99 ${ms(percentile(latencies.get(targets[0]!)!, 99))} (target < 50 ms).`);
const micros = (measured: Burst[]) => measured.map((b) => b.cpuMicrosPerDelivery.toFixed(1)).join(' ');
console.log(`Per round: ${ratios.map(percent).join(' ')}; server CPU µs per delivery, Fluxworks ${micros(app)}, bare ${micros(transport)}.`);
console.log(`The bare server's CPU per delivery is ${percent(cpuRatio)} of Fluxworks'.`);
