import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { DomainEventName, DomainEvents } from '../../../common/events.ts';

export type EventHandler<K extends DomainEventName> = (payload: DomainEvents[K]) => void | Promise<void>;

/** Domain events between modules. Delivery is at-most-once per subscribed process. */
export interface Bus {
  publish<K extends DomainEventName>(name: K, payload: DomainEvents[K]): Promise<void>;
  /** Returns a function that removes the subscription. */
  subscribe<K extends DomainEventName>(name: K, handler: EventHandler<K>): () => void;
  close(): Promise<void>;
}

type ErrorReporter = (err: unknown, event: string) => void;

/** Calls handlers without letting one failing subscriber break the publisher or the others. */
function dispatch(emitter: EventEmitter, name: string, payload: unknown, onError: ErrorReporter): void {
  for (const listener of emitter.listeners(name)) {
    Promise.resolve()
      .then(() => (listener as (p: unknown) => unknown)(payload))
      .catch((err: unknown) => onError(err, name));
  }
}

function subscribeOn(emitter: EventEmitter, name: string, handler: (payload: never) => unknown): () => void {
  const listener = handler as (...args: unknown[]) => void;
  emitter.on(name, listener);
  return () => emitter.off(name, listener);
}

export function createMemoryBus(onError: ErrorReporter): Bus {
  const emitter = new EventEmitter().setMaxListeners(0);
  return {
    async publish(name, payload) {
      dispatch(emitter, name, payload, onError);
    },
    subscribe: (name, handler) => subscribeOn(emitter, name, handler),
    async close() {
      emitter.removeAllListeners();
    },
  };
}

const CHANNEL = 'bus';

/** Redis pub/sub: every process subscribed receives every event, including the publisher itself. */
export async function createRedisBus(publisher: Redis, onError: ErrorReporter): Promise<Bus> {
  const emitter = new EventEmitter().setMaxListeners(0);
  const subscriber = publisher.duplicate();
  const channel = `${publisher.options.keyPrefix ?? ''}${CHANNEL}`;
  subscriber.on('message', (_channel: string, raw: string) => {
    try {
      const { name, payload } = JSON.parse(raw) as { name: string; payload: unknown };
      dispatch(emitter, name, payload, onError);
    } catch (err) {
      onError(err, 'bus.decode');
    }
  });
  await subscriber.subscribe(channel);
  return {
    async publish(name, payload) {
      // PUBLISH ignores keyPrefix, so the prefixed channel name is passed in full.
      await publisher.publish(channel, JSON.stringify({ name, payload }));
    },
    subscribe: (name, handler) => subscribeOn(emitter, name, handler),
    async close() {
      emitter.removeAllListeners();
      await subscriber.quit().catch(() => undefined);
    },
  };
}
