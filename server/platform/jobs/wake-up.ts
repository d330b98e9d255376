import type PgBoss from 'pg-boss';

/**
 * Wakes this process's pg-boss workers when their queue has work, instead of letting each worker
 * poll its own queue.
 *
 * Every pg-boss worker runs a fetch (a locking UPDATE) per polling interval, found work or not:
 * with a dozen queues that is several statements a second on an idle server. On PGlite each one
 * also holds the event loop for a few milliseconds (2.2 ms median, 6.8 ms at worst, measured
 * idle), which every request in flight then waits for. Here one indexed read per interval asks
 * which of this process's queues hold a job that may start now, and only their workers fetch.
 * A job sent from this process wakes its queue's workers at once, and a worker that just finished
 * a job fetches again at once, so a backlog drains without waiting out an interval.
 */
export interface WakeUps {
  /** Registers a worker (pg-boss worker id) of `queue`. */
  add(queue: string, workerId: string): void;
  /** Wakes the workers of `queue` in this process, if it has any. */
  wake(queue: string): void;
  stop(): void;
}

export interface WakeUpOptions {
  boss: Pick<PgBoss, 'notifyWorker'>;
  db: PgBoss.Db;
  /** pg-boss's schema, holding its `job` table. */
  schema: string;
  intervalMs: number;
  onError: (err: unknown) => void;
}

export function startWakeUps({ boss, db, schema, intervalMs, onError }: WakeUpOptions): WakeUps {
  const workersByQueue = new Map<string, string[]>();
  // The same condition pg-boss's fetch uses, served by its partial index on (name, start_after).
  const readyQueues = `select distinct name from ${schema}.job where name = any($1::text[]) and state < 'active' and start_after < now()`;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const wake = (queue: string) => {
    for (const workerId of workersByQueue.get(queue) ?? []) boss.notifyWorker(workerId);
  };

  const check = async () => {
    const { rows } = await db.executeSql(readyQueues, [[...workersByQueue.keys()]]);
    for (const { name } of rows as { name: string }[]) wake(name);
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      check()
        .catch(onError)
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };

  return {
    add(queue, workerId) {
      // A process without workers (an app node) never checks.
      if (workersByQueue.size === 0) schedule();
      workersByQueue.set(queue, [...(workersByQueue.get(queue) ?? []), workerId]);
    },
    wake,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
