import { useQuery } from '@tanstack/react-query';
import type { StreamAnomaly, StreamForecast } from '../../../../../common/dashboards-analytics.ts';
import type { Annotation, Widget } from '../../../../../common/dashboards.ts';
import { api, query } from '../../../lib/api.ts';
import { dashboardKeys } from '../api.ts';
import { boardKeys, sharedKeys, sharedWidgetPath, type BoardSource } from '../boards/api.ts';

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

/**
 * Where a widget's analytics are read. Signed in, of its stream field, so a widget being edited has
 * them before it is saved; through a public link, of the saved widget, which names its own field.
 */
function analyticsRequest(source: BoardSource, widget: Widget, what: 'anomalies' | 'forecast', params: Record<string, string>) {
  const { streamId, field } = widget.query;
  if (source.kind === 'shared') return { key: [...sharedKeys.analytics(source.token, widget), what, params], path: `${sharedWidgetPath(source.token, widget.id, what)}${query(params)}` };
  return { key: [...dashboardKeys.stream(streamId), what, field, params], path: `/streams/${streamId}/${what}${query({ field, ...params })}` };
}

/** The anomalies the hourly analytics found in the widget's field over a range. */
export function useAnomalies(source: BoardSource, widget: Widget, from: number, to: number, enabled: boolean) {
  const request = analyticsRequest(source, widget, 'anomalies', minuteRange(from, to));
  return useQuery({
    queryKey: request.key,
    queryFn: async ({ signal }) => (await api.get<{ items: StreamAnomaly[] }>(request.path, { signal })).items,
    enabled: enabled && Boolean(widget.query.streamId && widget.query.field),
    staleTime: ANALYTICS_STALE_MS,
    retry: false,
  });
}

/** The widget field's latest forecast; null until the analytics have two days of data. */
export function useForecast(source: BoardSource, widget: Widget, enabled: boolean) {
  const request = analyticsRequest(source, widget, 'forecast', {});
  return useQuery({
    queryKey: request.key,
    queryFn: ({ signal }) => api.get<StreamForecast | null>(request.path, { signal }),
    enabled: enabled && Boolean(widget.query.streamId && widget.query.field),
    staleTime: ANALYTICS_STALE_MS,
    retry: false,
  });
}
