import { describe, expect, it } from 'vitest';
import { gaugeSegments, gaugeShare, readWidgetDisplay, thresholdLevel } from './widget-display.ts';

describe('readWidgetDisplay', () => {
  it('gives defaults for a widget without options', () => {
    expect(readWidgetDisplay({})).toEqual({ unit: '', decimals: null, min: 0, max: 100, thresholds: [], forecast: false, anomalies: true });
  });

  it('reads unit, decimals, scale, thresholds and overlays', () => {
    const display = readWidgetDisplay({ unit: ' °C ', decimals: 1, min: -20, max: 50, thresholds: [40, 25], forecast: true, anomalies: false });
    expect(display).toEqual({ unit: '°C', decimals: 1, min: -20, max: 50, thresholds: [25, 40], forecast: true, anomalies: false });
  });

  it('tames malformed options instead of drawing nonsense', () => {
    const display = readWidgetDisplay({ unit: 5, decimals: 12.6, min: 10, max: 10, thresholds: [5, Number.NaN, 5], forecast: 'yes' });
    expect(display.unit).toBe('');
    expect(display.decimals).toBe(6);
    expect([display.min, display.max]).toEqual([10, 11]);
    expect(display.thresholds).toEqual([5]);
    expect(display.forecast).toBe(false);
    expect(readWidgetDisplay({ decimals: -2 }).decimals).toBe(0);
  });

  it('keeps the default maximum above a minimum set alone', () => {
    expect(readWidgetDisplay({ min: 500 })).toMatchObject({ min: 500, max: 501 });
    expect(readWidgetDisplay({ min: 20 })).toMatchObject({ min: 20, max: 100 });
  });
});

describe('thresholdLevel', () => {
  it('counts the thresholds a value has reached', () => {
    expect(thresholdLevel(10, [50, 80])).toBe(0);
    expect(thresholdLevel(50, [50, 80])).toBe(1);
    expect(thresholdLevel(95, [50, 80])).toBe(2);
    expect(thresholdLevel(95, [])).toBe(0);
  });
});

describe('gaugeShare', () => {
  it('places a value on the scale and clamps outside it', () => {
    expect(gaugeShare(25, { min: 0, max: 100 })).toBe(0.25);
    expect(gaugeShare(-5, { min: 0, max: 100 })).toBe(0);
    expect(gaugeShare(150, { min: 0, max: 100 })).toBe(1);
  });
});

describe('gaugeSegments', () => {
  it('cuts the scale at the thresholds inside it', () => {
    expect(gaugeSegments({ min: 0, max: 100, thresholds: [50, 80] })).toEqual([
      { from: 0, to: 0.5, level: 0 },
      { from: 0.5, to: 0.8, level: 1 },
      { from: 0.8, to: 1, level: 2 },
    ]);
  });

  it('starts at the level of the minimum when thresholds lie below the scale', () => {
    expect(gaugeSegments({ min: 60, max: 100, thresholds: [10, 80, 200] })).toEqual([
      { from: 0, to: 0.5, level: 1 },
      { from: 0.5, to: 1, level: 2 },
    ]);
  });
});
