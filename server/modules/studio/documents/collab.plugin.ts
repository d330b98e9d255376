import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createCollabServer, type CollabServer } from './collab.ts';
import type { DocumentsService } from './documents.service.ts';

/** Serves live documents at /collab on the app's HTTP server, and closes them with the app. */
export function registerCollaboration(app: FastifyInstance, documents: DocumentsService): CollabServer {
  const { redis } = app.config;
  const collab = createCollabServer({
    auth: app.auth,
    documents,
    log: app.log.child({ module: 'documents' }),
    registry: app.metrics.registry,
    redis: redis.url ? { url: redis.url, keyPrefix: redis.keyPrefix } : undefined,
  });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => void collab.handleUpgrade(req, socket, head);
  app.server.on('upgrade', onUpgrade);
  app.addHook('preClose', async () => {
    collab.disconnectAll();
  });
  app.addHook('onClose', async () => {
    app.server.off('upgrade', onUpgrade);
    await collab.close();
  });
  return collab;
}
