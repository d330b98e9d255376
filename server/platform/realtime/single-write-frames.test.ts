import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inMemoryAdapter, withSingleWriteFrames } from './single-write-frames.ts';

interface Encoder {
  _encode(packet: unknown, options: { wsPreEncodedFrame?: Buffer[] }): unknown;
}
const EVENT_PACKET = 2;

describe('broadcast frames written as one buffer', () => {
  const server = http.createServer();
  const io = new Server(server, { adapter: withSingleWriteFrames(inMemoryAdapter) });
  let url: string;
  const clients: ClientSocket[] = [];

  beforeAll(async () => {
    io.on('connection', (socket) => void socket.join('room'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
    for (let i = 0; i < 3; i++) {
      const client = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
      await new Promise<void>((resolve) => client.once('connect', () => resolve()));
      clients.push(client);
    }
    // The room join runs on the server's connection handler, after the client sees `connect`.
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await io.close();
  });

  it('encodes a text broadcast into a single WebSocket frame buffer with the same bytes', () => {
    const options: { wsPreEncodedFrame?: Buffer[] } = {};
    (io.of('/').adapter as unknown as Encoder)._encode({ type: EVENT_PACKET, nsp: '/', data: ['chat', { body: 'hi' }] }, options);
    expect(options.wsPreEncodedFrame).toHaveLength(1);
    const frame = options.wsPreEncodedFrame![0]!;
    const payload = '42["chat",{"body":"hi"}]';
    // FIN + text opcode, unmasked length, then the Engine.IO message packet.
    expect(frame[0]).toBe(0x81);
    expect(frame[1]).toBe(payload.length);
    expect(frame.subarray(2).toString()).toBe(payload);
  });

  it('leaves binary broadcasts, which the adapter sends in several parts without a pre-encoded frame, as they were', () => {
    const options: { wsPreEncodedFrame?: Buffer[] } = {};
    (io.of('/').adapter as unknown as Encoder)._encode({ type: EVENT_PACKET, nsp: '/', data: ['file', Buffer.from([1, 2, 3])] }, options);
    expect(options.wsPreEncodedFrame).toBeUndefined();
  });

  // 7-bit, 16-bit and 64-bit payload lengths give the frame a 2, 4 or 10-byte header.
  it.each([['short', 10], ['medium', 1_000], ['long', 70_000]])('delivers a %s broadcast intact to every socket in the room', async (_size, length) => {
    const body = 'é'.repeat(length);
    const received = clients.map((client) => new Promise((resolve) => client.once('chat', resolve)));
    io.to('room').emit('chat', { body });
    for (const payload of await Promise.all(received)) expect(payload).toEqual({ body });
  });

  it('still delivers binary broadcasts', async () => {
    const received = clients.map((client) => new Promise<Buffer>((resolve) => client.once('file', resolve)));
    io.to('room').emit('file', Buffer.from([1, 2, 3]));
    for (const payload of await Promise.all(received)) expect([...payload]).toEqual([1, 2, 3]);
  });
});
