import * as Y from 'yjs';
import type { Executor } from '../../../platform/db/index.ts';
import { appendUpdate, countUpdates, loadDocumentState, lockDocumentState, replaceState } from './repository.ts';

export interface PersistenceOptions {
  db: Executor & { transaction: <T>(run: (tx: Executor) => Promise<T>) => Promise<T> };
  /** Fold the appended updates into the stored state once there are this many. */
  compactAfterUpdates: number;
}

/**
 * Append-only persistence of Yjs updates with periodic compaction. Each node stores only the
 * updates its own clients (or its own server-side edits) made, so two nodes on one Redis never
 * store the same update twice; loading merges the stored state and the updates after it, and
 * returns exactly those bytes (never a fresh document's state, which would duplicate content).
 */
export function documentPersistence(options: PersistenceOptions) {
  const { db } = options;
  const pending = new Map<string, Uint8Array[]>();
  // Flushes, compactions and loads of one document run one after another on this node.
  const queues = new Map<string, Promise<unknown>>();

  function serialized<T>(documentId: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(documentId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    queues.set(documentId, next);
    void next.finally(() => {
      if (queues.get(documentId) === next) queues.delete(documentId);
    }).catch(() => undefined);
    return next;
  }

  async function compactNow(documentId: string): Promise<void> {
    await db.transaction(async (tx) => {
      const locked = await lockDocumentState(tx, documentId);
      if (!locked) return;
      const stored = await loadDocumentState(tx, documentId);
      const last = stored?.updates.at(-1);
      if (!stored || !last) return;
      const doc = new Y.Doc();
      if (stored.state) Y.applyUpdate(doc, stored.state);
      for (const { update } of stored.updates) Y.applyUpdate(doc, update);
      await replaceState(tx, documentId, Y.encodeStateAsUpdate(doc), last.id);
      doc.destroy();
    });
  }

  return {
    /** Keeps an update made on this node until the next flush. */
    record(documentId: string, update: Uint8Array): void {
      const list = pending.get(documentId);
      if (list) list.push(update);
      else pending.set(documentId, [update]);
    },

    hasPending: (documentId: string) => (pending.get(documentId)?.length ?? 0) > 0,

    /** Writes this node's pending updates as one merged row (answering its size); compacts when enough rows piled up. */
    flush(documentId: string): Promise<number> {
      return serialized(documentId, async () => {
        const updates = pending.get(documentId);
        if (!updates?.length) return 0;
        pending.delete(documentId);
        const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
        try {
          if (!(await appendUpdate(db, documentId, merged))) return 0;
        } catch (err) {
          // Keep them for the next flush rather than lose edits to a passing database error.
          pending.set(documentId, [merged, ...(pending.get(documentId) ?? [])]);
          throw err;
        }
        if ((await countUpdates(db, documentId)) >= options.compactAfterUpdates) await compactNow(documentId);
        return merged.byteLength;
      });
    },

    /** Writes every document's pending updates (at shutdown). */
    async flushAll(): Promise<number> {
      const written = await Promise.all([...pending.keys()].map((documentId) => this.flush(documentId)));
      return written.reduce((sum, bytes) => sum + bytes, 0);
    },

    compact: (documentId: string) => serialized(documentId, () => compactNow(documentId)),

    /** The stored document as one update, or undefined when nothing was ever stored (or the document is gone). */
    load(documentId: string): Promise<Uint8Array | undefined> {
      return serialized(documentId, async () => {
        const stored = await loadDocumentState(db, documentId);
        if (!stored) return undefined;
        const parts = [...(stored.state ? [stored.state] : []), ...stored.updates.map((row) => row.update)];
        if (parts.length === 0) return undefined;
        return parts.length === 1 ? parts[0] : Y.mergeUpdates(parts);
      });
    },

    /** Waits for this node's writes of a document to finish. */
    settled: (documentId: string) => serialized(documentId, async () => undefined),

    forget(documentId: string): void {
      pending.delete(documentId);
    },
  };
}

export type DocumentPersistence = ReturnType<typeof documentPersistence>;
