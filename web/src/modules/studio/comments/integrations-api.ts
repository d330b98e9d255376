import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateIntegrationBody, Delivery, Integration, IntegrationWithSecret, UpdateIntegrationBody } from '../../../../../common/studio-integrations.ts';
import { api } from '../../../lib/api.ts';
import { useCursorList } from '../../../lib/useCursorList.ts';

export const integrationKeys = {
  list: (projectId: string) => ['projects', projectId, 'integrations'] as const,
  deliveries: (integrationId: string) => ['integrations', integrationId, 'deliveries'] as const,
};

export function useIntegrations(projectId: string) {
  return useQuery({
    queryKey: integrationKeys.list(projectId),
    queryFn: async () => (await api.get<{ items: Integration[] }>(`/projects/${projectId}/integrations`)).items,
  });
}

export function useIntegrationActions(projectId: string) {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: integrationKeys.list(projectId) });
  return {
    create: useMutation({ mutationFn: (body: CreateIntegrationBody) => api.post<IntegrationWithSecret>(`/projects/${projectId}/integrations`, body), onSuccess: refresh }),
    update: useMutation({
      mutationFn: (input: { id: string; changes: UpdateIntegrationBody }) => api.patch<Integration>(`/integrations/${input.id}`, input.changes),
      onSuccess: refresh,
    }),
    rotate: useMutation({ mutationFn: (id: string) => api.post<IntegrationWithSecret>(`/integrations/${id}/rotate-secret`) }),
    remove: useMutation({ mutationFn: (id: string) => api.delete(`/integrations/${id}`), onSuccess: refresh }),
    test: useMutation({
      mutationFn: (id: string) => api.post<Delivery>(`/integrations/${id}/test`),
      onSuccess: (_delivery, id) => void queryClient.invalidateQueries({ queryKey: integrationKeys.deliveries(id) }),
    }),
  };
}

/** The delivery log, refreshed every few seconds while shown so retries appear as they happen. */
export function useDeliveries(integrationId: string) {
  return useCursorList<Delivery>(integrationKeys.deliveries(integrationId), `/integrations/${integrationId}/deliveries?limit=20`, { refetchInterval: 5000 });
}
