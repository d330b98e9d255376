import { z } from 'zod';
import type { Widget } from './dashboards.ts';
import { readWidgetDisplay } from './widget-display.ts';

const timestamp = z.iso.datetime();

/** An hour of a stream field that stood out from the day before it. */
export const anomalySchema = z.object({ time: timestamp, value: z.number(), expected: z.number(), score: z.number() });
export type StreamAnomaly = z.infer<typeof anomalySchema>;
export const anomalyListSchema = z.object({ items: z.array(anomalySchema) });

/** The instants anomalies are asked for between. */
export const anomalyRangeSchema = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) });

/** A stream field's next 24 hours with a 95% band; point times in epoch milliseconds. */
export const forecastSchema = z.object({
  computedAt: timestamp,
  points: z.array(z.object({ time: z.number(), mean: z.number(), lower: z.number(), upper: z.number() })),
});
export type StreamForecast = z.infer<typeof forecastSchema>;

/** A plain-language finding, such as "cpu.load p95 rose 38% week over week". */
export const insightSchema = z.object({ id: z.uuid(), streamId: z.uuid(), field: z.string(), text: z.string(), change: z.number(), computedAt: timestamp });
export type Insight = z.infer<typeof insightSchema>;

/** Widget kinds with a time axis: they mark anomalies, and lines and areas also draw the forecast. */
export const TIME_WIDGET_KINDS: ReadonlySet<Widget['kind']> = new Set(['line', 'area', 'bar', 'scatter']);
const FORECAST_KINDS: ReadonlySet<Widget['kind']> = new Set(['line', 'area']);
/** Analytics run on hourly averages: a sum or a count of a shorter bucket is on another scale. */
const OFF_SCALE_AGGREGATES: ReadonlySet<Widget['query']['agg']> = new Set(['sum', 'count']);

/** Which of its stream field's analytics a widget draws. */
export interface WidgetAnalytics {
  anomalies: boolean;
  forecast: boolean;
}

/**
 * What a widget draws of its field's analytics: they describe the whole field's hourly average, so
 * a time chart of it shows them as its options ask, but not a chart of a sum or a count, nor of a
 * tag-filtered part of the field. The charts draw by it, and a public link answers only what it allows.
 */
export function widgetAnalytics(widget: Pick<Widget, 'kind' | 'query' | 'options'>): WidgetAnalytics {
  const applies = TIME_WIDGET_KINDS.has(widget.kind) && !OFF_SCALE_AGGREGATES.has(widget.query.agg) && Object.keys(widget.query.tags).length === 0;
  if (!applies) return { anomalies: false, forecast: false };
  const display = readWidgetDisplay(widget.options);
  return { anomalies: display.anomalies, forecast: display.forecast && FORECAST_KINDS.has(widget.kind) };
}
