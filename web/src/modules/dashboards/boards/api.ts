import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryResult, TagValues } from '../../../../../common/dashboards-streams.ts';
import {
  resolveTime,
  type Annotation,
  type Dashboard,
  type DashboardDetail,
  type DashboardExport,
  type DashboardVariable,
  type PublicDashboard,
  type ShareLink,
  type UpdateDashboardBody,
  type VariableValues,
  type WidgetQuery,
} from '../../../../../common/dashboards.ts';
import { api, query } from '../../../lib/api.ts';
import { dashboardKeys } from '../api.ts';

/** Query keys of dashboards: a dashboard's widgets and annotations live below its key. */
export const boardKeys = {
  list: (orgId: string, filters: object) => ['orgs', orgId, 'dashboards', filters] as const,
  allOf: (orgId: string) => ['orgs', orgId, 'dashboards'] as const,
  board: (dashboardId: string) => ['dashboards', dashboardId] as const,
  /** Every widget answer of the dashboard, saved widgets, unsaved ones and the editor's preview alike: what Refresh refetches. */
  widgets: (dashboardId: string) => ['dashboards', dashboardId, 'widgets'] as const,
  share: (dashboardId: string) => ['dashboards', dashboardId, 'share'] as const,
  annotations: (dashboardId: string, range: ViewRange) => ['dashboards', dashboardId, 'annotations', range] as const,
};

/** Query keys of a dashboard read through a public link: its widgets, their analytics and variable values live below the link's key. */
export const sharedKeys = {
  board: (token: string) => ['shared-dashboards', token] as const,
  widgets: (token: string) => ['shared-dashboards', token, 'widgets'] as const,
  /** Keyed by the widget's field too, so a widget changed to another field asks again. */
  analytics: (token: string, widget: { id: string; query: { streamId: string; field: string } }) =>
    ['shared-dashboards', token, 'analytics', widget.id, widget.query.streamId, widget.query.field] as const,
  variableValues: (token: string, name: string, search: string) => ['shared-dashboards', token, 'variables', name, search] as const,
};

/**
 * Where a dashboard viewer reads: a dashboard by its id, for signed-in people, or a public link by its
 * token, which reaches only the saved dashboard's widgets and variables.
 */
export type BoardSource = { kind: 'dashboard'; dashboardId: string } | { kind: 'shared'; token: string };

/** Every widget answer the viewer holds: what Refresh refetches. */
export function widgetsKey(source: BoardSource) {
  return source.kind === 'dashboard' ? boardKeys.widgets(source.dashboardId) : sharedKeys.widgets(source.token);
}

/** A saved widget's data or analytics through a public link. */
export function sharedWidgetPath(token: string, widgetId: string, what: 'data' | 'anomalies' | 'forecast'): string {
  return `/shared/dashboards/${encodeURIComponent(token)}/widgets/${encodeURIComponent(widgetId)}/${what}`;
}

function widgetDataPath(source: BoardSource, widgetId: string): string {
  return source.kind === 'dashboard' ? `/dashboards/${source.dashboardId}/widgets/${encodeURIComponent(widgetId)}/data` : sharedWidgetPath(source.token, widgetId, 'data');
}

const fetchDashboard = (dashboardId: string) => api.get<DashboardDetail>(`/dashboards/${dashboardId}`);

export function useDashboard(dashboardId: string) {
  return useQuery({ queryKey: boardKeys.board(dashboardId), queryFn: () => fetchDashboard(dashboardId), enabled: Boolean(dashboardId) });
}

export function useCreateDashboard(orgId: string, idempotencyKey: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (title: string) => api.post<Dashboard>(`/orgs/${orgId}/dashboards`, { title }, { headers: { 'idempotency-key': idempotencyKey } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: boardKeys.allOf(orgId) }),
  });
}

/** Sends the file's JSON as it is: the server checks its format and streams and says what it refused. */
export function useImportDashboard(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      let body: unknown;
      try {
        body = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not a JSON file.`);
      }
      return api.post<Dashboard>(`/orgs/${orgId}/dashboards/import`, body);
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: boardKeys.allOf(orgId) }),
  });
}

export function useDeleteDashboard(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (dashboardId: string) => api.delete(`/dashboards/${dashboardId}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: boardKeys.allOf(orgId) }),
  });
}

/**
 * Saves changes made from `body.version`; a 409 `dashboard_changed` means someone saved in between.
 * With `overwrite`, the version is the one saved now, so these changes replace theirs.
 */
export function useUpdateDashboard(dashboard: Dashboard) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ overwrite = false, ...body }: UpdateDashboardBody & { overwrite?: boolean }) => {
      const version = overwrite ? (await fetchDashboard(dashboard.id)).dashboard.version : body.version;
      return api.patch<Dashboard>(`/dashboards/${dashboard.id}`, { ...body, version });
    },
    onSuccess: (updated) => {
      queryClient.setQueryData<DashboardDetail>(boardKeys.board(dashboard.id), (detail) => (detail ? { ...detail, dashboard: updated } : detail));
      void queryClient.invalidateQueries({ queryKey: boardKeys.allOf(dashboard.orgId) });
    },
  });
}

/** The public link, asked only of those who may share. */
export function useShareLink(dashboardId: string, enabled: boolean) {
  return useQuery({ queryKey: boardKeys.share(dashboardId), queryFn: () => api.get<ShareLink | null>(`/dashboards/${dashboardId}/share`), enabled });
}

export function useToggleShare(dashboardId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (on: boolean): Promise<ShareLink | null> => {
      if (on) return api.put<ShareLink>(`/dashboards/${dashboardId}/share`);
      await api.delete(`/dashboards/${dashboardId}/share`);
      return null;
    },
    onSuccess: (link) => {
      queryClient.setQueryData(boardKeys.share(dashboardId), link);
      void queryClient.invalidateQueries({ queryKey: boardKeys.board(dashboardId), exact: true });
    },
  });
}

/** The time range a dashboard is viewed over, resolved to instants when its widgets ask. */
export interface ViewRange {
  from: string;
  to: string;
}

/** One widget's answer with the instants it covers, so its chart's axis spans exactly them. */
export interface WidgetAnswer {
  result: QueryResult;
  from: number;
  to: number;
}

/**
 * A saved widget's own data, through the dashboard or its public link: each widget refetches on its
 * own, keyed by its id, the range and the variables.
 */
export function useSavedWidgetData(source: BoardSource, widgetId: string, range: ViewRange, variables: Record<string, string>, points: number, refreshSeconds: number, enabled = true) {
  return useQuery({
    queryKey: [...widgetsKey(source), widgetId, range, variables, points],
    queryFn: async ({ signal }): Promise<WidgetAnswer> => {
      const now = Date.now();
      const to = resolveTime(range.to, now);
      const from = resolveTime(range.from, now);
      const vars = Object.fromEntries(Object.entries(variables).map(([name, value]) => [`var.${name}`, value]));
      const result = await api.get<QueryResult>(`${widgetDataPath(source, widgetId)}${query({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), points, ...vars })}`, { signal });
      return { result, from, to };
    },
    enabled: enabled && points >= 2,
    placeholderData: keepPreviousData,
    refetchInterval: refreshSeconds > 0 ? refreshSeconds * 1000 : false,
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
}


/** The API path of a widget's query asked of its stream, with its tag filter already resolved. */
export function streamQueryPath(widgetQuery: WidgetQuery, tags: Record<string, string>, from: number, to: number, points: number): string {
  const raw = widgetQuery.agg === 'raw';
  const filters = Object.fromEntries(Object.entries(tags).map(([key, value]) => [`tag.${key}`, value]));
  const search = query({
    field: widgetQuery.field,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    agg: widgetQuery.agg,
    interval: raw ? undefined : widgetQuery.interval,
    points,
    groupBy: widgetQuery.groupBy,
    fill: raw ? undefined : widgetQuery.fill,
    ...filters,
  });
  return `/streams/${widgetQuery.streamId}/query${search}`;
}

/**
 * A widget's answer asked of its stream directly, for what the server does not have saved yet: a
 * widget added or changed in edit mode, and the widget editor's preview. `purpose` keeps the two apart.
 */
export function useStreamAnswer(
  source: BoardSource,
  purpose: string,
  widgetQuery: WidgetQuery,
  tags: Record<string, string>,
  range: ViewRange,
  points: number,
  { refreshSeconds = 0, enabled = true }: { refreshSeconds?: number; enabled?: boolean } = {},
) {
  return useQuery({
    queryKey: [...widgetsKey(source), purpose, widgetQuery, tags, range, points],
    queryFn: async ({ signal }): Promise<WidgetAnswer> => {
      const now = Date.now();
      const to = resolveTime(range.to, now);
      const from = resolveTime(range.from, now);
      const result = await api.get<QueryResult>(streamQueryPath(widgetQuery, tags, from, to, points), { signal });
      return { result, from, to };
    },
    enabled: enabled && points >= 2 && Boolean(widgetQuery.streamId && widgetQuery.field),
    placeholderData: keepPreviousData,
    refetchInterval: refreshSeconds > 0 ? refreshSeconds * 1000 : false,
    refetchOnWindowFocus: false,
    staleTime: Infinity,
    retry: false,
  });
}

/** How many values a dropdown offers; typing narrows them. */
const VALUES_LIMIT = 100;
const VALUES_STALE_MS = 30_000;

const tagValuesKey = (streamId: string, key: string, search: string) => [...dashboardKeys.stream(streamId), 'tag-values', key, search] as const;

async function fetchTagValues(streamId: string, key: string, search: string, signal: AbortSignal): Promise<string[]> {
  return (await api.get<TagValues>(`/streams/${streamId}/tag-values${query({ key, q: search, limit: VALUES_LIMIT })}`, { signal })).values;
}

/** Values a stream's tag key takes, narrowed by `search`, for tag filters and the variables editor. */
export function useTagValues(streamId: string, key: string, search = '', enabled = true) {
  return useQuery({
    queryKey: tagValuesKey(streamId, key, search),
    queryFn: ({ signal }) => fetchTagValues(streamId, key, search, signal),
    enabled: enabled && Boolean(streamId && key),
    placeholderData: keepPreviousData,
    staleTime: VALUES_STALE_MS,
  });
}

/**
 * The values a variable's dropdown offers, narrowed by `search`. Signed in, they are asked of its
 * stream, so a variable added in edit mode offers them before it is saved; a public link asks the
 * saved dashboard's variable.
 */
export function useVariableValues(source: BoardSource, variable: DashboardVariable, search: string, enabled: boolean) {
  return useQuery({
    queryKey: source.kind === 'shared' ? sharedKeys.variableValues(source.token, variable.name, search) : tagValuesKey(variable.streamId, variable.tagKey, search),
    queryFn: async ({ signal }) =>
      source.kind === 'shared'
        ? (
            await api.get<VariableValues>(`/shared/dashboards/${encodeURIComponent(source.token)}/variables/${encodeURIComponent(variable.name)}/values${query({ q: search, limit: VALUES_LIMIT })}`, {
              signal,
            })
          ).values
        : fetchTagValues(variable.streamId, variable.tagKey, search, signal),
    enabled: enabled && (source.kind === 'shared' || Boolean(variable.streamId && variable.tagKey)),
    placeholderData: keepPreviousData,
    staleTime: VALUES_STALE_MS,
  });
}

/**
 * A dashboard through its public link, without signing in. With `refreshSeconds`, it is asked again
 * that often, so a changed layout shows and a link turned off is noticed.
 */
export function useSharedDashboard(token: string, refreshSeconds = 0) {
  return useQuery({
    queryKey: sharedKeys.board(token),
    queryFn: ({ signal }) => api.get<PublicDashboard>(`/shared/dashboards/${encodeURIComponent(token)}`, { signal }),
    enabled: Boolean(token),
    refetchInterval: refreshSeconds > 0 ? refreshSeconds * 1000 : false,
  });
}

/** The annotations touching the range, resolved to instants when asked. */
export function useAnnotations(dashboardId: string, range: ViewRange) {
  return useQuery({
    queryKey: boardKeys.annotations(dashboardId, range),
    queryFn: async () => {
      const now = Date.now();
      const instants = { from: new Date(resolveTime(range.from, now)).toISOString(), to: new Date(resolveTime(range.to, now)).toISOString() };
      return (await api.get<{ items: Annotation[] }>(`/dashboards/${dashboardId}/annotations${query(instants)}`)).items;
    },
  });
}

/** Saves the export file; the API wants the bearer token, so it is fetched and handed over as a blob. */
export async function downloadExport(dashboard: Dashboard): Promise<void> {
  const file = await api.get<DashboardExport>(`/dashboards/${dashboard.id}/export`);
  const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${dashboard.title.replace(/[^\w.-]+/g, '-').toLowerCase() || 'dashboard'}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
