import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PresenceStore } from './index.ts';

export interface PresenceUnderTest {
  /** Stores of two app nodes; the in-process implementation has one node, so both are the same store. */
  nodeA: PresenceStore;
  nodeB: PresenceStore;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour both presence implementations share; `start` builds stores with a 300 ms connection TTL. */
export function describePresenceConformance(name: string, start: () => Promise<PresenceUnderTest>): void {
  describe(`${name} presence conformance`, () => {
    let subject: PresenceUnderTest;
    beforeEach(async () => {
      subject = await start();
    });
    afterEach(() => subject.close());

    it('reports a person offline until a connection arrives, then online, then offline when it leaves', async () => {
      const { nodeA } = subject;
      expect(await nodeA.statuses(['ada'])).toEqual(new Map([['ada', 'offline']]));
      expect(await nodeA.set('ada', 'tab-1', 'online')).toEqual({ userId: 'ada', before: 'offline', after: 'online' });
      expect((await nodeA.statuses(['ada'])).get('ada')).toBe('online');
      expect(await nodeA.remove('ada', 'tab-1')).toEqual({ userId: 'ada', before: 'online', after: 'offline' });
      expect((await nodeA.statuses(['ada'])).get('ada')).toBe('offline');
    });

    it('keeps a person online while any tab is active and away once every tab is idle', async () => {
      const { nodeA, nodeB } = subject;
      await nodeA.set('ada', 'tab-1', 'online');
      expect(await nodeB.set('ada', 'tab-2', 'away')).toEqual({ userId: 'ada', before: 'online', after: 'online' });
      expect(await nodeA.set('ada', 'tab-1', 'away')).toEqual({ userId: 'ada', before: 'online', after: 'away' });
      expect(await nodeA.remove('ada', 'tab-1')).toEqual({ userId: 'ada', before: 'away', after: 'away' });
      expect((await nodeA.statuses(['ada'])).get('ada')).toBe('away');
      expect(await nodeB.remove('ada', 'tab-2')).toEqual({ userId: 'ada', before: 'away', after: 'offline' });
    });

    it('answers for several people at once and keeps them apart', async () => {
      const { nodeA, nodeB } = subject;
      await nodeA.set('ada', 'a-1', 'online');
      await nodeB.set('grace', 'g-1', 'away');
      expect(await nodeA.statuses(['ada', 'grace', 'linus'])).toEqual(
        new Map([
          ['ada', 'online'],
          ['grace', 'away'],
          ['linus', 'offline'],
        ]),
      );
    });

    it('keeps a live connection beyond its TTL because its node refreshes it', async () => {
      const { nodeA, nodeB } = subject;
      await nodeA.set('ada', 'tab-1', 'online');
      await sleep(800);
      expect((await nodeB.statuses(['ada'])).get('ada')).toBe('online');
    });

    it('removes a connection that was never set without changing anything', async () => {
      expect(await subject.nodeA.remove('ada', 'ghost')).toEqual({ userId: 'ada', before: 'offline', after: 'offline' });
    });
  });
}
