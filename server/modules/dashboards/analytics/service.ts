import type { Actor } from '../../../platform/auth/actor.ts';
import type { DashboardsContext } from '../context.ts';
import { streamCollectionResource } from '../policy.ts';
import { aggregateOver, findSeries } from '../streams/points.repository.ts';
import type { QueryService } from '../streams/query.service.ts';
import { everyStream, listStreams, type StreamRow } from '../streams/repository.ts';
import type { StreamsService } from '../streams/streams.service.ts';
import { rollingAnomalies, weekOverWeek } from './findings.ts';
import { holtWinters } from './holt-winters.ts';
import { findForecast, insertInsight, listAnomalies, listInsights, pruneInsights, replaceAnomalies, saveForecast } from './repository.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** Hours of history each run reads, and the season forecasts repeat (a day). */
const HISTORY_HOURS = 28 * 24;
const SEASON_HOURS = 24;
const FORECAST_HOURS = 24;
const ANOMALY = { window: 24, threshold: 3.5 };
const INSIGHTS_KEPT_DAYS = 30;
const INSIGHTS_LISTED = 50;

/** Each gap takes the value before it, so Holt-Winters sees evenly spaced steps. */
function carryForward(values: (number | null)[]): number[] {
  const first = values.find((v) => v !== null) ?? 0;
  let last = first;
  return values.map((v) => (v === null ? last : (last = v)));
}

/**
 * Analytics of stream fields, computed by an hourly job on hourly averages: anomalies (rolling
 * robust z-score), a day-ahead forecast with a 95% band (Holt-Winters with a daily season), and
 * plain-language week-over-week findings on the p95.
 */
export function analyticsService(ctx: DashboardsContext, streams: StreamsService, queries: QueryService) {
  const { db } = ctx;

  async function analyzeField(stream: StreamRow, field: string, nowMs: number): Promise<void> {
    const to = Math.floor(nowMs / HOUR) * HOUR;
    const from = to - HISTORY_HOURS * HOUR;
    const result = await queries.queryStream(
      stream,
      { field, agg: 'avg', from: new Date(from).toISOString(), to: new Date(to).toISOString(), interval: '1h', fill: 'null', points: HISTORY_HOURS },
      {},
    );
    const series = result.series[0];
    if (!series) return;
    const anomalies = rollingAnomalies(series.times, series.values, ANOMALY).filter((a) => a.time >= to - WEEK);
    await replaceAnomalies(db, stream.id, field, new Date(to - WEEK), anomalies);

    const known = series.values.filter((v) => v !== null).length;
    if (known >= 2 * SEASON_HOURS) {
      const firstKnown = series.values.findIndex((v) => v !== null);
      const forecast = holtWinters(carryForward(series.values.slice(firstKnown)), { period: SEASON_HOURS, horizon: FORECAST_HOURS });
      await saveForecast(
        db,
        stream.id,
        field,
        new Date(nowMs),
        forecast.mean.map((mean, h) => ({ time: to + h * HOUR, mean, lower: forecast.lower[h]!, upper: forecast.upper[h]! })),
      );
    }

    const everySeries = await findSeries(db, stream.id, {});
    const selection = (fromMs: number, toMs: number) => ({
      streamId: stream.id,
      field: stream.fields.indexOf(field) + 1,
      seriesIds: everySeries.map((s) => s.id),
      groups: everySeries.map(() => ''),
      fromMs,
      toMs,
    });
    const [current, previous] = await Promise.all([aggregateOver(ctx.database, selection(to - WEEK, to), 'p95'), aggregateOver(ctx.database, selection(to - 2 * WEEK, to - WEEK), 'p95')]);
    const finding = weekOverWeek(`${stream.name}.${field} p95`, current.value, previous.value);
    if (finding) await insertInsight(db, { streamId: stream.id, field, text: finding.text, change: finding.change, computedAt: new Date(nowMs) });
  }

  return {
    /** One run over every stream of every organisation; reports progress per stream. */
    async analyzeAll(nowMs = Date.now(), progress: (percent: number) => Promise<void> = async () => undefined): Promise<number> {
      const all = await everyStream(db);
      for (const [i, stream] of all.entries()) {
        for (const field of stream.fields) {
          await analyzeField(stream, field, nowMs).catch((err: unknown) => ctx.log.error({ err, streamId: stream.id, field }, 'stream analytics failed'));
        }
        await progress(Math.round(((i + 1) / all.length) * 100));
      }
      await pruneInsights(db, new Date(nowMs - INSIGHTS_KEPT_DAYS * DAY));
      return all.length;
    },

    analyzeStream: async (stream: StreamRow, nowMs = Date.now()) => {
      for (const field of stream.fields) await analyzeField(stream, field, nowMs);
    },

    async anomalies(actor: Actor, streamId: string, field: string, from: string, to: string) {
      const stream = await streams.authorizeStream(actor, streamId, 'read');
      return listAnomalies(db, stream.id, field, new Date(from), new Date(to));
    },

    async forecast(actor: Actor, streamId: string, field: string) {
      const stream = await streams.authorizeStream(actor, streamId, 'read');
      return findForecast(db, stream.id, field);
    },

    /** The latest findings across the organisation's streams (or one stream). */
    async insights(actor: Actor, orgId: string, streamId?: string) {
      if (streamId) return listInsights(db, [(await streams.authorizeStream(actor, streamId, 'read')).id], INSIGHTS_LISTED);
      await ctx.policies.authorize(actor, 'list', streamCollectionResource(orgId));
      const ids = (await listStreams(db, orgId, undefined, undefined, 1_000)).map((s) => s.id);
      return listInsights(db, ids, INSIGHTS_LISTED);
    },
  };
}

export type AnalyticsService = ReturnType<typeof analyticsService>;
