import { describe, expect, it } from 'vitest';
import { downsampleLttb } from './lttb.ts';

function range(length: number): number[] {
  return Array.from({ length }, (_, i) => i);
}

function spikySine(length: number, spikeUpAt: number, spikeDownAt: number): number[] {
  return range(length).map((i) => {
    if (i === spikeUpAt) return 10;
    if (i === spikeDownAt) return -10;
    return Math.sin(i / 50);
  });
}

describe('downsampleLttb', () => {
  it('matches a hand-computed example', () => {
    // Interior points 1..5 fall into buckets [1, 2] and [3, 4, 5]. Bucket one: against (0, 0) and the
    // average (4, 1/3) of bucket two, (2, 5) spans the larger triangle. Bucket two: against (2, 5) and the
    // last point (6, 0), (5, -4) does (twice the area 21, versus 7 and 2).
    const result = downsampleLttb(range(7), [0, 1, 5, 2, 3, -4, 0], 4);
    expect(result).toEqual({ times: [0, 2, 5, 6], values: [0, 5, -4, 0] });
  });

  it('keeps the global maximum and minimum of a spiky series', () => {
    const values = spikySine(10_000, 3_217, 7_411);
    const result = downsampleLttb(range(10_000), values, 100);
    expect(Math.max(...(result.values as number[]))).toBe(10);
    expect(Math.min(...(result.values as number[]))).toBe(-10);
    expect(result.times).toContain(3_217);
    expect(result.times).toContain(7_411);
  });

  it('returns exactly threshold points for a series without gaps, keeping the first and last', () => {
    const values = spikySine(10_000, 10, 20);
    const result = downsampleLttb(range(10_000), values, 100);
    expect(result.times).toHaveLength(100);
    expect(result.values).toHaveLength(100);
    expect(result.times[0]).toBe(0);
    expect(result.times.at(-1)).toBe(9_999);
    expect(result.values[0]).toBe(values[0]);
    expect(result.values.at(-1)).toBe(values[9_999]);
  });

  it('keeps times in order', () => {
    const result = downsampleLttb(range(5_000), spikySine(5_000, 1, 2), 77);
    expect(result.times).toEqual([...result.times].sort((a, b) => a - b));
  });

  it('leaves a series no longer than the threshold untouched, as arrays', () => {
    const times = new Float64Array([1, 2, 3]);
    const values = [4, null, 6];
    const result = downsampleLttb(times, values, 3);
    expect(result).toEqual({ times: [1, 2, 3], values: [4, null, 6] });
    expect(Array.isArray(result.times)).toBe(true);
    expect(result.values).not.toBe(values);
  });

  it('keeps only the first and last point when the threshold is below 3', () => {
    expect(downsampleLttb(range(10), range(10), 2)).toEqual({ times: [0, 9], values: [0, 9] });
    expect(downsampleLttb(range(10), range(10), 0)).toEqual({ times: [0, 9], values: [0, 9] });
  });

  it('accepts typed arrays', () => {
    const result = downsampleLttb(new Float64Array(range(1_000)), new Float64Array(spikySine(1_000, 500, 600)), 50);
    expect(result.times).toHaveLength(50);
    expect(result.values).toContain(10);
    expect(result.values).toContain(-10);
  });

  describe('gaps', () => {
    const times = range(1_000);
    // Runs of 600 and 300 points, separated by 100 nulls.
    const values = times.map((i) => (i >= 600 && i < 700 ? null : Math.sin(i / 20)));

    it('keeps a gap as one null between the runs', () => {
      const result = downsampleLttb(times, values, 90);
      const gapIndexes = result.values.flatMap((value, index) => (value === null ? [index] : []));
      expect(gapIndexes).toHaveLength(1);
      const gap = gapIndexes[0]!;
      expect(result.times[gap - 1]).toBe(599);
      expect(result.times[gap]).toBe(600);
      expect(result.times[gap + 1]).toBe(700);
    });

    it('shares the threshold between runs in proportion to their length, plus the gap markers', () => {
      // Each run keeps its two ends; the other 86 points are split 598 : 298, the points beyond those ends.
      const result = downsampleLttb(times, values, 90);
      const gap = result.values.indexOf(null);
      expect(gap).toBe(2 + 57);
      expect(result.values.length - gap - 1).toBe(2 + 29);
    });

    it('keeps the first and last point of every run', () => {
      const result = downsampleLttb(times, values, 90);
      for (const time of [0, 599, 700, 999]) expect(result.times).toContain(time);
    });

    it('keeps a single-point run and skips nulls at the ends', () => {
      const result = downsampleLttb(range(8), [null, 1, 2, 3, null, 4, null, null], 3);
      expect(result).toEqual({ times: [1, 3, 4, 5], values: [1, 3, null, 4] });
    });
  });
});
