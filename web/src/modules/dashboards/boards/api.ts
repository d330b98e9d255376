import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryResult } from '../../../../../common/dashboards-streams.ts';
import { resolveTime, type Annotation, type Dashboard, type DashboardDetail, type DashboardExport, type ShareLink, type UpdateDashboardBody } from '../../../../../common/dashboards.ts';
import { api, query } from '../../../lib/api.ts';

/** Query keys of dashboards: a dashboard's widgets and annotations live below its key. */
export const boardKeys = {
  list: (orgId: string, filters: object) => ['orgs', orgId, 'dashboards', filters] as const,
  allOf: (orgId: string) => ['orgs', orgId, 'dashboards'] as const,
  board: (dashboardId: string) => ['dashboards', dashboardId] as const,
  widgets: (dashboardId: string) => ['dashboards', dashboardId, 'widgets'] as const,
  share: (dashboardId: string) => ['dashboards', dashboardId, 'share'] as const,
  annotations: (dashboardId: string, range: ViewRange) => ['dashboards', dashboardId, 'annotations', range] as const,
};

export function useDashboard(dashboardId: string) {
  return useQuery({ queryKey: boardKeys.board(dashboardId), queryFn: () => api.get<DashboardDetail>(`/dashboards/${dashboardId}`), enabled: Boolean(dashboardId) });
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

export function useUpdateDashboard(dashboard: Dashboard) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateDashboardBody) => api.patch<Dashboard>(`/dashboards/${dashboard.id}`, body),
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

/** A widget's own data: each widget refetches on its own, keyed by its id, the range and the variables. */
export function useWidgetData(dashboardId: string, widgetId: string, range: ViewRange, variables: Record<string, string>, points: number, refreshSeconds: number) {
  return useQuery({
    queryKey: [...boardKeys.widgets(dashboardId), widgetId, range, variables, points],
    queryFn: async ({ signal }): Promise<WidgetAnswer> => {
      const now = Date.now();
      const to = resolveTime(range.to, now);
      const from = resolveTime(range.from, now);
      const vars = Object.fromEntries(Object.entries(variables).map(([name, value]) => [`var.${name}`, value]));
      const result = await api.get<QueryResult>(
        `/dashboards/${dashboardId}/widgets/${encodeURIComponent(widgetId)}/data${query({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), points, ...vars })}`,
        { signal },
      );
      return { result, from, to };
    },
    enabled: points >= 2,
    placeholderData: keepPreviousData,
    refetchInterval: refreshSeconds > 0 ? refreshSeconds * 1000 : false,
    refetchOnWindowFocus: false,
    staleTime: Infinity,
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
