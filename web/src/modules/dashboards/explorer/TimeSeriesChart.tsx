import { useEffect, useRef, useState, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { LivePoint } from '../../../../../common/dashboards-streams.ts';
import { newestTime, NO_OVERLAYS, overlayExtent, overlaysPlugin, type ChartOverlays, type OverlayHit } from '../charts/chart-overlays.ts';
import { OverlayTooltip } from '../charts/OverlayTooltip.tsx';
import { useMeasuredHeight } from '../charts/useMeasuredHeight.ts';
import { formatReading, formatTicks, type ValueFormat } from '../charts/value-format.ts';
import { ChartLegend, type LegendExtra } from './ChartLegend.tsx';
import type { ChartModel, ChartSeries } from './chart-model.ts';
import { chartColors, seriesColor, useDarkTheme, withAlpha, type ChartColors } from './chart-theme.ts';
import { formatTick, formatValue } from './format.ts';
import type { FrameFeed } from './live-feed.ts';
import { LIVE_POINT_CAP } from './useLiveStream.ts';

/** What the time axis spans: the queried range, or the last `spanMs` up to now while live. */
export type TimeWindow = { kind: 'fixed'; from: number; to: number } | { kind: 'sliding'; spanMs: number };

/** How the series are drawn. */
export type TimeChartKind = 'line' | 'area' | 'bar' | 'scatter';

const SLIDE_EVERY_MS = 1_000;
const CHAR_WIDTH_PX = 7.2;
/** Share of a bucket its bars fill; the rest is the gap to the next bucket. */
const BAR_GROUP_SHARE = 0.8;
const BAR_MAX_PX = 48;
const MIN_PLOT_PX = 60;

function windowRange(timeWindow: TimeWindow): uPlot.Range.MinMax {
  if (timeWindow.kind === 'fixed') return [timeWindow.from, timeWindow.to];
  const now = Date.now();
  return [now - timeWindow.spanMs, now];
}

/**
 * Values drawn as dots although uPlot draws no points at this density: those with no neighbour to
 * draw a line to (a lone bucket would be invisible) and each series' newest value (where live points arrive).
 */
const markedPoints: uPlot.Series.Points.Filter = (plot, seriesIndex, show) => {
  if (show) return null;
  const values = plot.data[seriesIndex] ?? [];
  const marked: number[] = [];
  let previous = -1;
  let current = -1;
  let newest = -1;
  for (let i = 0; i <= values.length; i++) {
    const value = i < values.length ? values[i] : null;
    if (value === undefined) continue;
    const alone = current !== -1 && values[current] !== null && (previous === -1 || values[previous] === null) && value === null;
    if (alone) marked.push(current);
    if (value !== null) newest = i;
    previous = current;
    current = i;
  }
  if (newest !== -1 && marked.at(-1) !== newest) marked.push(newest);
  return marked;
};

/** The narrowest gap between two times, the width a bar may take when the answer names no bucket. */
function closestGap(times: readonly number[], fallback: number): number {
  let gap = Infinity;
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i]! - times[i - 1]!);
  return Number.isFinite(gap) && gap > 0 ? gap : fallback;
}

/**
 * Bars side by side within each bucket: the shown series share 80% of its width, in legend order,
 * at least a pixel each. Bucket times are bucket starts, so a group begins just after its time.
 */
function groupedBars(bucketMs: number): uPlot.Series.PathBuilder {
  return (plot, seriesIndex, firstRow, lastRow) => {
    const shown = plot.series.slice(1).filter((series) => series.show !== false).length || 1;
    const place = plot.series.slice(1, seriesIndex).filter((series) => series.show !== false).length;
    const barMs = (bucketMs * BAR_GROUP_SHARE) / shown;
    const offsetMs = (bucketMs * (1 - BAR_GROUP_SHARE)) / 2 + place * barMs;
    const times = plot.data[0];
    const values = plot.data[seriesIndex] ?? [];
    const scaleY = plot.series[seriesIndex]?.scale ?? 'y';
    const base = plot.valToPos(0, scaleY, true);
    const minWidth = uPlot.pxRatio;
    const maxWidth = BAR_MAX_PX * uPlot.pxRatio;
    const bars = new Path2D();
    for (let row = firstRow; row <= lastRow; row++) {
      const value = values[row];
      if (value === null || value === undefined) continue;
      const left = plot.valToPos(times[row]! + offsetMs, 'x', true);
      const width = Math.min(maxWidth, Math.max(minWidth, plot.valToPos(times[row]! + offsetMs + barMs, 'x', true) - left));
      const top = plot.valToPos(value, scaleY, true);
      bars.rect(left, Math.min(top, base), width, Math.abs(base - top));
    }
    return { fill: bars, clip: null, flags: 0 };
  };
}

function seriesOptions(series: ChartSeries, index: number, shown: boolean, kind: TimeChartKind, bars: uPlot.Series.PathBuilder | null): uPlot.Series {
  const color = seriesColor(index);
  const common = { label: series.label, stroke: color, show: shown };
  if (kind === 'bar') return { ...common, width: 0, fill: withAlpha(color, 0.85), paths: bars ?? undefined, points: { show: false } };
  if (kind === 'scatter') return { ...common, width: 1, paths: () => null, points: { show: true, space: 0, size: 5, width: 0, fill: color, stroke: color } };
  return {
    ...common,
    width: 1.5,
    fill: kind === 'area' ? withAlpha(color, 0.18) : undefined,
    points: { size: 5, fill: color, stroke: color, filter: markedPoints },
  };
}

function axis(colors: ChartColors): uPlot.Axis {
  const line = { stroke: colors.grid, width: 1 };
  return { stroke: colors.text, font: colors.font, grid: line, ticks: { ...line, size: 4 }, border: { show: false } };
}

interface ChartSetup {
  model: ChartModel;
  kind: TimeChartKind;
  format: ValueFormat | undefined;
  /** The path builder of bar charts, kept for series that live points start. */
  bars: uPlot.Series.PathBuilder | null;
  size: { width: number; height: number };
  colors: ChartColors;
  hidden: ReadonlySet<string>;
  range: () => uPlot.Range.MinMax;
  overlays: () => ChartOverlays;
  onHover: (row: number | null) => void;
  onOverlayHit: (hit: OverlayHit | null) => void;
}

/** The value axis spans the data, what the overlays draw in view and, for bars, zero. */
function valueRange(setup: ChartSetup): uPlot.Range.Function {
  return (plot, dataMin, dataMax) => {
    // Without data uPlot passes null or infinities, whatever its types say.
    let low = Number.isFinite(dataMin) ? dataMin : null;
    let high = Number.isFinite(dataMax) ? dataMax : null;
    const [from, to] = setup.range();
    const extent = overlayExtent(setup.overlays(), from!, to!, newestTime(plot));
    if (extent) [low, high] = [Math.min(low ?? extent[0], extent[0]), Math.max(high ?? extent[1], extent[1])];
    if (setup.kind === 'bar' && low !== null && high !== null) [low, high] = [Math.min(0, low), Math.max(0, high)];
    if (low === null || high === null) return [0, 100];
    return uPlot.rangeNum(low, high, 0.1, true);
  };
}

function chartOptions(setup: ChartSetup): uPlot.Options {
  const { model, kind, format, colors, bars } = setup;
  const valueAxis: uPlot.Axis = {
    ...axis(colors),
    // uPlot asks for the size before it has tick values too (null, despite its types).
    size: (_plot, values: string[] | null) => 14 + CHAR_WIDTH_PX * Math.max(3, ...(values ?? []).map((value) => value.length)),
  };
  if (format) valueAxis.values = (_plot, ticks, _axis, _space, increment) => formatTicks(ticks, increment, format);
  return {
    ...setup.size,
    ms: 1,
    legend: { show: false },
    cursor: { drag: { x: true, y: false }, points: { size: 7, show: kind !== 'bar' } },
    scales: { x: { time: true, range: () => setup.range() }, y: { range: valueRange(setup) } },
    axes: [{ ...axis(colors), values: (_plot, ticks, _axis, _space, increment) => ticks.map((tick) => formatTick(tick, increment)) }, valueAxis],
    series: [{}, ...model.series.map((series, index) => seriesOptions(series, index, !setup.hidden.has(series.key), kind, bars))],
    plugins: [overlaysPlugin(setup.overlays, colors, setup.onOverlayHit)],
    hooks: { setCursor: [(plot) => setup.onHover(plot.cursor.idx ?? null)] },
  };
}

/** What the chart must be built anew for; anything else is new data for setData. */
function chartShape(parts: (string | number | boolean | null | undefined)[], series: readonly ChartSeries[]): string {
  return JSON.stringify([parts, series.map((item) => item.key)]);
}

function legendExtras(overlays: ChartOverlays): LegendExtra[] {
  const extras: LegendExtra[] = [];
  if (overlays.forecast.length) extras.push({ label: 'Forecast (95%)', swatchClassName: 'w-3.5 border-t-2 border-dashed border-muted' });
  if (overlays.anomalies.length) extras.push({ label: 'Anomaly', swatchClassName: 'size-2.5 rounded-full border-2 border-danger bg-surface' });
  if (overlays.annotations.length) extras.push({ label: 'Annotation', swatchClassName: 'h-3 border-l border-dashed border-accent' });
  return extras;
}

interface TimeSeriesChartProps {
  model: ChartModel;
  timeWindow: TimeWindow;
  /** Live points to append as they come; null when not live. */
  feed: FrameFeed<LivePoint> | null;
  width: number;
  /** Height of the plot; with `heightIncludesLegend`, of the plot and the legend under it together. */
  height: number;
  heightIncludesLegend?: boolean;
  /** What the chart shows, for screen readers. */
  label: string;
  /** Shown over the empty plot while there is no series. */
  empty: ReactNode;
  kind?: TimeChartKind;
  /** Unit and decimals of the value axis and the readouts; plain numbers when absent. */
  format?: ValueFormat;
  overlays?: ChartOverlays;
  /** The answer's bucket width, which sizes bars; the closest two points when null. */
  bucketMs?: number | null;
}

/**
 * A uPlot time chart of a ChartModel: lines, areas, bars or points, with overlays. Live points go
 * straight from the feed into the model and uPlot's setData once per frame; React renders again
 * only when a new series appears. A new model with the same series is new data, not a new chart.
 */
export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { model, timeWindow, feed, width, height, heightIncludesLegend = false, label, empty, kind = 'line', format, overlays = NO_OVERLAYS, bucketMs = null } = props;
  const mountRef = useRef<HTMLDivElement>(null);
  const legendRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const shapeRef = useRef('');
  const legendHeight = useMeasuredHeight(legendRef);
  const plotHeight = heightIncludesLegend ? Math.max(MIN_PLOT_PX, height - legendHeight) : height;
  const sizeRef = useRef({ width, height: plotHeight });
  const windowRef = useRef(timeWindow);
  const overlaysRef = useRef(overlays);
  const barsRef = useRef<uPlot.Series.PathBuilder | null>(null);
  const hiddenRef = useRef<ReadonlySet<string>>(new Set());
  const dark = useDarkTheme();
  const [legend, setLegend] = useState({ model, series: model.series.slice() });
  const [hoverRow, setHoverRow] = useState<number | null>(null);
  const [overlayHit, setOverlayHit] = useState<OverlayHit | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const series = legend.model === model ? legend.series : model.series;
  const unit = format?.unit;
  const decimals = format?.decimals;

  useEffect(() => {
    sizeRef.current = { width, height: plotHeight };
    plotRef.current?.setSize(sizeRef.current);
  }, [width, plotHeight]);

  useEffect(() => {
    windowRef.current = timeWindow;
    const mount = mountRef.current;
    if (!mount) return;
    const shape = chartShape([kind, dark, unit, decimals, bucketMs], model.series);
    if (plotRef.current && shapeRef.current === shape) {
      plotRef.current.setData(model.data);
      return;
    }
    plotRef.current?.destroy();
    const valueFormat = unit === undefined || decimals === undefined ? undefined : { unit, decimals };
    const [from, to] = windowRange(timeWindow);
    barsRef.current = kind === 'bar' ? groupedBars(bucketMs ?? closestGap(model.times, (to! - from!) / 50)) : null;
    plotRef.current = new uPlot(
      chartOptions({
        model,
        kind,
        format: valueFormat,
        bars: barsRef.current,
        size: sizeRef.current,
        colors: chartColors(),
        hidden: hiddenRef.current,
        range: () => windowRange(windowRef.current),
        overlays: () => overlaysRef.current,
        onHover: setHoverRow,
        onOverlayHit: setOverlayHit,
      }),
      model.data,
      mount,
    );
    shapeRef.current = shape;
  }, [model, timeWindow, kind, dark, unit, decimals, bucketMs]);

  useEffect(
    () => () => {
      plotRef.current?.destroy();
      plotRef.current = null;
      shapeRef.current = '';
    },
    [],
  );

  useEffect(() => {
    overlaysRef.current = overlays;
    const plot = plotRef.current;
    // setData, not redraw: a forecast can widen the value axis.
    plot?.setData(plot.data);
  }, [overlays]);

  useEffect(() => {
    if (!feed) return;
    const spanMs = windowRef.current.kind === 'sliding' ? windowRef.current.spanMs : Infinity;
    const unsubscribe = feed.subscribe((points) => {
      const plot = plotRef.current;
      const added = model.append(points);
      model.trim(Date.now() - spanMs, LIVE_POINT_CAP);
      if (!plot) return;
      for (let index = model.series.length - added; index < model.series.length; index++) {
        const started = model.series[index]!;
        plot.addSeries(seriesOptions(started, index, !hiddenRef.current.has(started.key), kind, barsRef.current), index + 1);
      }
      if (added) {
        shapeRef.current = chartShape([kind, dark, unit, decimals, bucketMs], model.series);
        setLegend({ model, series: model.series.slice() });
      }
      plot.setData(model.data);
    });
    // The axis moves on with the clock even while no point arrives.
    const slide = setInterval(() => plotRef.current?.setData(model.data), SLIDE_EVERY_MS);
    return () => {
      unsubscribe();
      clearInterval(slide);
    };
  }, [feed, model, kind, dark, unit, decimals, bucketMs]);

  const toggle = (key: string) => {
    const next = new Set(hidden);
    if (!next.delete(key)) next.add(key);
    hiddenRef.current = next;
    setHidden(next);
    const index = series.findIndex((item) => item.key === key);
    plotRef.current?.setSeries(index + 1, { show: !next.has(key) });
    // Bars of the other series move into the freed slot; uPlot rebuilds only the toggled series' paths itself.
    if (kind === 'bar') plotRef.current?.redraw(true);
  };

  const readout = format ? (value: number | null | undefined) => formatReading(value, format) : formatValue;
  const time = hoverRow === null ? undefined : model.times[hoverRow];
  return (
    <div>
      <div role="img" aria-label={label} className="relative" style={{ height: plotHeight }}>
        <div ref={mountRef} />
        {series.length === 0 ? <div className="pointer-events-none absolute inset-0 grid place-items-center px-6 text-center text-sm text-muted">{empty}</div> : null}
        {overlayHit ? <OverlayTooltip hit={overlayHit} width={width} height={plotHeight} formatReading={readout} /> : null}
      </div>
      <div ref={legendRef}>
        <ChartLegend
          series={series}
          columns={model.columns}
          hover={time === undefined ? null : { time, row: hoverRow! }}
          hidden={hidden}
          onToggle={toggle}
          mark={kind}
          formatReading={readout}
          extras={legendExtras(overlays)}
          layout={heightIncludesLegend ? 'line' : 'wrap'}
        />
      </div>
    </div>
  );
}
