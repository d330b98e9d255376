import type { QueryResult, Series } from '../../../../../common/dashboards-streams.ts';

export interface SeriesSummary {
  label: string;
  series: Series;
  last: number | null;
  lastTime: number;
  min: number | null;
  max: number | null;
}

/** Each series' label as the chart legend writes it: `host=web-1` when grouped, else the field. */
export function seriesLabel(result: QueryResult, series: Series, groupBy: string): string {
  if (!groupBy) return result.field;
  const value = series.tags[groupBy];
  return value ? `${groupBy}=${value}` : `${groupBy} not set`;
}

/** The newest, smallest and largest value of each series. */
export function summarise(result: QueryResult, groupBy: string): SeriesSummary[] {
  return result.series.map((series) => {
    let last: number | null = null;
    let lastTime = -Infinity;
    let min: number | null = null;
    let max: number | null = null;
    for (const [index, value] of series.values.entries()) {
      if (value === null) continue;
      last = value;
      lastTime = series.times[index] ?? lastTime;
      min = min === null ? value : Math.min(min, value);
      max = max === null ? value : Math.max(max, value);
    }
    return { label: seriesLabel(result, series, groupBy), series, last, lastTime, min, max };
  });
}

/** The series whose newest value is the newest of all; null when no series has a value. */
export function newestSummary(summaries: readonly SeriesSummary[]): SeriesSummary | null {
  return summaries.reduce<SeriesSummary | null>((best, row) => (row.last !== null && (!best || row.lastTime > best.lastTime) ? row : best), null);
}
