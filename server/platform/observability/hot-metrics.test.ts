import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HotCounter, HotHistogram } from './hot-metrics.ts';

const labelNames = ['method', 'route', 'status'] as const;
const buckets = [0.001, 0.01, 0.1, 1];

function pair() {
  const plain = new Registry();
  const hot = new Registry();
  return {
    plain,
    hot,
    counters: [
      new Counter({ name: 'requests_total', help: 'h', labelNames, registers: [plain] }),
      new HotCounter({ name: 'requests_total', help: 'h', labelNames, registers: [hot] }),
    ] as const,
    histograms: [
      new Histogram({ name: 'duration_seconds', help: 'h', labelNames: ['method', 'route'] as const, buckets, registers: [plain] }),
      new HotHistogram({ name: 'duration_seconds', help: 'h', labelNames: ['method', 'route'] as const, buckets, registers: [hot] }),
    ] as const,
  };
}

describe('hot metrics', () => {
  it('expose exactly what prom-client metrics fed the same values expose', async () => {
    const { plain, hot, counters, histograms } = pair();
    const observations = [0.0005, 0.001, 0.002, 0.5, 1, 3, 0.01, 0.0001];
    for (const [i, value] of observations.entries()) {
      const route = i % 3 ? '/api/v1/me' : 'unmatched';
      for (const counter of counters) counter.inc({ method: 'GET', route, status: String(i % 2 ? 200 : 404) });
      for (const histogram of histograms) histogram.observe({ method: 'GET', route }, value);
    }
    for (const counter of counters) counter.inc({ method: 'POST', route: '/x', status: '201' }, 2.5);
    for (const histogram of histograms) histogram.observe({ method: 'POST', route: '/x' }, 0.05);
    expect(await hot.metrics()).toBe(await plain.metrics());

    // Counts keep adding up across reads of the registry.
    for (const counter of counters) counter.inc({ method: 'GET', route: 'unmatched', status: '404' });
    for (const histogram of histograms) histogram.observe({ method: 'GET', route: 'unmatched' }, 0.2);
    expect(await hot.metrics()).toBe(await plain.metrics());
    expect(await hot.getMetricsAsJSON()).toEqual(await plain.getMetricsAsJSON());
  });

  it('start over after reset() and remove() as prom-client metrics do', async () => {
    const { plain, hot, counters, histograms } = pair();
    for (const counter of counters) counter.inc({ method: 'GET', route: '/a', status: '200' });
    for (const histogram of histograms) histogram.observe({ method: 'GET', route: '/a' }, 0.02);
    for (const metric of [...counters, ...histograms]) metric.reset();
    for (const counter of counters) counter.inc({ method: 'GET', route: '/a', status: '200' });
    for (const histogram of histograms) histogram.observe({ method: 'GET', route: '/a' }, 0.3);
    expect(await hot.metrics()).toBe(await plain.metrics());

    for (const counter of counters) counter.remove({ method: 'GET', route: '/a', status: '200' });
    for (const histogram of histograms) histogram.remove({ method: 'GET', route: '/a' });
    expect(await hot.metrics()).toBe(await plain.metrics());
    for (const counter of counters) counter.inc({ method: 'GET', route: '/a', status: '200' });
    for (const histogram of histograms) histogram.observe({ method: 'GET', route: '/a' }, 0.003);
    expect(await hot.metrics()).toBe(await plain.metrics());
  });

  it('refuse unknown labels and bad values as prom-client does', () => {
    const { counters, histograms } = pair();
    const [, counter] = counters;
    const [, histogram] = histograms;
    expect(() => counter.inc({ method: 'GET', nope: 'x' } as never)).toThrow(/not included in initial labelset/);
    expect(() => counter.inc({ method: 'GET', route: '/', status: '200' }, -1)).toThrow(/decrease a counter/);
    expect(() => histogram.observe({ method: 'GET', nope: 'x' } as never, 1)).toThrow(/not included in initial labelset/);
    expect(() => histogram.observe({ method: 'GET', route: '/' }, Number.NaN)).toThrow(/not a valid number/);
  });
});
