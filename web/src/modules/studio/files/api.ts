import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Download, FileDetail, FileSort, Folder, StorageUsage, StudioFile } from '../../../../../common/studio-files.ts';
import { api, query } from '../../../lib/api.ts';
import { useNamespace } from '../../../lib/socket.ts';
import { useCursorList } from '../../../lib/useCursorList.ts';

export const PREVIEWS_QUEUE = 'studio.files.previews';

export const fileKeys = {
  all: (projectId: string) => ['projects', projectId, 'files'] as const,
  list: (projectId: string, filter: object) => ['projects', projectId, 'files', 'list', filter] as const,
  folders: (projectId: string) => ['projects', projectId, 'files', 'folders'] as const,
  file: (projectId: string, fileId: string) => ['projects', projectId, 'files', 'detail', fileId] as const,
  usage: (projectId: string) => ['projects', projectId, 'files', 'usage'] as const,
};

export interface FileFilter {
  folderId: string | null;
  trash: boolean;
  sort: FileSort;
  order: 'asc' | 'desc';
  q: string;
}

export function useFiles(projectId: string, filter: FileFilter) {
  const path = `/projects/${projectId}/files${query({
    folderId: filter.trash || filter.q ? undefined : filter.folderId,
    trash: filter.trash ? 'true' : undefined,
    sort: filter.sort,
    order: filter.order,
    q: filter.q,
    limit: 60,
  })}`;
  return useCursorList<StudioFile>(fileKeys.list(projectId, filter), path);
}

export function useFolders(projectId: string) {
  return useQuery({
    queryKey: fileKeys.folders(projectId),
    queryFn: async () => (await api.get<{ items: Folder[] }>(`/projects/${projectId}/folders`)).items,
  });
}

export function useFileDetail(projectId: string, fileId: string | null) {
  return useQuery({
    queryKey: fileKeys.file(projectId, fileId ?? ''),
    queryFn: () => api.get<FileDetail>(`/files/${fileId}`),
    enabled: Boolean(fileId),
    retry: false,
    // Previews are made in the background; look again until the job has run.
    refetchInterval: (q) => (q.state.data?.file.previewStatus === 'pending' ? 3000 : false),
  });
}

export function useStorageUsage(projectId: string) {
  return useQuery({ queryKey: fileKeys.usage(projectId), queryFn: () => api.get<StorageUsage>(`/projects/${projectId}/storage`) });
}

/** Refreshes the file lists when a preview job this user started finishes (reported over the socket). */
export function usePreviewRefresh(projectId: string) {
  const queryClient = useQueryClient();
  const socket = useNamespace('/');
  useEffect(() => {
    const onProgress = ({ queue, percent }: { queue: string; percent: number }) => {
      if (queue === PREVIEWS_QUEUE && percent === 100) void queryClient.invalidateQueries({ queryKey: fileKeys.all(projectId) });
    };
    socket.on('job:progress', onProgress);
    return () => {
      socket.off('job:progress', onProgress);
    };
  }, [socket, projectId, queryClient]);
}

/** Every write of the files page; each refreshes what it changed. */
export function useFileActions(projectId: string) {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: fileKeys.all(projectId) });
  const options = { onSuccess: refresh };
  return {
    createFolder: useMutation({ mutationFn: (body: { name: string; parentId: string | null }) => api.post<Folder>(`/projects/${projectId}/folders`, body), ...options }),
    updateFolder: useMutation({
      mutationFn: ({ folderId, ...body }: { folderId: string; name?: string; parentId?: string | null }) => api.patch<Folder>(`/folders/${folderId}`, body),
      ...options,
    }),
    deleteFolder: useMutation({ mutationFn: (folderId: string) => api.delete<{ trashedFileIds: string[] }>(`/folders/${folderId}`), ...options }),
    updateFile: useMutation({
      mutationFn: ({ fileId, ...body }: { fileId: string; name?: string; folderId?: string | null }) => api.patch<FileDetail>(`/files/${fileId}`, body),
      ...options,
    }),
    deleteFile: useMutation({ mutationFn: (fileId: string) => api.delete(`/files/${fileId}`), ...options }),
    restoreFile: useMutation({ mutationFn: (fileId: string) => api.post<FileDetail>(`/files/${fileId}/restore`), ...options }),
    purgeFile: useMutation({ mutationFn: (fileId: string) => api.post(`/files/${fileId}/purge`), ...options }),
    setCover: useMutation({
      mutationFn: (coverFileId: string | null) => api.patch(`/projects/${projectId}`, { coverFileId }),
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['projects', projectId] }),
    }),
    refresh,
  };
}

/** Opens a short-lived signed URL: a download, or the original in a new tab. */
export async function openDownload(fileId: string, versionId?: string, disposition: 'attachment' | 'inline' = 'attachment'): Promise<void> {
  const path = versionId ? `/files/${fileId}/versions/${versionId}/download` : `/files/${fileId}/download`;
  const { url } = await api.get<Download>(`${path}${query({ disposition })}`);
  if (disposition === 'inline') {
    window.open(url, '_blank', 'noopener');
    return;
  }
  const link = document.createElement('a');
  link.href = url;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}
