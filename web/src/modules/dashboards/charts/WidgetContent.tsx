import { useMemo } from 'react';
import { placeAnomalies } from '../../../../../common/anomaly-marks.ts';
import { TIME_WIDGET_KINDS, widgetAnalytics } from '../../../../../common/dashboards-analytics.ts';
import type { Widget } from '../../../../../common/dashboards.ts';
import { readWidgetDisplay, type WidgetDisplay } from '../../../../../common/widget-display.ts';
import { TBody, THead, Table, Td, Th, Tr } from '../../../lib/ui/index.ts';
import type { BoardSource, WidgetAnswer } from '../boards/api.ts';
import { ChartModel } from '../explorer/chart-model.ts';
import { TimeSeriesChart, type TimeChartKind, type TimeWindow } from '../explorer/TimeSeriesChart.tsx';
import type { ChartOverlays, ForecastPoint } from './chart-overlays.ts';
import { Gauge } from './Gauge.tsx';
import { HeatmapChart } from './HeatmapChart.tsx';
import { useAnomalies, useChartAnnotations, useForecast } from './overlay-api.ts';
import { newestSummary, seriesLabel, summarise } from './series-summary.ts';
import { StatValue } from './StatValue.tsx';
import { formatReading } from './value-format.ts';

/** Bars stay a few pixels wide: a bar chart asks for a bucket per this many pixels. */
const BAR_PX = 8;
/** A heatmap counts points into cells, so it asks for several per pixel column. */
const HEATMAP_POINTS_PER_PX = 4;
const MAX_POINTS = 1_000;
const MAX_HEATMAP_POINTS = 5_000;
/** A forecast may widen the time axis by up to this share of the widget's range. */
const FORECAST_SHARE = 1 / 3;

export interface WidgetContentProps {
  widget: Widget;
  answer: WidgetAnswer;
  width: number;
  /** The whole body: chart and legend, or gauge, stat or table. */
  height: number;
  /**
   * Where the widget is read: time charts draw its field's anomalies and forecast from there (its
   * stream signed in, the saved widget through a public link), and a signed-in dashboard's annotations.
   */
  source: BoardSource;
}

/** How many points a widget of this kind asks for at this width: one per pixel, fewer for bars, more for a heatmap. */
export function widgetPoints(kind: Widget['kind'], width: number): number {
  if (kind === 'bar') return Math.max(2, Math.min(Math.floor(width / BAR_PX), MAX_POINTS));
  if (kind === 'heatmap') return Math.max(2, Math.min(width * HEATMAP_POINTS_PER_PX, MAX_HEATMAP_POINTS));
  return Math.max(2, Math.min(width, MAX_POINTS));
}

/** A widget's body drawn from an answer already fetched: chart, heatmap, gauge, stat or table. */
export function WidgetContent({ widget, answer, width, height, source }: WidgetContentProps) {
  const display = useMemo(() => readWidgetDisplay(widget.options), [widget.options]);
  if (TIME_WIDGET_KINDS.has(widget.kind)) return <WidgetTimeChart widget={widget} kind={widget.kind as TimeChartKind} answer={answer} display={display} width={width} height={height} source={source} />;
  if (widget.kind === 'heatmap') return <WidgetHeatmap widget={widget} answer={answer} display={display} width={width} height={height} />;
  if (widget.kind === 'table') return <SeriesTable widget={widget} answer={answer} display={display} />;
  return <NewestValue widget={widget} answer={answer} display={display} width={width} height={height} />;
}

/** The time axis ends at the range's end, or a little after it when the forecast reaches on. */
function forecastWindowEnd(forecast: readonly ForecastPoint[], from: number, to: number): number {
  const limit = to + (to - from) * FORECAST_SHARE;
  const first = forecast[0];
  const last = forecast.at(-1);
  if (!first || !last || last.time <= to || first.time > limit) return to;
  return Math.min(last.time, limit);
}

interface TimeChartProps {
  widget: Widget;
  kind: TimeChartKind;
  answer: WidgetAnswer;
  display: WidgetDisplay;
  width: number;
  height: number;
  source: BoardSource;
}

function WidgetTimeChart({ widget, kind, answer, display, width, height, source }: TimeChartProps) {
  const { field, agg } = widget.query;
  const groupBy = widget.query.groupBy ?? '';
  const shows = widgetAnalytics(widget);
  // Annotations are for the dashboard's readers only: a public link does not reach them.
  const annotations = useChartAnnotations(source.kind === 'dashboard' ? source.dashboardId : undefined, answer.from, answer.to);
  const anomalies = useAnomalies(source, widget, answer.from, answer.to, shows.anomalies);
  const forecast = useForecast(source, widget, shows.forecast);
  const model = useMemo(() => ChartModel.fromResult(answer.result, groupBy), [answer, groupBy]);
  const forecastPoints = shows.forecast ? forecast.data?.points : undefined;
  const windowEnd = forecastPoints ? forecastWindowEnd(forecastPoints, answer.from, answer.to) : answer.to;
  const timeWindow = useMemo<TimeWindow>(() => ({ kind: 'fixed', from: answer.from, to: windowEnd }), [answer.from, windowEnd]);

  const overlays = useMemo<ChartOverlays>(() => {
    const found = shows.anomalies ? (anomalies.data ?? []) : [];
    const columns = model.columns.map((values) => ({ times: model.times, values }));
    return {
      annotations: (annotations.data ?? []).map((annotation) => ({
        id: annotation.id,
        time: Date.parse(annotation.time),
        timeEnd: annotation.timeEnd ? Date.parse(annotation.timeEnd) : null,
        text: annotation.text,
      })),
      anomalies: placeAnomalies(
        found.map((anomaly) => ({ ...anomaly, time: Date.parse(anomaly.time) })),
        columns,
      ),
      forecast: forecastPoints ?? [],
    };
  }, [annotations.data, anomalies.data, forecastPoints, model, shows.anomalies]);

  const format = useMemo(() => ({ unit: display.unit, decimals: display.decimals }), [display.unit, display.decimals]);
  const counts = [
    overlays.annotations.length ? `${overlays.annotations.length} annotation${overlays.annotations.length === 1 ? '' : 's'}` : '',
    overlays.anomalies.length ? `${overlays.anomalies.length} anomal${overlays.anomalies.length === 1 ? 'y' : 'ies'} marked` : '',
    overlays.forecast.length ? 'forecast with a 95% band' : '',
  ].filter(Boolean);
  const kindName = { line: 'Line chart', area: 'Area chart', bar: 'Bar chart', scatter: 'Scatter plot' }[kind];
  const label = `${kindName} of ${agg} ${field}${groupBy ? `, one series per ${groupBy}` : ''}${counts.length ? `; ${counts.join(', ')}` : ''}`;
  return (
    <>
      <TimeSeriesChart
        model={model}
        timeWindow={timeWindow}
        feed={null}
        width={width}
        height={height}
        heightIncludesLegend
        label={label}
        empty={`No ${field} points in this range`}
        kind={kind}
        format={format}
        overlays={overlays}
        bucketMs={answer.result.intervalMs}
      />
      {overlays.annotations.length || overlays.anomalies.length ? (
        <ul className="sr-only" aria-label="Marked on the chart">
          {overlays.annotations.map((mark) => (
            <li key={mark.id}>
              Annotation at {new Date(mark.time).toLocaleString()}: {mark.text}
            </li>
          ))}
          {overlays.anomalies.map((mark) => (
            <li key={mark.time}>
              Anomaly at {new Date(mark.time).toLocaleString()}: {formatReading(mark.value, format)}, expected {formatReading(mark.expected, format)}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function WidgetHeatmap({ widget, answer, display, width, height }: { widget: Widget; answer: WidgetAnswer; display: WidgetDisplay; width: number; height: number }) {
  const groupBy = widget.query.groupBy ?? '';
  const series = useMemo(
    () => answer.result.series.map((item) => ({ label: seriesLabel(answer.result, item, groupBy), times: item.times, values: item.values })),
    [answer, groupBy],
  );
  const format = useMemo(() => ({ unit: display.unit, decimals: display.decimals }), [display.unit, display.decimals]);
  return (
    <HeatmapChart
      series={series}
      rowPerSeries={Boolean(groupBy)}
      from={answer.from}
      to={answer.to}
      bucketMs={answer.result.intervalMs}
      width={width}
      height={height}
      format={format}
      label={groupBy ? `Heatmap of ${widget.query.agg} ${widget.query.field}, one row per ${groupBy}, colour for the value` : `Heatmap of ${widget.query.agg} ${widget.query.field}: time across, values up, colour for how many points`}
      empty={`No ${widget.query.field} points in this range`}
    />
  );
}

function SeriesTable({ widget, answer, display }: { widget: Widget; answer: WidgetAnswer; display: WidgetDisplay }) {
  const rows = summarise(answer.result, widget.query.groupBy ?? '');
  if (!rows.length) return <p className="px-2 text-sm text-muted">No points in this range</p>;
  return (
    <Table label={widget.title || 'Series'}>
      <THead>
        <Th>Series</Th>
        <Th className="text-right">Last</Th>
        <Th className="text-right">Min</Th>
        <Th className="text-right">Max</Th>
      </THead>
      <TBody>
        {rows.map((row) => (
          <Tr key={row.label}>
            <Td className="font-mono text-[13px]">{row.label}</Td>
            <Td className="text-right whitespace-nowrap tabular-nums">{formatReading(row.last, display)}</Td>
            <Td className="text-right whitespace-nowrap text-muted tabular-nums">{formatReading(row.min, display)}</Td>
            <Td className="text-right whitespace-nowrap text-muted tabular-nums">{formatReading(row.max, display)}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

/** A gauge or a stat: the newest value of any series. */
function NewestValue({ widget, answer, display, width, height }: { widget: Widget; answer: WidgetAnswer; display: WidgetDisplay; width: number; height: number }) {
  const groupBy = widget.query.groupBy ?? '';
  const newest = newestSummary(summarise(answer.result, groupBy));
  const caption = newest && groupBy ? newest.label : undefined;
  const label = `${widget.query.agg} of ${widget.query.field}`;
  if (widget.kind === 'gauge') return <Gauge value={newest?.last ?? null} display={display} label={`${label} gauge`} caption={caption} height={height} />;
  return <StatValue value={newest?.last ?? null} series={newest?.series ?? null} caption={caption} display={display} from={answer.from} to={answer.to} width={width} height={height} label={label} />;
}
