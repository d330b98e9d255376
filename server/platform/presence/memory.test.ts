import { describePresenceConformance } from './conformance.ts';
import { createMemoryPresence } from './index.ts';

describePresenceConformance('memory', async () => {
  const store = createMemoryPresence({ connectionTtlMs: 300 });
  return { nodeA: store, nodeB: store, close: () => store.close() };
});
