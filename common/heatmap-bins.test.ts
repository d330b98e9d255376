import { describe, expect, it } from 'vitest';
import { binValues, cellShare, niceStep, seriesRows } from './heatmap-bins.ts';

const MINUTE = 60_000;

function cell(grid: { rows: unknown[]; cells: Float64Array }, column: number, row: number): number {
  return grid.cells[column * grid.rows.length + row]!;
}

describe('niceStep', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(0.7)).toBe(1);
    expect(niceStep(1.2)).toBe(2);
    expect(niceStep(2.2)).toBe(2.5);
    expect(niceStep(3)).toBe(5);
    expect(niceStep(6)).toBe(10);
    expect(niceStep(0.013)).toBeCloseTo(0.02);
  });

  it('answers 1 for a step that is not a positive number', () => {
    expect(niceStep(0)).toBe(1);
    expect(niceStep(Number.NaN)).toBe(1);
  });
});

describe('binValues', () => {
  it('counts values per time column and value bin', () => {
    const grid = binValues([{ label: 'cpu', times: [0, 30_000, 60_000, 90_000, 100_000], values: [1, 9, 1.5, 1.2, null] }], {
      from: 0,
      to: 2 * MINUTE,
      columns: 2,
      bucketMs: null,
      maxRows: 4,
    });
    expect(grid.mode).toBe('bins');
    expect(grid.columns).toBe(2);
    expect(grid.columnMs).toBe(MINUTE);
    expect(grid.rows.map((row) => [row.low, row.high])).toEqual([
      [0, 2.5],
      [2.5, 5],
      [5, 7.5],
      [7.5, 10],
    ]);
    expect(cell(grid, 0, 0)).toBe(1);
    expect(cell(grid, 0, 3)).toBe(1);
    expect(cell(grid, 1, 0)).toBe(2);
    expect(cell(grid, 1, 3)).toBeNaN();
    expect([grid.min, grid.max]).toEqual([1, 2]);
  });

  it('puts the largest value in the top bin and counts every series together', () => {
    const grid = binValues(
      [
        { label: 'a', times: [0, 1], values: [0, 10] },
        { label: 'b', times: [2], values: [10] },
      ],
      { from: 0, to: 10, columns: 1, bucketMs: null, maxRows: 5 },
    );
    expect(grid.rows.at(-1)).toMatchObject({ low: 8, high: 10 });
    expect(cell(grid, 0, grid.rows.length - 1)).toBe(2);
  });

  it('never makes more bins than asked for', () => {
    for (const [low, high] of [
      [3, 97],
      [-0.13, 0.91],
      [1_001, 1_999],
    ] as const) {
      const grid = binValues([{ label: 'x', times: [0, 1], values: [low, high] }], { from: 0, to: 2, columns: 1, bucketMs: null, maxRows: 7 });
      expect(grid.rows.length).toBeLessThanOrEqual(7);
      expect(grid.rows[0]!.low).toBeLessThanOrEqual(low);
      expect(grid.rows.at(-1)!.high).toBeGreaterThanOrEqual(high);
    }
  });

  it('keeps whole buckets in a column', () => {
    const grid = binValues([{ label: 'x', times: [0], values: [1] }], { from: 0, to: 60 * MINUTE, columns: 40, bucketMs: MINUTE, maxRows: 4 });
    expect(grid.columnMs).toBe(2 * MINUTE);
    expect(grid.columns).toBe(30);
  });

  it('makes one bin when every value is the same', () => {
    const grid = binValues([{ label: 'x', times: [0, 1, 2], values: [5, 5, 5] }], { from: 0, to: 3, columns: 1, bucketMs: null, maxRows: 8 });
    expect(grid.rows).toHaveLength(1);
    expect(cell(grid, 0, 0)).toBe(3);
  });

  it('leaves out values outside the time range and answers an empty grid without values', () => {
    const outside = binValues([{ label: 'x', times: [-5, 50], values: [1, 2] }], { from: 0, to: 10, columns: 2, bucketMs: null, maxRows: 4 });
    expect(outside.rows).toHaveLength(0);
    expect(outside.min).toBeNaN();
    const none = binValues([], { from: 0, to: 10, columns: 2, bucketMs: null, maxRows: 4 });
    expect(none.cells).toHaveLength(0);
  });
});

describe('seriesRows', () => {
  it('makes one row per series sorted by label, each cell the mean of its column', () => {
    const grid = seriesRows(
      [
        { label: 'host=web-10', times: [0, 10, 70], values: [4, 6, null] },
        { label: 'host=web-2', times: [0, 70], values: [1, 3] },
      ],
      { from: 0, to: 120, columns: 2, bucketMs: null },
    );
    expect(grid.mode).toBe('rows');
    expect(grid.rows.map((row) => row.label)).toEqual(['host=web-2', 'host=web-10']);
    expect(cell(grid, 0, 0)).toBe(1);
    expect(cell(grid, 0, 1)).toBe(5);
    expect(cell(grid, 1, 0)).toBe(3);
    expect(cell(grid, 1, 1)).toBeNaN();
    expect([grid.min, grid.max]).toEqual([1, 5]);
  });
});

describe('cellShare', () => {
  it('places a value in the domain and clamps outside it', () => {
    expect(cellShare({ min: 0, max: 10 }, 2.5)).toBe(0.25);
    expect(cellShare({ min: 0, max: 10 }, 20)).toBe(1);
    expect(cellShare({ min: 4, max: 4 }, 4)).toBe(1);
  });

  it('spreads counts on a log scale so one busy cell does not fade the rest', () => {
    expect(cellShare({ min: 0, max: 99 }, 9, 'log')).toBeCloseTo(0.5);
    expect(cellShare({ min: 0, max: 99 }, 99, 'log')).toBe(1);
    expect(cellShare({ min: 0, max: 99 }, 0, 'log')).toBe(0);
  });
});
