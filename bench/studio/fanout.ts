import { fork } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { createPostgresDatabase } from '../../test/support/backend.ts';
import { startServer, stopServer } from '../lib/server-parent.ts';
import type { FanoutTarget } from './fanout-protocol.ts';
import type { ReceiverCommand, ReceiverReport } from './fanout-receivers.ts';

/**
 * Message fan-out: `receivers` socket.io-client connections in one channel and one sender.
 * The same load runs against the real app (auth, policy, storage before broadcast) and against a
 * bare Socket.IO broadcast server, each in its own process; the sender runs here and the
 * receiving connections in `processes` worker processes.
 *   latency:    `paced` messages at `rate`/s; time from send to each receipt (p50, p99)
 *   throughput: `burst` messages with up to `window` unacknowledged; receipts per second
 * `--postgres` stores the messages in a fresh PostgreSQL database instead of embedded PGlite;
 * `--cpu-prof` writes a CPU profile of the Fluxworks server.
 */
const { values: flags } = parseArgs({
  options: {
    receivers: { type: 'string', default: '500' },
    'cpu-prof': { type: 'boolean', default: false },
    postgres: { type: 'boolean', default: false },
    paced: { type: 'string', default: '200' },
    rate: { type: 'string', default: '10' },
    burst: { type: 'string', default: '400' },
    window: { type: 'string', default: '16' },
    processes: { type: 'string', default: String(Math.max(1, Math.min(4, os.availableParallelism() - 1))) },
  },
});
const receivers = Number(flags.receivers);
const paced = Number(flags.paced);
const rate = Number(flags.rate);
const burst = Number(flags.burst);
const windowSize = Number(flags.window);
const receiverProcesses = Number(flags.processes);
const now = () => performance.timeOrigin + performance.now();
const here = path.dirname(fileURLToPath(import.meta.url));

interface Result {
  name: string;
  p50: number;
  p99: number;
  max: number;
  deliveriesPerSecond: number;
  messagesPerSecond: number;
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

async function run(name: string, file: string, adapter: Adapter): Promise<Result> {
  const { child, target } = await startServer<FanoutTarget>(path.join(here, file), {
    args: [String(receivers), ...(database ? [database.url] : [])],
    cpuProfile: flags['cpu-prof'] && file.startsWith('fluxworks'),
  });
  let receiversUp: Awaited<ReturnType<typeof startReceivers>> | undefined;
  try {
    const group = await startReceivers(target, adapter);
    receiversUp = group;
    const sender = await connect(target, target.senderToken);
    await adapter.join(sender, target);
    const connections = target.receiverTokens.length;
    const send = (clientId: string) => adapter.send(sender, target, clientId, now());
    const everyoneHas = async (expected: number) => {
      const deadline = Date.now() + 180_000;
      while (group.received() < expected) {
        if (Date.now() > deadline) throw new Error(`${name}: only ${String(group.received())} of ${String(expected)} deliveries arrived`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    // Warm-up: JIT, connection pools and caches settle before anything is measured.
    for (let i = 0; i < 20; i++) await send(`warm-${String(i)}`);
    await everyoneHas(20 * connections);

    group.reset();
    const interval = 1000 / rate;
    const pacedStart = performance.now();
    for (let i = 0; i < paced; i++) {
      const wait = pacedStart + i * interval - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      void send(`paced-${String(i)}`);
    }
    await everyoneHas(paced * connections);
    const sorted = (await group.collect()).latencies.sort((a, b) => a - b);

    group.reset();
    const burstStart = now();
    let next = 0;
    const lane = async () => {
      while (next < burst) await send(`burst-${String(next++)}`);
    };
    await Promise.all(Array.from({ length: windowSize }, lane));
    await everyoneHas(burst * connections);
    const seconds = ((await group.collect()).lastReceiptAt - burstStart) / 1000;
    sender.disconnect();
    return {
      name,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? Number.NaN,
      deliveriesPerSecond: (burst * connections) / seconds,
      messagesPerSecond: burst / seconds,
    };
  } finally {
    receiversUp?.stop();
    await stopServer(child);
  }
}

// With --postgres the app stores messages in a fresh PostgreSQL database instead of embedded PGlite.
const database = flags.postgres ? await createPostgresDatabase('fw_bench') : undefined;
console.log(`Fan-out to ${String(receivers)} connections: ${String(paced)} messages at ${String(rate)}/s for latency, ${String(burst)} with ${String(windowSize)} in flight for throughput`);
const results = await (async () => {
  try {
    const storage = database ? 'PostgreSQL' : 'PGlite';
    return [await run(`Fluxworks /messaging (auth, policy, stored in ${storage} before broadcast)`, 'fluxworks-chat-server.ts', fluxworks), await run('bare Socket.IO broadcast', 'bare-broadcast-server.ts', bare)];
  } finally {
    await database?.drop();
  }
})();
const ms = (value: number) => `${value.toFixed(1)} ms`;
console.table(
  Object.fromEntries(
    results.map((r) => [
      r.name,
      { 'p50 latency': ms(r.p50), 'p99 latency': ms(r.p99), 'max latency': ms(r.max), 'deliveries/s': Math.round(r.deliveriesPerSecond), 'messages/s': Math.round(r.messagesPerSecond) },
    ]),
  ),
);
const [app, transport] = results as [Result, Result];
const ratio = app.deliveriesPerSecond / transport.deliveriesPerSecond;
console.log(`Fluxworks throughput is ${(ratio * 100).toFixed(0)}% of the bare server's (target ≥ 60%); p99 ${ms(app.p99)} (target < 50 ms).`);
