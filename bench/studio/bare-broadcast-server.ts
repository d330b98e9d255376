import http from 'node:http';
import { Server } from 'socket.io';
import { coalesceWritesPerTurn } from '../../server/platform/realtime/write-coalescing.ts';
import { announce, portOf, stopOnSignal } from '../lib/server-child.ts';
import type { FanoutTarget } from './fanout-protocol.ts';

/**
 * The transport's own limit: Socket.IO broadcasting to a room with no authentication, no
 * validation and no storage. A `send` is acked and broadcast to everyone in the room. With
 * `--coalesce`, its writes are coalesced as the platform's are.
 */
const receivers = Number(process.argv[2] ?? 500);
const server = http.createServer();
const io = new Server(server, { path: '/socket.io', serveClient: false });
if (process.argv.includes('--coalesce')) coalesceWritesPerTurn(io, (err) => console.error(err));
io.on('connection', (socket) => {
  socket.on('join', (room: string, ack: () => void) => {
    void socket.join(room);
    ack();
  });
  socket.on('send', (payload: { room: string; body: string; clientId: string }, ack: (result: { ok: true }) => void) => {
    io.to(payload.room).emit('message', { body: payload.body, clientId: payload.clientId });
    ack({ ok: true });
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
stopOnSignal(async () => {
  io.disconnectSockets(true);
  await io.close();
});
announce({
  url: `http://127.0.0.1:${String(portOf(server.address()))}`,
  namespace: '/',
  channelId: 'bench-room',
  receiverTokens: Array.from({ length: receivers }, () => ''),
  senderToken: '',
} satisfies FanoutTarget);
