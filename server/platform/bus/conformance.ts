import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEventName, DomainEvents } from '../../../common/events.ts';
import type { Bus } from './index.ts';

export interface BusUnderTest {
  bus: Bus;
  /** What the bus reported about failing subscribers. */
  errors: { err: unknown; event: string }[];
  close(): Promise<void>;
}

/** Collects one event's payloads and lets a test await the next one. */
export function collect<K extends DomainEventName>(bus: Bus, name: K) {
  const payloads: DomainEvents[K][] = [];
  const waiters: ((payload: DomainEvents[K]) => void)[] = [];
  const unsubscribe = bus.subscribe(name, (payload) => {
    payloads.push(payload);
    waiters.shift()?.(payload);
  });
  return {
    payloads,
    unsubscribe,
    next(timeoutMs = 2_000): Promise<DomainEvents[K]> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${name} event within ${timeoutMs} ms`)), timeoutMs);
        waiters.push((payload) => {
          clearTimeout(timer);
          resolve(payload);
        });
      });
    },
  };
}

/** The behaviour both bus implementations share. */
export function describeBusConformance(name: string, start: () => Promise<BusUnderTest>): void {
  describe(`${name} bus conformance`, () => {
    let subject: BusUnderTest;
    beforeEach(async () => {
      subject = await start();
    });
    afterEach(() => subject.close());

    it('delivers a published event to every subscriber', async () => {
      const first = collect(subject.bus, 'user.registered');
      const second = collect(subject.bus, 'user.registered');
      const [a, b] = [first.next(), second.next()];
      await subject.bus.publish('user.registered', { userId: 'u1', email: 'a@example.test' });
      expect(await a).toEqual({ userId: 'u1', email: 'a@example.test' });
      expect(await b).toEqual({ userId: 'u1', email: 'a@example.test' });
    });

    it('delivers events only to subscribers of that event name', async () => {
      const registered = collect(subject.bus, 'user.registered');
      const created = collect(subject.bus, 'organization.created');
      const next = created.next();
      await subject.bus.publish('organization.created', { orgId: 'o1', ownerId: 'u1' });
      await next;
      expect(registered.payloads).toEqual([]);
    });

    it('stops delivering to a subscriber after it unsubscribes', async () => {
      const removed = collect(subject.bus, 'session.revoked');
      const kept = collect(subject.bus, 'session.revoked');
      removed.unsubscribe();
      const next = kept.next();
      await subject.bus.publish('session.revoked', { sessionId: 's1', userId: 'u1' });
      await next;
      expect(removed.payloads).toEqual([]);
      expect(kept.payloads).toHaveLength(1);
    });

    it('keeps delivering to other subscribers when one throws or rejects', async () => {
      subject.bus.subscribe('user.signed_in', () => {
        throw new Error('sync failure');
      });
      subject.bus.subscribe('user.signed_in', async () => {
        throw new Error('async failure');
      });
      const healthy = collect(subject.bus, 'user.signed_in');
      const next = healthy.next();
      await expect(subject.bus.publish('user.signed_in', { userId: 'u1', sessionId: 's1' })).resolves.toBeUndefined();
      expect(await next).toEqual({ userId: 'u1', sessionId: 's1' });
      await expect.poll(() => subject.errors.length).toBe(2);
      expect(subject.errors.map((e) => e.event)).toEqual(['user.signed_in', 'user.signed_in']);
      expect(subject.errors.map((e) => (e.err as Error).message).sort()).toEqual(['async failure', 'sync failure']);
    });

    it('delivers events in the order they were published', async () => {
      const changes = collect(subject.bus, 'membership.changed');
      for (let i = 0; i < 20; i++) await subject.bus.publish('membership.changed', { orgId: 'o1', userId: `u${i}`, role: 'member' });
      await expect.poll(() => changes.payloads.length).toBe(20);
      expect(changes.payloads.map((p) => p.userId)).toEqual(Array.from({ length: 20 }, (_, i) => `u${i}`));
    });

    it('accepts a publish with no subscribers', async () => {
      await expect(subject.bus.publish('user.registered', { userId: 'nobody', email: 'n@example.test' })).resolves.toBeUndefined();
    });
  });
}
