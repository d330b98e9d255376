import type { LivePoint, QueryResult } from '../../../../../common/dashboards-streams.ts';

/**
 * A value column aligned to the shared time column: `null` is a gap the line breaks at, `undefined`
 * means the series has no point at that time (another series has) and the line runs across it.
 */
export type Column = (number | null | undefined)[];

export interface ChartSeries {
  /** The groupBy tag's value; empty when the query is not grouped. */
  key: string;
  label: string;
}

/**
 * The chart's data in uPlot's aligned form: one time column shared by every series. It starts from
 * a query result and takes live points as they come, so the chart never refetches to move.
 */
export class ChartModel {
  readonly times: number[] = [];
  readonly columns: Column[] = [];
  readonly series: ChartSeries[] = [];
  private readonly field: string;
  private readonly groupBy: string;

  constructor(field: string, groupBy: string) {
    this.field = field;
    this.groupBy = groupBy;
  }

  static fromResult(result: QueryResult, groupBy: string): ChartModel {
    const model = new ChartModel(result.field, groupBy);
    const times = [...new Set(result.series.flatMap((series) => series.times))].sort((a, b) => a - b);
    const row = new Map(times.map((time, index) => [time, index]));
    model.times.push(...times);
    for (const series of result.series) {
      const column: Column = new Array<undefined>(times.length).fill(undefined);
      series.times.forEach((time, index) => {
        column[row.get(time)!] = series.values[index] ?? null;
      });
      model.addSeries(groupBy ? (series.tags[groupBy] ?? '') : '', column);
    }
    return model;
  }

  /** [times, ...columns], for uPlot's setData. */
  get data(): [number[], ...Column[]] {
    return [this.times, ...this.columns];
  }

  /** Places live points of the field in their series and time; answers how many series they started. */
  append(points: readonly LivePoint[]): number {
    const before = this.series.length;
    for (const point of points) {
      const value = point.values[this.field];
      if (value === undefined) continue;
      const key = this.groupBy ? (point.tags[this.groupBy] ?? '') : '';
      let column = this.series.findIndex((series) => series.key === key);
      if (column === -1) column = this.addSeries(key, new Array<undefined>(this.times.length).fill(undefined));
      this.columns[column]![this.rowFor(point.time)] = value;
    }
    return this.series.length - before;
  }

  /** Drops rows older than `since`, then the oldest beyond `maxRows`. */
  trim(since: number, maxRows: number): void {
    let drop = 0;
    while (drop < this.times.length && this.times[drop]! < since) drop++;
    drop = Math.max(drop, this.times.length - maxRows);
    if (drop <= 0) return;
    this.times.splice(0, drop);
    for (const column of this.columns) column.splice(0, drop);
  }

  private addSeries(key: string, column: Column): number {
    const label = this.groupBy ? (key ? `${this.groupBy}=${key}` : `${this.groupBy} not set`) : this.field;
    this.series.push({ key, label });
    this.columns.push(column);
    return this.columns.length - 1;
  }

  /** The row of a time, inserted in order when new; live points nearly always land at the end. */
  private rowFor(time: number): number {
    const last = this.times.length - 1;
    if (last === -1 || time > this.times[last]!) {
      this.times.push(time);
      for (const column of this.columns) column.push(undefined);
      return last + 1;
    }
    let low = 0;
    let high = last;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.times[middle]! < time) low = middle + 1;
      else high = middle;
    }
    if (this.times[low] !== time) {
      this.times.splice(low, 0, time);
      for (const column of this.columns) column.splice(low, 0, undefined);
    }
    return low;
  }
}
