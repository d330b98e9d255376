import { useEffect, useRef, useState, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { LivePoint } from '../../../../../common/dashboards-streams.ts';
import { ChartLegend } from './ChartLegend.tsx';
import type { ChartModel, ChartSeries } from './chart-model.ts';
import { chartColors, seriesColor, useDarkTheme, type ChartColors } from './chart-theme.ts';
import { formatTick } from './format.ts';
import type { FrameFeed } from './live-feed.ts';
import { LIVE_POINT_CAP } from './useLiveStream.ts';

/** What the time axis spans: the queried range, or the last `spanMs` up to now while live. */
export type TimeWindow = { kind: 'fixed'; from: number; to: number } | { kind: 'sliding'; spanMs: number };

const SLIDE_EVERY_MS = 1_000;
const CHAR_WIDTH_PX = 7.2;

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

function seriesOptions(series: ChartSeries, index: number, shown: boolean): uPlot.Series {
  const color = seriesColor(index);
  return { label: series.label, stroke: color, width: 1.5, show: shown, points: { size: 5, fill: color, stroke: color, filter: markedPoints } };
}

function axis(colors: ChartColors): uPlot.Axis {
  const line = { stroke: colors.grid, width: 1 };
  return { stroke: colors.text, font: colors.font, grid: line, ticks: { ...line, size: 4 }, border: { show: false } };
}

function chartOptions(model: ChartModel, size: { width: number; height: number }, colors: ChartColors, hidden: ReadonlySet<string>, range: () => uPlot.Range.MinMax, onHover: (row: number | null) => void): uPlot.Options {
  return {
    ...size,
    ms: 1,
    legend: { show: false },
    cursor: { drag: { x: true, y: false }, points: { size: 7 } },
    scales: { x: { time: true, range } },
    axes: [
      { ...axis(colors), values: (_plot, ticks, _axis, _space, increment) => ticks.map((tick) => formatTick(tick, increment)) },
      // uPlot asks for the size before it has tick values too (null, despite its types).
      { ...axis(colors), size: (_plot, values: string[] | null) => 14 + CHAR_WIDTH_PX * Math.max(3, ...(values ?? []).map((value) => value.length)) },
    ],
    series: [{}, ...model.series.map((series, index) => seriesOptions(series, index, !hidden.has(series.key)))],
    hooks: { setCursor: [(plot) => onHover(plot.cursor.idx ?? null)] },
  };
}

interface TimeSeriesChartProps {
  model: ChartModel;
  timeWindow: TimeWindow;
  /** Live points to append as they come; null when not live. */
  feed: FrameFeed<LivePoint> | null;
  width: number;
  height: number;
  /** What the chart shows, for screen readers. */
  label: string;
  /** Shown over the empty plot while there is no series. */
  empty: ReactNode;
}

/**
 * A uPlot line chart of a ChartModel. Live points go straight from the feed into the model and
 * uPlot's setData once per frame; React renders again only when a new series appears.
 */
export function TimeSeriesChart({ model, timeWindow, feed, width, height, label, empty }: TimeSeriesChartProps) {
  const mountRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const widthRef = useRef(width);
  const windowRef = useRef(timeWindow);
  const hiddenRef = useRef<ReadonlySet<string>>(new Set());
  const dark = useDarkTheme();
  const [legend, setLegend] = useState({ model, series: model.series.slice() });
  const [hoverRow, setHoverRow] = useState<number | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const series = legend.model === model ? legend.series : model.series;

  useEffect(() => {
    widthRef.current = width;
    plotRef.current?.setSize({ width, height });
  }, [width, height]);

  useEffect(() => {
    const mount = mountRef.current;
    if (!mount) return;
    const plot = new uPlot(
      chartOptions(model, { width: widthRef.current, height }, chartColors(), hiddenRef.current, () => windowRange(windowRef.current), setHoverRow),
      model.data,
      mount,
    );
    plotRef.current = plot;
    return () => {
      plot.destroy();
      plotRef.current = null;
    };
  }, [model, dark, height]);

  useEffect(() => {
    windowRef.current = timeWindow;
    plotRef.current?.setData(model.data);
  }, [timeWindow, model]);

  useEffect(() => {
    const plot = plotRef.current;
    if (!feed || !plot) return;
    const spanMs = windowRef.current.kind === 'sliding' ? windowRef.current.spanMs : Infinity;
    const unsubscribe = feed.subscribe((points) => {
      const added = model.append(points);
      model.trim(Date.now() - spanMs, LIVE_POINT_CAP);
      for (let index = model.series.length - added; index < model.series.length; index++) {
        const started = model.series[index]!;
        plot.addSeries(seriesOptions(started, index, !hiddenRef.current.has(started.key)), index + 1);
      }
      if (added) setLegend({ model, series: model.series.slice() });
      plot.setData(model.data);
    });
    // The axis moves on with the clock even while no point arrives.
    const slide = setInterval(() => plot.setData(model.data), SLIDE_EVERY_MS);
    return () => {
      unsubscribe();
      clearInterval(slide);
    };
  }, [feed, model, dark, height]);

  const toggle = (key: string) => {
    const next = new Set(hidden);
    if (!next.delete(key)) next.add(key);
    hiddenRef.current = next;
    setHidden(next);
    const index = series.findIndex((item) => item.key === key);
    plotRef.current?.setSeries(index + 1, { show: !next.has(key) });
  };

  const time = hoverRow === null ? undefined : model.times[hoverRow];
  return (
    <div>
      <div role="img" aria-label={label} className="relative" style={{ height }}>
        <div ref={mountRef} />
        {series.length === 0 ? <div className="pointer-events-none absolute inset-0 grid place-items-center px-6 text-center text-sm text-muted">{empty}</div> : null}
      </div>
      <ChartLegend series={series} columns={model.columns} hover={time === undefined ? null : { time, row: hoverRow! }} hidden={hidden} onToggle={toggle} />
    </div>
  );
}
