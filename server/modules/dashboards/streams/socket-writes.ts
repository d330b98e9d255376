import type { FastifyBaseLogger } from 'fastify';
import { socketPointBatchSchema } from '../../../../common/dashboards-streams.ts';
import { socketFailure } from '../../../platform/realtime/ack.ts';
import type { RealtimeNamespace } from '../../../platform/realtime/types.ts';
import type { IngestService } from './ingest.service.ts';

/**
 * Writing points over the /streams socket: the same checks and answer as the HTTP batch, for
 * clients that keep a connection open (browsers, gateways) instead of a request per batch.
 */
export function registerSocketWrites(nsp: RealtimeNamespace, ingest: IngestService, log: FastifyBaseLogger): void {
  nsp.on('connection', (socket) => {
    socket.on('stream:write', (payload, ack) => {
      const answer = typeof ack === 'function' ? ack : () => undefined;
      void (async () => {
        try {
          const { streamId, points } = socketPointBatchSchema.parse(payload);
          answer({ ok: true, ...(await ingest.writeJson(socket.data.actor, streamId, points)) });
        } catch (err) {
          answer(socketFailure(err, log));
        }
      })();
    });
  });
}
