import type { Socket as TcpSocket } from 'node:net';
import type { Server } from 'socket.io';

/** The parts of an Engine.IO socket this touches (they are not in its public typings). */
interface EngineSocket {
  flush(): void;
  writeBuffer: unknown[];
  transport: { name: string; socket?: { _socket?: TcpSocket } };
}

/**
 * A connection written to more than once in a turn of the event loop gets the later packets in
 * one system call.
 *
 * Engine.IO writes a packet to its connection the moment it is sent, so a socket receiving ten
 * broadcasts in a turn costs ten writes, and on a busy server the write is most of the cost of a
 * delivery (bench/studio/fanout.ts). Here the first write of a turn still goes out at once, so a
 * quiet server adds no delay; later packets for the same connection wait for the end of the
 * turn's I/O callbacks (`setImmediate`) and leave together, the TCP socket corked so their
 * WebSocket frames form one `writev`. The busier the server, the more packets share a write.
 * Per connection, packets keep their order: every write, acks included, takes this path.
 */
export function coalesceWritesPerTurn(io: Server): void {
  const writtenThisTurn = new Set<EngineSocket>();
  let deferred = new Map<EngineSocket, () => void>();
  let turnEndScheduled = false;

  const endTurn = () => {
    turnEndScheduled = false;
    writtenThisTurn.clear();
    const batch = deferred;
    deferred = new Map();
    for (const [socket, flushNow] of batch) {
      const tcp = socket.transport.name === 'websocket' ? socket.transport.socket?._socket : undefined;
      tcp?.cork();
      flushNow();
      tcp?.uncork();
    }
  };

  io.engine.on('connection', (socket: EngineSocket) => {
    const flushNow = socket.flush.bind(socket);
    socket.flush = () => {
      if (socket.writeBuffer.length === 0) return;
      if (!turnEndScheduled) {
        turnEndScheduled = true;
        setImmediate(endTurn);
      }
      if (writtenThisTurn.has(socket)) {
        deferred.set(socket, flushNow);
        return;
      }
      writtenThisTurn.add(socket);
      flushNow();
    };
  });
}
