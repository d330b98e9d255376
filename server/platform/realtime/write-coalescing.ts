import type { Socket as TcpSocket } from 'node:net';
import type { Server } from 'socket.io';

/** The parts of an Engine.IO socket this touches (they are not in its public typings). */
interface EngineSocket {
  flush(): void;
  writeBuffer: unknown[];
  transport: { name: string; socket?: { _socket?: TcpSocket } };
}

/**
 * Packets for one connection that pile up while the server is busy leave in one system call.
 *
 * Engine.IO writes a packet to its connection the moment it is sent, so a socket in a channel
 * receiving ten messages in a turn of the event loop costs ten writes, and on a busy server the
 * write is most of the cost of a delivery (bench/studio/fanout.ts). Here:
 * - While the server is quiet, a connection's first packet of a turn goes out at once: no delay.
 * - Its later packets in that turn wait for the end of the turn's I/O callbacks (`setImmediate`).
 * - A turn that had to hold packets back marks the server busy; until a turn passes with nothing
 *   held back, every packet waits for the end of its turn.
 * Held-back packets leave with the connection's TCP socket corked, so their WebSocket frames form
 * one `writev`: the busier the server, the more packets share a write. Every write, acks
 * included, takes this path, so a connection's packets keep their order. A connection whose
 * flush throws is reported to `onError` and the others are still flushed.
 */
export function coalesceWritesPerTurn(io: Server, onError: (err: unknown) => void): void {
  const writtenThisTurn = new Set<EngineSocket>();
  let heldBack = new Map<EngineSocket, () => void>();
  let busy = false;
  let turnEndScheduled = false;

  const scheduleTurnEnd = () => {
    if (turnEndScheduled) return;
    turnEndScheduled = true;
    setImmediate(endTurn);
  };

  function endTurn() {
    turnEndScheduled = false;
    writtenThisTurn.clear();
    const batch = heldBack;
    heldBack = new Map();
    busy = batch.size > 0;
    if (busy) scheduleTurnEnd();
    for (const [socket, flushNow] of batch) {
      const tcp = socket.transport.name === 'websocket' ? socket.transport.socket?._socket : undefined;
      tcp?.cork();
      try {
        flushNow();
      } catch (err) {
        onError(err);
      } finally {
        tcp?.uncork();
      }
    }
  }

  io.engine.on('connection', (socket: EngineSocket) => {
    const flushNow = socket.flush.bind(socket);
    socket.flush = () => {
      if (socket.writeBuffer.length === 0) return;
      scheduleTurnEnd();
      if (busy || writtenThisTurn.has(socket)) {
        heldBack.set(socket, flushNow);
        return;
      }
      writtenThisTurn.add(socket);
      flushNow();
    };
  });
}
