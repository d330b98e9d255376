import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DocumentDetail, DocumentKind, DocumentVersion, StudioDocument } from '../../../../../common/studio-documents.ts';
import { api } from '../../../lib/api.ts';
import type { Page } from '../../../lib/types.ts';

export const docKeys = {
  list: (projectId: string) => ['projects', projectId, 'documents'] as const,
  detail: (documentId: string) => ['documents', documentId] as const,
  versions: (documentId: string) => ['documents', documentId, 'versions'] as const,
};

export const useDocument = (documentId: string) =>
  useQuery({ queryKey: docKeys.detail(documentId), queryFn: () => api.get<DocumentDetail>(`/documents/${documentId}`) });

export function useCreateDocument(projectId: string, idempotencyKey: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { title: string; kind: DocumentKind }) =>
      api.post<StudioDocument>(`/projects/${projectId}/documents`, body, { headers: { 'idempotency-key': idempotencyKey } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: docKeys.list(projectId) }),
  });
}

export function useRenameDocument(document: StudioDocument) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (title: string) => api.patch<StudioDocument>(`/documents/${document.id}`, { title }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: docKeys.list(document.projectId) }),
        queryClient.invalidateQueries({ queryKey: docKeys.detail(document.id) }),
      ]),
  });
}

export function useDeleteDocument(document: StudioDocument) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(`/documents/${document.id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: docKeys.list(document.projectId) }),
  });
}

export const useVersions = (documentId: string, enabled: boolean) =>
  useQuery({
    queryKey: docKeys.versions(documentId),
    queryFn: async () => (await api.get<Page<DocumentVersion>>(`/documents/${documentId}/versions?limit=100`)).items,
    enabled,
  });

export function useSaveVersion(documentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<DocumentVersion>(`/documents/${documentId}/versions`, { name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: docKeys.versions(documentId) }),
  });
}

export const useRestoreVersion = (documentId: string) =>
  useMutation({ mutationFn: (versionId: string) => api.post<StudioDocument>(`/documents/${documentId}/versions/${versionId}/restore`) });
