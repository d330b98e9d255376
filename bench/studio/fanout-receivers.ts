import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { FanoutTarget } from './fanout-protocol.ts';

/**
 * A share of the receiving connections, in its own process so the clients' decoding does not
 * become the bottleneck being measured. Each message body carries its send time (epoch ms); a
 * receipt's latency is its arrival time minus that.
 */
export type ReceiverCommand = { type: 'start'; target: FanoutTarget; tokens: string[]; event: string; join: string } | { type: 'reset' } | { type: 'report' };
export type ReceiverReport = { type: 'joined' } | { type: 'count'; received: number } | { type: 'latencies'; latencies: number[]; lastReceiptAt: number };

const now = () => performance.timeOrigin + performance.now();
const sockets: Socket[] = [];
let latencies: number[] = [];
let received = 0;
let lastReceiptAt = 0;
const reply = (message: ReceiverReport) => process.send?.(message);

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

/** The send time the sender wrote at the end of the body: `... @<epoch ms>`. */
const sentAtOf = (payload: unknown) => Number((payload as { body: string }).body.split('@').at(-1));

process.on('message', (command: ReceiverCommand) => {
  void (async () => {
    if (command.type === 'start') {
      for (let i = 0; i < command.tokens.length; i += 25) {
        sockets.push(...(await Promise.all(command.tokens.slice(i, i + 25).map((token) => connect(command.target, token)))));
      }
      const joinPayload = command.join === 'join' ? command.target.channelId : { channelId: command.target.channelId };
      await Promise.all(sockets.map((socket) => socket.emitWithAck(command.join, joinPayload)));
      for (const socket of sockets) {
        socket.on(command.event, (payload: unknown) => {
          const at = now();
          latencies.push(at - sentAtOf(payload));
          received += 1;
          lastReceiptAt = at;
        });
      }
      setInterval(() => reply({ type: 'count', received }), 20).unref();
      reply({ type: 'joined' });
    } else if (command.type === 'reset') {
      latencies = [];
      received = 0;
    } else {
      reply({ type: 'latencies', latencies, lastReceiptAt });
    }
  })();
});
process.on('disconnect', () => {
  for (const socket of sockets) socket.disconnect();
  process.exit(0);
});
