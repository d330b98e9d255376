import { useQuery } from '@tanstack/react-query';
import type { StreamAnomaly, StreamForecast } from '../../../../../common/dashboards-analytics.ts';
import type { Annotation } from '../../../../../common/dashboards.ts';
import { api, query } from '../../../lib/api.ts';
import { dashboardKeys } from '../api.ts';
import { boardKeys } from '../boards/api.ts';

const MINUTE_MS = 60_000;
/** Analytics run hourly, so their answers stay fresh for minutes. */
const ANALYTICS_STALE_MS = 5 * MINUTE_MS;

/**
 * The range widened to whole minutes: widgets of one dashboard resolve `now` a few milliseconds
 * apart, and should share one request rather than send one each.
 */
function minuteRange(from: number, to: number): { from: string; to: string } {
  return { from: new Date(Math.floor(from / MINUTE_MS) * MINUTE_MS).toISOString(), to: new Date(Math.ceil(to / MINUTE_MS) * MINUTE_MS).toISOString() };
}

/**
 * The dashboard's annotations touching a widget's range. Keyed below the dashboard's annotations, so
 * adding or removing one (which invalidates that key) redraws the charts too.
 */
export function useChartAnnotations(dashboardId: string | undefined, from: number, to: number) {
  const range = minuteRange(from, to);
  return useQuery({
    queryKey: boardKeys.annotations(dashboardId ?? '', range),
    queryFn: async ({ signal }) => (await api.get<{ items: Annotation[] }>(`/dashboards/${dashboardId}/annotations${query(range)}`, { signal })).items,
    enabled: Boolean(dashboardId),
    staleTime: MINUTE_MS,
    retry: false,
  });
}

/** The anomalies the hourly analytics found in a stream field over a range. */
export function useAnomalies(streamId: string, field: string, from: number, to: number, enabled: boolean) {
  const range = minuteRange(from, to);
  return useQuery({
    queryKey: [...dashboardKeys.stream(streamId), 'anomalies', field, range],
    queryFn: async ({ signal }) => (await api.get<{ items: StreamAnomaly[] }>(`/streams/${streamId}/anomalies${query({ field, ...range })}`, { signal })).items,
    enabled: enabled && Boolean(streamId && field),
    staleTime: ANALYTICS_STALE_MS,
    retry: false,
  });
}

/** The stream field's latest forecast; null until the analytics have two days of data. */
export function useForecast(streamId: string, field: string, enabled: boolean) {
  return useQuery({
    queryKey: [...dashboardKeys.stream(streamId), 'forecast', field],
    queryFn: ({ signal }) => api.get<StreamForecast | null>(`/streams/${streamId}/forecast${query({ field })}`, { signal }),
    enabled: enabled && Boolean(streamId && field),
    staleTime: ANALYTICS_STALE_MS,
    retry: false,
  });
}
