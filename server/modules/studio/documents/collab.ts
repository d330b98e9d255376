import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Redis as RedisExtension } from '@hocuspocus/extension-redis';
import { Hocuspocus, isTransactionOrigin, type Extension } from '@hocuspocus/server';
import type { Peer } from 'crossws';
import crossws from 'crossws/adapters/node';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { Counter, Gauge, type Registry } from 'prom-client';
import type * as Y from 'yjs';
import { COLLAB_PATH, collabDocumentName, documentLimits, presenceColor, type CollaboratorPresence } from '../../../../common/studio-documents.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Auth } from '../../../platform/auth/plugin.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { DocumentsService, LiveDocuments } from './documents.service.ts';

/** What a connection carries once `onAuthenticate` accepted it. */
export interface CollabContext {
  actor: Actor;
  documentId: string;
  user: CollaboratorPresence;
}

export interface CollabOptions {
  auth: Auth;
  documents: DocumentsService;
  log: FastifyBaseLogger;
  registry: Registry;
  /** With Redis, the Hocuspocus Redis extension lets several nodes serve one document. */
  redis?: { url: string; keyPrefix: string };
  /** Milliseconds of quiet before edits are written (Hocuspocus `debounce`); tests shorten it. */
  storeDebounceMs?: number;
}

/**
 * The Redis extension takes a lock around every store so that two nodes never write a whole
 * document state over each other. Our storage appends only the updates a node's own clients
 * made, so there is nothing to race, and waiting on the lock would only delay (or skip) a flush.
 */
class RedisSync extends RedisExtension {
  override async onStoreDocument(): Promise<void> {
    // Deliberately empty: see the class comment.
  }
}

const DOCUMENT_NAME = /^doc:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
export const documentIdOf = (name: string): string | undefined => DOCUMENT_NAME.exec(name)?.[1];

/**
 * A refusal sent to the client as the permission-denied reason. It has no message on purpose:
 * Hocuspocus prints the message of every failing hook to the console, and a refused viewer or
 * an expired token is not an error of the server.
 */
class CollabRefusal extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super('');
    this.reason = reason;
  }
}

/**
 * Hocuspocus on the app's own HTTP server at /collab: the platform credential is checked in
 * `onAuthenticate`, viewers connect read-only, updates are stored in PostgreSQL, and awareness
 * carries each person's name and colour as the server knows them.
 */
export function createCollabServer(options: CollabOptions) {
  const { auth, documents, log } = options;
  const { persistence } = documents;

  const metrics = {
    stored: new Counter({ name: 'fluxworks_collab_stored_bytes_total', help: 'Bytes of Yjs updates written to the database', registers: [options.registry] }),
    refused: new Counter({
      name: 'fluxworks_collab_refused_connections_total',
      help: 'Document connections refused at authentication, by reason',
      labelNames: ['reason'] as const,
      registers: [options.registry],
    }),
  };

  const storage: Extension = {
    extensionName: 'fluxworks-documents',

    async onAuthenticate({ token, documentName, connectionConfig }): Promise<CollabContext> {
      const documentId = documentIdOf(documentName);
      if (!documentId) throw refuse('unknown-document');
      const actor = token ? await auth.resolve(token) : undefined;
      if (!actor) throw refuse('unauthenticated');
      try {
        const { canWrite, user } = await documents.authorizeCollaboration(actor, documentId);
        connectionConfig.readOnly = !canWrite;
        log.debug({ documentId, userId: actor.userId, readOnly: !canWrite }, 'document connection accepted');
        return { actor, documentId, user: { id: actor.userId, name: user?.displayName ?? 'Someone', color: presenceColor(actor.userId) } };
      } catch (err) {
        if (err instanceof AppError) throw refuse(err.code);
        throw err;
      }
    },

    async onLoadDocument({ documentName }) {
      const documentId = documentIdOf(documentName);
      return documentId ? persistence.load(documentId) : undefined;
    },

    async onChange({ documentName, update, transactionOrigin }) {
      // Another node received this edit from its client and stores it; storing it here too would duplicate it.
      if (isTransactionOrigin(transactionOrigin) && transactionOrigin.source === 'redis') return;
      const documentId = documentIdOf(documentName);
      if (documentId) persistence.record(documentId, update);
    },

    async onStoreDocument({ documentName }) {
      await flush(documentName);
    },

    async beforeUnloadDocument({ documentName }) {
      await flush(documentName);
    },

    async afterUnloadDocument({ documentName }) {
      const documentId = documentIdOf(documentName);
      if (documentId) await persistence.compact(documentId).catch((err: unknown) => log.error({ err, documentId }, 'document compaction failed'));
    },

    async beforeHandleAwareness({ states, context }) {
      const user = (context as CollabContext | undefined)?.user;
      if (!user) return;
      for (const state of states.values()) {
        // Names and colours come from the account, never from what a client claims.
        state.user = user;
      }
    },
  };

  async function flush(documentName: string): Promise<void> {
    const documentId = documentIdOf(documentName);
    if (!documentId) return;
    try {
      metrics.stored.inc(await persistence.flush(documentId));
    } catch (err) {
      log.error({ err, documentId }, 'storing document updates failed; they stay in memory for the next try');
      throw err;
    }
  }

  const refuse = (reason: string) => {
    metrics.refused.inc({ reason });
    return new CollabRefusal(reason);
  };

  const extensions: Extension[] = [storage];
  const redisClients: Redis[] = [];
  if (options.redis) {
    const { url, keyPrefix } = options.redis;
    extensions.unshift(
      new RedisSync({
        prefix: `${keyPrefix}hocuspocus`,
        createClient: () => {
          const client = new Redis(url, { maxRetriesPerRequest: 3 });
          client.on('error', (err) => log.error({ err }, 'collaboration redis connection error'));
          redisClients.push(client);
          // The extension is typed against its own ioredis release; the client API it uses is the same.
          return client as never;
        },
      }),
    );
  }

  const hocuspocus = new Hocuspocus<CollabContext>({
    name: 'fluxworks',
    quiet: true,
    debounce: options.storeDebounceMs ?? 1_000,
    maxDebounce: 5_000,
    extensions,
  });

  new Gauge({
    name: 'fluxworks_collab_connections',
    help: 'Open document connections on this node',
    registers: [options.registry],
    collect() {
      this.set(hocuspocus.getConnectionsCount());
    },
  });
  new Gauge({
    name: 'fluxworks_collab_documents',
    help: 'Documents loaded in memory on this node',
    registers: [options.registry],
    collect() {
      this.set(hocuspocus.getDocumentsCount());
    },
  });

  const connections = new WeakMap<Peer, ReturnType<Hocuspocus['handleConnection']>>();
  const websockets = crossws({
    serverOptions: { maxPayload: documentLimits.maxMessageBytes },
    hooks: {
      open(peer) {
        connections.set(peer, hocuspocus.handleConnection(peer.websocket as WebSocket, peer.request));
      },
      message(peer, message) {
        connections.get(peer)?.handleMessage(message.uint8Array());
      },
      close(peer, event) {
        connections.get(peer)?.handleClose({ code: event.code ?? 1000, reason: event.reason ?? '' });
        connections.delete(peer);
      },
      error(peer, error) {
        log.warn({ err: error, peer: peer.id }, 'document websocket error');
      },
    },
  });

  const live: LiveDocuments = {
    async use<T>(documentId: string, work: (doc: Y.Doc) => T, { write = false } = {}) {
      const connection = await hocuspocus.openDirectConnection(collabDocumentName(documentId));
      try {
        let result: T | undefined;
        if (write) {
          await connection.transact((doc) => {
            result = work(doc);
          });
        } else {
          result = work(connection.document!);
        }
        return result as T;
      } finally {
        await connection.disconnect();
      }
    },
    close(documentId) {
      hocuspocus.closeConnections(collabDocumentName(documentId));
    },
  };
  documents.useLiveDocuments(live);

  return {
    hocuspocus,

    /** Takes the upgrade when it is for /collab; answers false for any other path. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      if (pathname !== COLLAB_PATH) return false;
      websockets.handleUpgrade(req, socket, head).catch((err: unknown) => {
        log.warn({ err }, 'document websocket upgrade failed');
        socket.destroy();
      });
      return true;
    },

    /** Closes every connection; the HTTP server cannot close while upgraded sockets stay open. */
    disconnectAll(): void {
      hocuspocus.closeConnections();
      websockets.closeAll(1001, 'server shutting down', true);
    },

    /** Writes what is still in memory and lets go of Redis. */
    async close(): Promise<void> {
      hocuspocus.closeConnections();
      hocuspocus.flushPendingStores();
      const deadline = Date.now() + 10_000;
      while ((hocuspocus.getDocumentsCount() > 0 || hocuspocus.unloadingDocuments.size > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await persistence
        .flushAll()
        .then((bytes) => metrics.stored.inc(bytes))
        .catch((err: unknown) => log.error({ err }, 'storing document updates at shutdown failed'));
      await hocuspocus.hooks('onDestroy', { instance: hocuspocus });
      await Promise.all(redisClients.map((client) => client.quit().catch(() => undefined)));
    },
  };
}

export type CollabServer = ReturnType<typeof createCollabServer>;
