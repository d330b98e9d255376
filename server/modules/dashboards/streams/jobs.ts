import type { FastifyInstance } from 'fastify';
import { COMPACT_AFTER_MS, compactPoints } from './point-blocks.repository.ts';
import { enforceRetention, refreshRollups, streamIds, streamsWithStaleRollups } from './points.repository.ts';

export const ROLLUP_QUEUE = 'dashboards.rollups';
export const RETENTION_QUEUE = 'dashboards.retention';
export const COMPACTION_QUEUE = 'dashboards.compaction';

/** Rollups every minute (cron's finest grain), compaction every ten minutes, retention every hour. */
export async function registerStreamJobs(app: FastifyInstance): Promise<void> {
  await app.jobs.work(ROLLUP_QUEUE, async (job) => {
    const streams = await streamsWithStaleRollups(app.db);
    for (const [i, streamId] of streams.entries()) {
      await refreshRollups(app.db, streamId);
      await job.progress(Math.round(((i + 1) / streams.length) * 100));
    }
    return { streams: streams.length };
  });
  await app.jobs.work(COMPACTION_QUEUE, async (job) => {
    const streams = await streamIds(app.db);
    let compactedPoints = 0;
    for (const [i, streamId] of streams.entries()) {
      compactedPoints += await compactPoints(app.db, streamId, Date.now() - COMPACT_AFTER_MS);
      await job.progress(Math.round(((i + 1) / streams.length) * 100));
    }
    return { compactedPoints };
  });
  await app.jobs.work(RETENTION_QUEUE, async () => ({ deletedPoints: await enforceRetention(app.db) }));
  await app.jobs.schedule(ROLLUP_QUEUE, '* * * * *');
  await app.jobs.schedule(COMPACTION_QUEUE, '*/10 * * * *');
  await app.jobs.schedule(RETENTION_QUEUE, '23 * * * *');
}
