import { describe, expect, it } from 'vitest';
import { ANOMALY_HOUR_MS, placeAnomalies } from './anomaly-marks.ts';

const HOUR = ANOMALY_HOUR_MS;
const MINUTE = 60_000;

describe('placeAnomalies', () => {
  it('marks the point of the hour that strays furthest from the expected value', () => {
    const series = { times: [HOUR - MINUTE, HOUR, HOUR + 10 * MINUTE, HOUR + 50 * MINUTE, 2 * HOUR], values: [500, 12, 90, 40, -300] };
    const [placed] = placeAnomalies([{ time: HOUR, value: 47, expected: 10, score: 6 }], [series]);
    expect(placed).toEqual({ time: HOUR + 10 * MINUTE, value: 90, expected: 10, score: 6 });
  });

  it('follows the way the anomaly went: the lowest point for a dip', () => {
    const series = { times: [0, MINUTE, 2 * MINUTE], values: [40, 2, 12] };
    const [placed] = placeAnomalies([{ time: 0, value: 6, expected: 10, score: -5 }], [series]);
    expect(placed).toMatchObject({ time: MINUTE, value: 2 });
  });

  it('looks across every series and skips gaps', () => {
    const [placed] = placeAnomalies(
      [{ time: 0, value: 4, expected: 10, score: -5 }],
      [
        { times: [0, MINUTE], values: [null, 8] },
        { times: [0, MINUTE], values: [undefined, -4] },
      ],
    );
    expect(placed).toMatchObject({ time: MINUTE, value: -4 });
  });

  it('keeps the hourly average when the chart has no point in that hour', () => {
    const [placed] = placeAnomalies([{ time: 5 * HOUR, value: 33, expected: 10, score: 4 }], [{ times: [0, HOUR], values: [1, 2] }]);
    expect(placed).toMatchObject({ time: 5 * HOUR, value: 33 });
  });
});
