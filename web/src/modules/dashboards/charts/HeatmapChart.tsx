import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { binValues, cellShare, seriesRows, type HeatmapGrid, type HeatmapSeries } from '../../../../../common/heatmap-bins.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { chartColors, heatColor, useDarkTheme, type ChartColors } from '../explorer/chart-theme.ts';
import { formatTick } from '../explorer/format.ts';
import { formatReading, formatTicks, type ValueFormat } from './value-format.ts';

const CELL_PX = 8;
const BIN_PX = 14;
const MAX_BINS = 24;
const LEGEND_PX = 40;
const CHAR_WIDTH_PX = 7.2;
const ROW_LABEL_CHARS = 16;
/** Colours the ramp is cut into: enough to look smooth, few enough to compute once per chart. */
const PALETTE_STEPS = 48;
const MIN_FILLED_SHARE = 0.12;

interface HeatmapChartProps {
  series: readonly HeatmapSeries[];
  /** One row per series (a grouped query) instead of value bins. */
  rowPerSeries: boolean;
  from: number;
  to: number;
  bucketMs: number | null;
  width: number;
  /** Plot and colour legend together. */
  height: number;
  format: ValueFormat;
  label: string;
  empty: string;
}

interface HoveredCell {
  column: number;
  row: number;
  left: number;
  top: number;
}

/** Counts go from nothing; series values from their smallest. */
function colourDomain(grid: HeatmapGrid): { min: number; max: number } {
  return grid.mode === 'bins' ? { min: 0, max: grid.max } : { min: grid.min, max: grid.max };
}

/** Counts on a log scale, values on a linear one; the faintest filled cell still stands off the surface. */
function colourShare(grid: HeatmapGrid, value: number): number {
  return MIN_FILLED_SHARE + (1 - MIN_FILLED_SHARE) * cellShare(colourDomain(grid), value, grid.mode === 'bins' ? 'log' : 'linear');
}

function shortLabel(label: string): string {
  return label.length > ROW_LABEL_CHARS ? `${label.slice(0, ROW_LABEL_CHARS - 1)}…` : label;
}

function valueExtent(grid: HeatmapGrid): uPlot.Range.MinMax {
  if (grid.mode === 'rows') return [0, Math.max(1, grid.rows.length)];
  const first = grid.rows[0];
  const last = grid.rows.at(-1);
  return first && last ? [first.low!, last.high!] : [0, 1];
}

/** uPlot wants data; the cells are drawn by hand, so the range's two ends without values will do. */
function cornerData(view: { from: number; to: number }): uPlot.AlignedData {
  return [
    [view.from, view.to],
    [null, null],
  ];
}

function cellAt(grid: HeatmapGrid, column: number, row: number): number {
  return grid.cells[column * grid.rows.length + row] ?? Number.NaN;
}

function heatmapOptions(read: () => { grid: HeatmapGrid; from: number; to: number }, size: { width: number; height: number }, colors: ChartColors, dark: boolean, format: ValueFormat, onHover: (cell: HoveredCell | null) => void): uPlot.Options {
  const palette = Array.from({ length: PALETTE_STEPS }, (_, step) => heatColor(step / (PALETTE_STEPS - 1), dark));
  const line = { stroke: colors.grid, width: 1 };
  const axis = { stroke: colors.text, font: colors.font, grid: { show: false }, ticks: { ...line, size: 4 }, border: { show: false } };
  let hovered = '';

  const drawCells = (plot: uPlot) => {
    const { grid } = read();
    const { ctx, bbox } = plot;
    const rows = grid.rows.length;
    ctx.save();
    ctx.beginPath();
    ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
    ctx.clip();
    for (let column = 0; column < grid.columns; column++) {
      const left = plot.valToPos(grid.from + column * grid.columnMs, 'x', true);
      const right = plot.valToPos(grid.from + (column + 1) * grid.columnMs, 'x', true);
      // A hairline between cells reads as a grid when cells are wide enough to spare it.
      const gap = right - left > 4 * uPlot.pxRatio ? uPlot.pxRatio : 0;
      for (let row = 0; row < rows; row++) {
        const value = cellAt(grid, column, row);
        if (Number.isNaN(value)) continue;
        const [low, high] = grid.mode === 'rows' ? [row, row + 1] : [grid.rows[row]!.low!, grid.rows[row]!.high!];
        const bottom = plot.valToPos(low, 'y', true);
        const top = plot.valToPos(high, 'y', true);
        ctx.fillStyle = palette[Math.round(colourShare(grid, value) * (PALETTE_STEPS - 1))]!;
        ctx.fillRect(left, top, right - left - gap, bottom - top - gap);
      }
    }
    ctx.restore();
  };

  const findCell = (plot: uPlot): HoveredCell | null => {
    const { grid } = read();
    const { left, top } = plot.cursor;
    if (left === undefined || top === undefined || left < 0 || top < 0 || !grid.rows.length) return null;
    const column = Math.floor((plot.posToVal(left, 'x') - grid.from) / grid.columnMs);
    const value = plot.posToVal(top, 'y');
    const row = grid.mode === 'rows' ? Math.floor(value) : grid.rows.findIndex((bin) => value >= bin.low! && value < bin.high!);
    if (column < 0 || column >= grid.columns || row < 0 || row >= grid.rows.length || Number.isNaN(cellAt(grid, column, row))) return null;
    return { column, row, left: plot.over.offsetLeft + left, top: plot.over.offsetTop + top };
  };

  const rowAxis: uPlot.Axis =
    read().grid.mode === 'rows'
      ? {
          ...axis,
          splits: () => read().grid.rows.map((_, row) => row + 0.5),
          values: () => read().grid.rows.map((row) => shortLabel(row.label)),
          size: () => 14 + CHAR_WIDTH_PX * Math.max(3, ...read().grid.rows.map((row) => shortLabel(row.label).length)),
        }
      : {
          ...axis,
          values: (_plot, ticks, _axis, _space, increment) => formatTicks(ticks, increment, format),
          size: (_plot, values: string[] | null) => 14 + CHAR_WIDTH_PX * Math.max(3, ...(values ?? []).map((value) => value.length)),
        };

  return {
    ...size,
    ms: 1,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: { x: { time: true, range: () => [read().from, read().to] }, y: { range: () => valueExtent(read().grid) } },
    axes: [{ ...axis, values: (_plot, ticks, _axis, _space, increment) => ticks.map((tick) => formatTick(tick, increment)) }, rowAxis],
    series: [{}, { scale: 'y', paths: () => null, points: { show: false } }],
    hooks: {
      drawAxes: [drawCells],
      setCursor: [
        (plot) => {
          const cell = findCell(plot);
          const key = cell ? `${cell.column}:${cell.row}` : '';
          if (key === hovered) return;
          hovered = key;
          onHover(cell);
        },
      ],
    },
  };
}

/**
 * Time across, values up, colour for how many points fell in each cell; with a grouped query one
 * row per series and colour for its value. New answers redraw the same uPlot chart.
 */
export function HeatmapChart({ series, rowPerSeries, from, to, bucketMs, width, height, format, label, empty }: HeatmapChartProps) {
  const mountRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const dark = useDarkTheme();
  const [hovered, setHovered] = useState<HoveredCell | null>(null);
  const plotHeight = Math.max(60, height - LEGEND_PX);
  const grid = useMemo(() => {
    const layout = { from, to, bucketMs, columns: Math.max(1, Math.floor(width / CELL_PX)) };
    return rowPerSeries ? seriesRows(series, layout) : binValues(series, { ...layout, maxRows: Math.min(MAX_BINS, Math.max(1, Math.floor(plotHeight / BIN_PX))) });
  }, [series, rowPerSeries, from, to, bucketMs, width, plotHeight]);
  const viewRef = useRef({ grid, from, to });
  const sizeRef = useRef({ width, height: plotHeight });
  const rowLabels = grid.mode === 'rows' ? grid.rows.map((row) => row.label).join('\n') : '';
  const { unit, decimals } = format;

  useEffect(() => {
    sizeRef.current = { width, height: plotHeight };
    plotRef.current?.setSize(sizeRef.current);
  }, [width, plotHeight]);

  useEffect(() => {
    const mount = mountRef.current;
    if (!mount) return;
    const plot = new uPlot(
      heatmapOptions(() => viewRef.current, sizeRef.current, chartColors(), dark, { unit, decimals }, setHovered),
      cornerData(viewRef.current),
      mount,
    );
    plotRef.current = plot;
    return () => {
      plot.destroy();
      plotRef.current = null;
    };
  }, [dark, rowPerSeries, rowLabels, unit, decimals]);

  useEffect(() => {
    viewRef.current = { grid, from, to };
    // setData recomputes the scales from the new grid, then draws it.
    plotRef.current?.setData(cornerData(viewRef.current));
  }, [grid, from, to]);

  // A drawn cell holds one point at least, so the counts' scale starts there.
  const lowest = grid.mode === 'bins' ? 1 : grid.min;
  const lowestShare = colourShare(grid, lowest);
  const hoveredValue = hovered ? cellAt(grid, hovered.column, hovered.row) : Number.NaN;
  const hoveredRow = hovered ? grid.rows[hovered.row] : undefined;
  const gradient = `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((step) => heatColor(lowestShare + (1 - lowestShare) * step, dark)).join(', ')})`;
  const legendValue = (value: number) => (grid.mode === 'bins' ? String(value) : formatReading(value, format));
  return (
    <div>
      <div role="img" aria-label={label} className="relative" style={{ height: plotHeight }}>
        <div ref={mountRef} />
        {grid.rows.length === 0 ? <div className="pointer-events-none absolute inset-0 grid place-items-center px-6 text-center text-sm text-muted">{empty}</div> : null}
        {hovered && hoveredRow && !Number.isNaN(hoveredValue) ? (
          <div
            role="tooltip"
            className="pointer-events-none absolute z-10 max-w-64 rounded-lg border border-border bg-surface px-3 py-2 text-[12px] shadow-card"
            style={{ left: hovered.left, top: hovered.top, transform: `translate(${hovered.left > width / 2 ? 'calc(-100% - 12px)' : '12px'}, ${hovered.top > plotHeight / 2 ? 'calc(-100% - 8px)' : '8px'})` }}
          >
            <p className="text-muted tabular-nums">{formatDateTime(new Date(grid.from + hovered.column * grid.columnMs).toISOString())}</p>
            {grid.mode === 'bins' ? (
              <p className="tabular-nums">
                {formatReading(hoveredRow.low, format)} to {formatReading(hoveredRow.high, format)}: <span className="font-medium">{hoveredValue} points</span>
              </p>
            ) : (
              <p className="tabular-nums">
                <span className="font-mono">{hoveredRow.label}</span>: <span className="font-medium">{formatReading(hoveredValue, format)}</span>
              </p>
            )}
          </div>
        ) : null}
      </div>
      {grid.rows.length ? (
        <div className="flex items-center gap-2 border-t border-border px-4 pt-2 text-[12px] text-muted tabular-nums" style={{ height: LEGEND_PX }}>
          <span>{grid.mode === 'bins' ? 'Points (log scale)' : 'Value'}</span>
          <span>{legendValue(lowest)}</span>
          <span aria-hidden="true" className="h-2.5 w-24 max-w-[40%] rounded-full sm:w-40" style={{ backgroundImage: gradient }} />
          <span>{legendValue(grid.max)}</span>
        </div>
      ) : null}
    </div>
  );
}
