import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateMqttSourceBody, MqttSource, UpdateMqttSourceBody } from '../../../../../common/dashboards-mqtt.ts';
import { api } from '../../../lib/api.ts';
import { dashboardKeys } from '../api.ts';

/** How often the list asks again, so message counts and errors stay current while it is open. */
const STATUS_REFRESH_MS = 10_000;

export function useMqttSources(orgId: string) {
  return useQuery({
    queryKey: dashboardKeys.mqttSources(orgId),
    queryFn: async () => (await api.get<{ items: MqttSource[] }>(`/orgs/${orgId}/mqtt-sources`)).items,
    refetchInterval: STATUS_REFRESH_MS,
  });
}

export function useCreateMqttSource(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateMqttSourceBody) => api.post<MqttSource>(`/orgs/${orgId}/mqtt-sources`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: dashboardKeys.mqttSources(orgId) }),
  });
}

export function useMqttSourceActions(orgId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: dashboardKeys.mqttSources(orgId) });
  return {
    update: useMutation({
      mutationFn: ({ source, body }: { source: MqttSource; body: UpdateMqttSourceBody }) => api.patch<MqttSource>(`/mqtt-sources/${source.id}`, body),
      onSuccess: refresh,
    }),
    remove: useMutation({ mutationFn: (source: MqttSource) => api.delete(`/mqtt-sources/${source.id}`), onSuccess: refresh }),
  };
}
