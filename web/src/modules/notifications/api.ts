import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationPreferences } from '../../../../common/studio-notifications.ts';
import { api } from '../../lib/api.ts';

/** Query keys of the notification centre. */
export const notificationKeys = {
  all: ['notifications'] as const,
  list: (filter: 'all' | 'unread') => ['notifications', 'list', filter] as const,
  unread: ['notifications', 'unread'] as const,
  preferences: ['notifications', 'preferences'] as const,
};

export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: async () => (await api.get<{ unread: number }>('/notifications/unread-count')).unread,
    staleTime: 60_000,
  });
}

/** Marking read answers with the new unread count, which the badge takes at once. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  const settle = (unread: number) => {
    queryClient.setQueryData(notificationKeys.unread, unread);
    void queryClient.invalidateQueries({ queryKey: ['notifications', 'list'] });
  };
  const some = useMutation({
    mutationFn: async (ids: string[]) => (await api.post<{ unread: number }>('/notifications/read', { ids })).unread,
    onSuccess: settle,
  });
  const all = useMutation({
    mutationFn: async () => (await api.post<{ unread: number }>('/notifications/read-all')).unread,
    onSuccess: settle,
  });
  return { some, all };
}

export function useNotificationPreferences() {
  return useQuery({ queryKey: notificationKeys.preferences, queryFn: () => api.get<NotificationPreferences>('/notifications/preferences') });
}

export function useSaveNotificationPreferences() {
  const queryClient = useQueryClient();
  // The checkbox follows the click at once; a refused save puts it back.
  return useMutation({
    mutationFn: (preferences: NotificationPreferences) => api.put<NotificationPreferences>('/notifications/preferences', preferences),
    onMutate: (preferences) => {
      const previous = queryClient.getQueryData<NotificationPreferences>(notificationKeys.preferences);
      queryClient.setQueryData(notificationKeys.preferences, preferences);
      return { previous };
    },
    onError: (_err, _preferences, context) => queryClient.setQueryData(notificationKeys.preferences, context?.previous),
    onSuccess: (saved) => queryClient.setQueryData(notificationKeys.preferences, saved),
  });
}
