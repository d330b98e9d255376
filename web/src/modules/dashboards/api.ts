import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateStreamBody, IngestResult, Stream, StreamDetail, UpdateStreamBody } from '../../../../common/dashboards-streams.ts';
import { api } from '../../lib/api.ts';
import type { Page } from '../../lib/types.ts';

/** Query keys of the dashboards module, so invalidations name exactly what changed. */
export const dashboardKeys = {
  streams: (orgId: string, filters: object) => ['orgs', orgId, 'streams', filters] as const,
  allStreams: (orgId: string) => ['orgs', orgId, 'streams'] as const,
  /** The stream's detail; its range queries live below this key. */
  stream: (streamId: string) => ['streams', streamId] as const,
  queries: (streamId: string) => ['streams', streamId, 'query'] as const,
  mqttSources: (orgId: string) => ['orgs', orgId, 'mqtt-sources'] as const,
};

export function useStream(streamId: string) {
  return useQuery({ queryKey: dashboardKeys.stream(streamId), queryFn: () => api.get<StreamDetail>(`/streams/${streamId}`), enabled: Boolean(streamId) });
}

/** The organisation's streams for pickers (the first 200, newest first). */
export function useStreamOptions(orgId: string) {
  return useQuery({
    queryKey: dashboardKeys.streams(orgId, { picker: true }),
    queryFn: async () => (await api.get<Page<Stream>>(`/orgs/${orgId}/streams?limit=200`)).items,
  });
}

export function useCreateStream(orgId: string, idempotencyKey: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateStreamBody) => api.post<Stream>(`/orgs/${orgId}/streams`, body, { headers: { 'idempotency-key': idempotencyKey } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: dashboardKeys.allStreams(orgId) }),
  });
}

export function useUpdateStream(stream: Stream) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateStreamBody) => api.patch<Stream>(`/streams/${stream.id}`, body),
    onSuccess: (updated) => {
      queryClient.setQueryData<StreamDetail>(dashboardKeys.stream(stream.id), (detail) => (detail ? { ...detail, stream: updated } : detail));
      void queryClient.invalidateQueries({ queryKey: dashboardKeys.allStreams(stream.orgId) });
    },
  });
}

export function useDeleteStream(stream: Stream) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(`/streams/${stream.id}`),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: dashboardKeys.stream(stream.id) });
      void queryClient.invalidateQueries({ queryKey: dashboardKeys.allStreams(stream.orgId) });
    },
  });
}

/** Points go as typed (PointInput when well formed): the server checks each one and answers why it refused any. */
export function useWritePoints(streamId: string) {
  return useMutation({ mutationFn: (points: readonly unknown[]) => api.post<IngestResult>(`/streams/${streamId}/points`, { points }) });
}
