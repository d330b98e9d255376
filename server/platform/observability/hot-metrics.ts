import { Counter, Histogram, type CounterConfiguration, type HistogramConfiguration, type LabelValues } from 'prom-client';

/**
 * prom-client finds a series by building a string from the call's labels and looking it up in a
 * plain object, checking the label names as it goes: on every `inc()` and `observe()`. For the
 * metrics recorded on every request (docs/benchmarks.md) that was the largest cost of the metrics
 * hook. These subclasses find the series through nested maps keyed by the label values instead
 * (method, route and status strings that are the same string objects request after request),
 * and are otherwise prom-client's own metrics: same registry, same exposition. Label names are
 * checked the first time a label set is seen (TypeScript checks them at every call).
 */
class SeriesTree<Series> {
  private readonly root = new Map<unknown, unknown>();
  private readonly labelNames: readonly string[];
  private readonly create: (labels: Record<string, string | number>) => Series;

  constructor(labelNames: readonly string[], create: (labels: Record<string, string | number>) => Series) {
    this.labelNames = labelNames;
    this.create = create;
  }

  find(labels: Record<string, string | number | undefined>): Series {
    let node = this.root;
    const last = this.labelNames.length - 1;
    for (let i = 0; i < last; i++) {
      const value = labels[this.labelNames[i]!];
      let next = node.get(value) as Map<unknown, unknown> | undefined;
      if (!next) {
        next = new Map();
        node.set(value, next);
      }
      node = next;
    }
    const value = labels[this.labelNames[last]!];
    let series = node.get(value) as Series | undefined;
    if (series === undefined) {
      // A copy: the caller's object may be reused or changed after this call.
      series = this.create({ ...labels } as Record<string, string | number>);
      node.set(value, series);
    }
    return series;
  }

  clear(): void {
    this.root.clear();
  }
}

interface PendingCount {
  labels: Record<string, string | number>;
  count: number;
}

/**
 * A Counter whose labelled `inc()` adds to a number found through a `SeriesTree`; the counts are
 * added to prom-client's series when the registry reads the counter (`get()`), through
 * prom-client's own `inc()`.
 */
export class HotCounter<T extends string> extends Counter<T> {
  private pending?: SeriesTree<PendingCount>;
  private pendingList: PendingCount[] = [];
  private readonly plainInc: (labels?: LabelValues<T> | number, value?: number) => void;

  constructor(config: CounterConfiguration<T> & { labelNames: readonly T[] }) {
    if (!config.labelNames.length) throw new Error('A HotCounter needs labels; use a Counter');
    super(config);
    const counter = this as unknown as { incWithoutExemplar(labels?: LabelValues<T> | number, value?: number): void };
    const plainInc = counter.incWithoutExemplar.bind(this);
    this.plainInc = plainInc;
    this.pending = new SeriesTree(config.labelNames, (labels) => {
      plainInc(labels as LabelValues<T>, 0); // checks the label names and shows the series at 0
      const series = { labels, count: 0 };
      this.pendingList.push(series);
      return series;
    });
    this.inc = ((labels?: LabelValues<T> | number, value?: number) => {
      if (typeof labels !== 'object' || (value !== undefined && !(Number.isFinite(value) && value >= 0)) || !this.pending) {
        plainInc(labels, value); // no labels, or a value prom-client refuses: its own path and errors
        return;
      }
      this.pending.find(labels).count += value ?? 1;
    }) as Counter<T>['inc'];
  }

  /** What the registry reads, with the counts gathered since the last read added first. */
  override async get(): ReturnType<Counter<T>['get']> {
    this.flush();
    return super.get();
  }

  private flush(): void {
    for (const series of this.pendingList) {
      if (series.count === 0) continue;
      this.plainInc(series.labels as LabelValues<T>, series.count);
      series.count = 0;
    }
  }

  override reset(): void {
    super.reset();
    // Called by prom-client's constructor too, before this class has set its fields.
    this.pending?.clear();
    this.pendingList = [];
  }

  override remove(...args: string[]): void;
  override remove(labels: LabelValues<T>): void;
  override remove(...args: [LabelValues<T>] | string[]): void {
    this.flush();
    super.remove(...(args as string[]));
    this.pending?.clear();
    this.pendingList = [];
  }
}

/** prom-client's record of one labelled histogram series (lib/histogram.js, `createBaseValues`). */
interface HistogramSeries {
  labels: Record<string, string | number>;
  bucketValues: Record<string, number>;
  sum: number;
  count: number;
}

/**
 * A Histogram whose labelled `observe()` finds the series through a `SeriesTree` and adds to it
 * directly. It relies on prom-client's record of a series (`hashMap` entries of labels,
 * `bucketValues` by upper bound, `sum` and `count`), which `hot-metrics.test.ts` checks against a
 * plain Histogram: a prom-client upgrade that changes it fails there, not in production.
 */
export class HotHistogram<T extends string> extends Histogram<T> {
  private series?: SeriesTree<HistogramSeries>;

  constructor(config: HistogramConfiguration<T> & { labelNames: readonly T[] }) {
    if (!config.labelNames.length) throw new Error('A HotHistogram needs labels; use a Histogram');
    super(config);
    const internals = this as unknown as {
      observeWithoutExemplar(labels: LabelValues<T> | number, value?: number): void;
      hashMap: Record<string, HistogramSeries>;
      upperBounds: readonly number[];
      enableExemplars: boolean;
    };
    if (internals.enableExemplars) throw new Error('A HotHistogram keeps no exemplars');
    const plainObserve = internals.observeWithoutExemplar.bind(this);
    const upperBounds = internals.upperBounds;
    const bucketKeys = upperBounds.map(String);
    this.series = new SeriesTree(config.labelNames, (labels) => {
      for (const name in labels) {
        if (!(config.labelNames as readonly string[]).includes(name)) {
          throw new Error(`Added label "${name}" is not included in initial labelset: ${config.labelNames.join(', ')}`);
        }
      }
      Histogram.prototype.zero.call(this, labels as LabelValues<T>); // makes prom-client's record of the series
      const record = Object.values(internals.hashMap).find((entry) => entry.labels === labels);
      if (!record) throw new Error('prom-client no longer keeps histogram series as HotHistogram expects');
      return record;
    });
    this.observe = ((labels: LabelValues<T> | number, value?: number) => {
      if (typeof labels !== 'object' || value === undefined || !Number.isFinite(value) || !this.series) {
        plainObserve(labels, value);
        return;
      }
      const record = this.series.find(labels);
      record.sum += value;
      record.count += 1;
      for (let i = 0; i < upperBounds.length; i++) {
        if (value <= upperBounds[i]!) {
          record.bucketValues[bucketKeys[i]!]! += 1;
          break;
        }
      }
    }) as Histogram<T>['observe'];
  }

  // Each of these replaces or drops prom-client's records, so the tree forgets the ones it holds.
  override reset(): void {
    super.reset();
    this.series?.clear();
  }

  override zero(labels: LabelValues<T>): void {
    super.zero(labels);
    this.series?.clear();
  }

  override remove(...args: string[]): void;
  override remove(labels: LabelValues<T>): void;
  override remove(...args: [LabelValues<T>] | string[]): void {
    super.remove(...(args as string[]));
    this.series?.clear();
  }
}
