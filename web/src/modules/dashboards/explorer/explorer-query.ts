import { AGGREGATES, FILLS, type Aggregate, type Fill, type Stream } from '../../../../../common/dashboards-streams.ts';
import { query } from '../../../lib/api.ts';

export const TIME_RANGES = [
  { id: '15m', label: '15m', title: 'Last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: '1h', title: 'Last hour', ms: 3_600_000 },
  { id: '6h', label: '6h', title: 'Last 6 hours', ms: 6 * 3_600_000 },
  { id: '24h', label: '24h', title: 'Last 24 hours', ms: 24 * 3_600_000 },
  { id: '7d', label: '7d', title: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: '30d', title: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;
export type RangeId = (typeof TIME_RANGES)[number]['id'];

export const AGGREGATE_CHOICES = [...AGGREGATES, 'raw'] as const;
export type AggregateChoice = Aggregate | 'raw';

/** What the explorer shows, kept in the URL so a view can be shared and survives a reload. */
export interface ExplorerQuery {
  field: string;
  agg: AggregateChoice;
  range: RangeId;
  /** Empty when not grouped. */
  groupBy: string;
  fill: Fill;
}

const DEFAULTS = { agg: 'avg', range: '1h', fill: 'none' } as const;

function oneOf<T extends string>(choices: readonly T[], value: string | null, fallback: T): T {
  return choices.find((choice) => choice === value) ?? fallback;
}

/** The explorer query in the URL, with anything the stream does not have replaced by a default. */
export function readExplorerQuery(params: URLSearchParams, stream: Stream): ExplorerQuery {
  return {
    field: oneOf(stream.fields, params.get('field'), stream.fields[0] ?? ''),
    agg: oneOf(AGGREGATE_CHOICES, params.get('agg'), DEFAULTS.agg),
    range: oneOf(
      TIME_RANGES.map((range) => range.id),
      params.get('range'),
      DEFAULTS.range,
    ),
    groupBy: oneOf(stream.tagKeys, params.get('groupBy'), ''),
    fill: oneOf(FILLS, params.get('fill'), DEFAULTS.fill),
  };
}

/** The URL parameters of a query, leaving out what is at its default. */
export function explorerSearch(explorer: ExplorerQuery): Record<string, string> {
  const entries = Object.entries({ field: explorer.field, agg: explorer.agg, range: explorer.range, groupBy: explorer.groupBy, fill: explorer.fill });
  return Object.fromEntries(entries.filter(([key, value]) => value !== '' && value !== (DEFAULTS as Record<string, string>)[key]));
}

export function rangeMs(range: RangeId): number {
  return TIME_RANGES.find((choice) => choice.id === range)!.ms;
}

/** The API query string of /query and /query.csv for a range ending at `to`. */
export function apiQueryString(explorer: ExplorerQuery, from: number, to: number, points: number): string {
  return query({
    field: explorer.field,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    agg: explorer.agg,
    points,
    groupBy: explorer.groupBy,
    fill: explorer.agg === 'raw' ? undefined : explorer.fill,
  });
}
