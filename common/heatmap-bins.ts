/** One series of a query answer, as a heatmap reads it. */
export interface HeatmapSeries {
  label: string;
  times: readonly number[];
  values: readonly (number | null)[];
}

/**
 * A row of the heatmap, bottom first. Value bins have `low` and `high` (a value `v` falls in the
 * bin where `low <= v < high`, the top bin also takes its `high`); series rows have only a label.
 */
export interface HeatmapRow {
  label: string;
  low?: number;
  high?: number;
}

/**
 * Cells in columns of equal time from `from`, each column `rows.length` cells bottom first:
 * the cell of column c and row r is `cells[c * rows.length + r]`. A cell holds a count of values
 * (`mode: 'bins'`) or the mean value of a series in that column (`mode: 'rows'`); NaN is empty.
 */
export interface HeatmapGrid {
  mode: 'bins' | 'rows';
  from: number;
  columnMs: number;
  columns: number;
  rows: HeatmapRow[];
  cells: Float64Array;
  /** Smallest and largest filled cell; both NaN when no cell is filled. */
  min: number;
  max: number;
}

export interface HeatmapLayout {
  from: number;
  to: number;
  /** Columns wanted; fewer when the answer's buckets are wider than a column. */
  columns: number;
  /** The answer's bucket width, so a column holds whole buckets; null for raw points. */
  bucketMs: number | null;
}

/** 1, 2, 2.5 or 5 times a power of ten, the smallest at least `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const factor of [1, 2, 2.5, 5, 10]) if (factor * power >= rough) return factor * power;
  return 10 * power;
}

function columnsOf(layout: HeatmapLayout): { columnMs: number; columns: number } {
  const span = Math.max(1, layout.to - layout.from);
  let columnMs = span / Math.max(1, Math.floor(layout.columns));
  // A column that holds one and a half buckets would count every other column twice as full.
  if (layout.bucketMs && layout.bucketMs > 0) columnMs = Math.ceil(columnMs / layout.bucketMs) * layout.bucketMs;
  return { columnMs, columns: Math.max(1, Math.ceil(span / columnMs)) };
}

function columnOf(time: number, from: number, columnMs: number, columns: number): number {
  const column = Math.floor((time - from) / columnMs);
  return column >= 0 && column < columns ? column : -1;
}

function filledExtent(cells: Float64Array): { min: number; max: number } {
  let min = NaN;
  let max = NaN;
  for (const cell of cells) {
    if (Number.isNaN(cell)) continue;
    if (!(cell >= min)) min = cell;
    if (!(cell <= max)) max = cell;
  }
  return { min, max };
}

/**
 * Counts the values of every series in time columns and value bins of a nice width, at most
 * `maxRows` bins spanning the values seen. Values outside the time range are left out.
 */
export function binValues(series: readonly HeatmapSeries[], layout: HeatmapLayout & { maxRows: number }): HeatmapGrid {
  const { columnMs, columns } = columnsOf(layout);
  let low = Infinity;
  let high = -Infinity;
  for (const { times, values } of series) {
    values.forEach((value, index) => {
      if (value === null || !Number.isFinite(value) || columnOf(times[index]!, layout.from, columnMs, columns) === -1) return;
      low = Math.min(low, value);
      high = Math.max(high, value);
    });
  }
  if (low > high) return { mode: 'bins', from: layout.from, columnMs, columns, rows: [], cells: new Float64Array(0), min: NaN, max: NaN };

  const maxRows = Math.max(1, Math.floor(layout.maxRows));
  let step = niceStep((high - low) / maxRows || Math.abs(low) / 10 || 1);
  let start = Math.floor(low / step) * step;
  // Rounding the start down can need one bin more than allowed; a wider step fits again.
  while (Math.ceil((high - start) / step) > maxRows) {
    step = niceStep(step * 1.01);
    start = Math.floor(low / step) * step;
  }
  const rowCount = Math.max(1, Math.ceil((high - start) / step));
  const rows: HeatmapRow[] = Array.from({ length: rowCount }, (_, row) => {
    // toPrecision drops the float noise of repeated steps (0.30000000000000004).
    const rowLow = Number((start + row * step).toPrecision(12));
    const rowHigh = Number((start + (row + 1) * step).toPrecision(12));
    return { label: String(rowLow), low: rowLow, high: rowHigh };
  });

  const cells = new Float64Array(columns * rowCount).fill(NaN);
  for (const { times, values } of series) {
    values.forEach((value, index) => {
      if (value === null || !Number.isFinite(value)) return;
      const column = columnOf(times[index]!, layout.from, columnMs, columns);
      if (column === -1) return;
      const row = Math.min(rowCount - 1, Math.floor((value - start) / step));
      const cell = column * rowCount + row;
      cells[cell] = (Number.isNaN(cells[cell]!) ? 0 : cells[cell]!) + 1;
    });
  }
  return { mode: 'bins', from: layout.from, columnMs, columns, rows, cells, ...filledExtent(cells) };
}

/** One row per series (sorted by label), each cell the mean of the series' values in that column. */
export function seriesRows(series: readonly HeatmapSeries[], layout: HeatmapLayout): HeatmapGrid {
  const { columnMs, columns } = columnsOf(layout);
  const sorted = [...series].sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));
  const rowCount = sorted.length;
  const sums = new Float64Array(columns * rowCount);
  const counts = new Uint32Array(columns * rowCount);
  sorted.forEach(({ times, values }, row) => {
    values.forEach((value, index) => {
      if (value === null || !Number.isFinite(value)) return;
      const column = columnOf(times[index]!, layout.from, columnMs, columns);
      if (column === -1) return;
      sums[column * rowCount + row]! += value;
      counts[column * rowCount + row]! += 1;
    });
  });
  const cells = sums.map((sum, cell) => (counts[cell] ? sum / counts[cell] : NaN));
  return { mode: 'rows', from: layout.from, columnMs, columns, rows: sorted.map(({ label }) => ({ label })), cells, ...filledExtent(cells) };
}

/**
 * Where a value sits in a colour scale's domain, 0 to 1 (1 when the domain is a single value).
 * `log` suits counts: one busy column would otherwise leave every other cell at the faint end.
 */
export function cellShare(domain: { min: number; max: number }, value: number, scale: 'linear' | 'log' = 'linear'): number {
  if (!(domain.max > domain.min)) return 1;
  const clamped = Math.min(domain.max, Math.max(domain.min, value));
  if (scale === 'log') return Math.log1p(clamped - domain.min) / Math.log1p(domain.max - domain.min);
  return (clamped - domain.min) / (domain.max - domain.min);
}
