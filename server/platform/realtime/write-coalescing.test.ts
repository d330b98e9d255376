import http from 'node:http';
import type { AddressInfo, Socket as TcpSocket } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { coalesceWritesPerTurn } from './write-coalescing.ts';

const endOfTurn = () => new Promise((resolve) => setImmediate(resolve));

/** The server's TCP socket under a Socket.IO connection on the WebSocket transport. */
function tcpOf(socket: Socket): TcpSocket {
  return (socket.conn.transport as unknown as { socket: { _socket: TcpSocket } }).socket._socket;
}

/**
 * The writes reaching the TCP socket, each as the number of buffers it carries (`_write` takes
 * one, `_writev` several). A packet sent directly is a WebSocket frame of two buffers.
 */
function recordWrites(tcp: TcpSocket): number[] {
  const stream = tcp as unknown as { _write: (...args: unknown[]) => void; _writev: (chunks: unknown[], ...rest: unknown[]) => void };
  const writes: number[] = [];
  const write = stream._write.bind(stream);
  const writev = stream._writev.bind(stream);
  vi.spyOn(stream, '_write').mockImplementation((...args) => {
    writes.push(1);
    write(...args);
  });
  vi.spyOn(stream, '_writev').mockImplementation((chunks, ...rest) => {
    writes.push(chunks.length);
    writev(chunks, ...rest);
  });
  return writes;
}

function collect(client: ClientSocket, event: string, count: number): Promise<unknown[]> {
  const seen: unknown[] = [];
  return new Promise((resolve) => {
    client.on(event, (value: unknown) => {
      seen.push(value);
      if (seen.length === count) resolve(seen);
    });
  });
}

describe('writes coalesced per turn of the event loop', () => {
  const server = http.createServer();
  const io = new Server(server);
  const reported: unknown[] = [];
  coalesceWritesPerTurn(io, (err) => reported.push(err));
  let url: string;
  const clients: ClientSocket[] = [];

  async function connectPair(): Promise<{ client: ClientSocket; socket: Socket }> {
    const joined = new Promise<Socket>((resolve) => io.once('connection', resolve));
    const client = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    clients.push(client);
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    return { client, socket: await joined };
  }

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await io.close();
  });

  it('writes a packet at once while the server is quiet', async () => {
    const { client, socket } = await connectPair();
    const writes = recordWrites(tcpOf(socket));
    const received = collect(client, 'note', 1);
    socket.emit('note', 'now');
    expect(writes).toEqual([2]);
    expect(await received).toEqual(['now']);
  });

  it('sends the later packets of a busy turn in one gathered write, in order', async () => {
    const { client, socket } = await connectPair();
    const writes = recordWrites(tcpOf(socket));
    const received = collect(client, 'tick', 10);
    for (let i = 0; i < 10; i++) socket.emit('tick', i);
    expect(writes).toEqual([2]);

    await endOfTurn();
    expect(writes).toEqual([2, 18]);
    expect(await received).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('holds every packet back while the server is busy, and writes at once again after a quiet turn', async () => {
    const { client, socket } = await connectPair();
    const writes = recordWrites(tcpOf(socket));
    const received = collect(client, 'tick', 12);
    for (let i = 0; i < 10; i++) socket.emit('tick', i);
    await endOfTurn();
    expect(writes).toEqual([2, 18]);

    socket.emit('tick', 10);
    expect(writes).toEqual([2, 18]);
    await endOfTurn();
    expect(writes).toEqual([2, 18, 2]);

    await endOfTurn();
    socket.emit('tick', 11);
    expect(writes).toEqual([2, 18, 2, 2]);
    expect(await received).toEqual([...Array(12).keys()]);
  });

  it('keeps broadcasts and acknowledgements to each socket in the order they were sent', async () => {
    const pairs = [await connectPair(), await connectPair()];
    for (const { socket } of pairs) {
      void socket.join('room');
      socket.on('ping-me', (ack: (answer: string) => void) => {
        io.to('room').emit('order', 'broadcast before the ack');
        ack('ack');
        io.to('room').emit('order', 'broadcast after the ack');
      });
    }
    const [first, second] = pairs.map(({ client }) => client);
    const seenByFirst: string[] = [];
    first!.on('order', (value: string) => seenByFirst.push(value));
    const seenBySecond = collect(second!, 'order', 2);
    first!.emit('ping-me', (answer: string) => seenByFirst.push(answer));
    await vi.waitFor(() => expect(seenByFirst).toHaveLength(3));
    expect(seenByFirst).toEqual(['broadcast before the ack', 'ack', 'broadcast after the ack']);
    expect(await seenBySecond).toEqual(['broadcast before the ack', 'broadcast after the ack']);
  });

  it('delivers packets still waiting for the end of the turn before a disconnect closes the connection', async () => {
    const { client, socket } = await connectPair();
    const received = collect(client, 'bye', 3);
    const closed = new Promise((resolve) => client.once('disconnect', resolve));
    for (const part of ['one', 'two', 'three']) socket.emit('bye', part);
    socket.disconnect(true);
    expect(await received).toEqual(['one', 'two', 'three']);
    expect(await closed).toBe('io server disconnect');
  });

  it('reports a connection whose held-back packets fail to go out, and still flushes the others', async () => {
    const [broken, healthy] = [await connectPair(), await connectPair()];
    const failure = new Error('transport gone');
    const transport = broken.socket.conn.transport as unknown as { send: () => void };
    const send = vi.spyOn(transport, 'send');
    const received = collect(healthy.client, 'tick', 2);
    for (const { socket } of [broken, healthy]) socket.emit('tick', 1);
    send.mockImplementation(() => {
      throw failure;
    });
    for (const { socket } of [broken, healthy]) socket.emit('tick', 2);
    await endOfTurn();
    expect(reported).toEqual([failure]);
    expect(await received).toEqual([1, 2]);
    expect(tcpOf(broken.socket).writableCorked).toBe(0);
  });
});
