import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { CommentAnchor, CommentThread } from '../../../../../common/studio-comments.ts';
import { api, query } from '../../../lib/api.ts';
import { useNamespace } from '../../../lib/socket.ts';
import { useCursorList } from '../../../lib/useCursorList.ts';

export interface ThreadFilter {
  target: 'project' | 'file';
  fileId?: string;
  /** Absent: open and resolved threads alike. */
  resolved?: boolean;
}

export const commentKeys = {
  all: (projectId: string) => ['projects', projectId, 'comments'] as const,
  list: (projectId: string, filter: ThreadFilter) => ['projects', projectId, 'comments', 'list', filter] as const,
  thread: (projectId: string, commentId: string) => ['projects', projectId, 'comments', 'thread', commentId] as const,
};

export function useThreads(projectId: string, filter: ThreadFilter) {
  const path = `/projects/${projectId}/comments${query({ target: filter.target, fileId: filter.fileId, resolved: filter.resolved === undefined ? undefined : String(filter.resolved), limit: 20 })}`;
  return useCursorList<CommentThread>(commentKeys.list(projectId, filter), path);
}

export function useThread(projectId: string, commentId: string | null) {
  return useQuery({
    queryKey: commentKeys.thread(projectId, commentId ?? ''),
    queryFn: () => api.get<CommentThread>(`/comments/${commentId}`),
    enabled: Boolean(commentId),
    retry: false,
  });
}

/** Every comment action; each refreshes the project's comment lists when it lands. */
export function useCommentActions(projectId: string) {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: commentKeys.all(projectId) });
  const options = { onSuccess: refresh };
  return {
    create: useMutation({
      mutationFn: (input: { body: string; fileId?: string; fileVersionId?: string; anchor?: CommentAnchor }) => api.post<CommentThread>(`/projects/${projectId}/comments`, input),
      ...options,
    }),
    reply: useMutation({ mutationFn: (input: { commentId: string; body: string }) => api.post<CommentThread>(`/comments/${input.commentId}/replies`, { body: input.body }), ...options }),
    edit: useMutation({ mutationFn: (input: { commentId: string; body: string }) => api.patch<CommentThread>(`/comments/${input.commentId}`, { body: input.body }), ...options }),
    remove: useMutation({ mutationFn: (commentId: string) => api.delete(`/comments/${commentId}`), ...options }),
    resolve: useMutation({ mutationFn: (commentId: string) => api.post<CommentThread>(`/comments/${commentId}/resolve`), ...options }),
    reopen: useMutation({ mutationFn: (commentId: string) => api.post<CommentThread>(`/comments/${commentId}/reopen`), ...options }),
  };
}

/**
 * Joins the project's room on the default namespace (again after every reconnect) and refreshes
 * the comment lists whenever someone comments, edits, resolves or deletes.
 */
export function useCommentsLive(projectId: string) {
  const socket = useNamespace('/');
  const queryClient = useQueryClient();
  useEffect(() => {
    const watch = () => socket.emit('project:watch', { projectId }, () => undefined);
    const changed = (payload: { projectId: string }) => {
      if (payload.projectId === projectId) void queryClient.invalidateQueries({ queryKey: commentKeys.all(projectId) });
    };
    if (socket.connected) watch();
    socket.on('connect', watch);
    socket.on('comment:created', changed);
    socket.on('comment:updated', changed);
    socket.on('comment:deleted', changed);
    return () => {
      socket.off('connect', watch);
      socket.off('comment:created', changed);
      socket.off('comment:updated', changed);
      socket.off('comment:deleted', changed);
      if (socket.connected) socket.emit('project:unwatch', { projectId });
    };
  }, [socket, projectId, queryClient]);
}
