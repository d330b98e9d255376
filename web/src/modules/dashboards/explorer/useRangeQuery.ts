import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { QueryResult } from '../../../../../common/dashboards-streams.ts';
import { api } from '../../../lib/api.ts';
import { dashboardKeys } from '../api.ts';
import { apiQueryString, rangeMs, type ExplorerQuery } from './explorer-query.ts';

/** A query's answer with the range and grouping it was asked for, so the chart draws what this answer holds. */
export interface RangeAnswer {
  result: QueryResult;
  explorer: ExplorerQuery;
  from: number;
  to: number;
  points: number;
}

/** The explorer's range query, ending now; `points` is the chart's width in pixels. */
export function useRangeQuery(streamId: string, explorer: ExplorerQuery, points: number) {
  return useQuery({
    queryKey: [...dashboardKeys.queries(streamId), explorer, points],
    queryFn: async ({ signal }): Promise<RangeAnswer> => {
      const to = Date.now();
      const from = to - rangeMs(explorer.range);
      const result = await api.get<QueryResult>(`/streams/${streamId}/query${apiQueryString(explorer, from, to, points)}`, { signal });
      return { result, explorer, from, to, points };
    },
    enabled: Boolean(explorer.field) && points >= 2,
    placeholderData: keepPreviousData,
    // A refetch redraws the chart from scratch; it happens when asked, not whenever the tab regains focus.
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
}
