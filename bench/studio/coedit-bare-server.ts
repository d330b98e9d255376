import { createServer } from 'node:net';
import { Server } from '@hocuspocus/server';
import * as Y from 'yjs';
import { announce, stopOnSignal } from '../lib/server-child.ts';
import { onRequest, type CoeditMeasure, type CoeditTarget } from './coedit-protocol.ts';

/** Hocuspocus as it comes: no authentication, no persistence, documents only in memory. */
const port = await new Promise<number>((resolve, reject) => {
  const probe = createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const address = probe.address();
    probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
  });
});
const server = new Server({ quiet: true, stopOnSignals: false, address: '127.0.0.1' });
await server.listen(port);
stopOnSignal(() => server.destroy());

const documentName = 'bench-document';
onRequest(async () => {
  const document = server.hocuspocus.documents.get(documentName);
  announce({ type: 'measure', bytes: document ? Y.encodeStateAsUpdate(document).byteLength : 0, where: 'memory', appendedBytes: null } satisfies CoeditMeasure);
});
announce({ url: `ws://127.0.0.1:${String(port)}`, documentName, tokens: [null, null] } satisfies CoeditTarget);
