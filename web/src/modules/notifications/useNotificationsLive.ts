import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { NotificationPayload, NotificationsReadPayload } from '../../../../common/realtime.ts';
import { useNamespace } from '../../lib/socket.ts';
import { notificationKeys } from './api.ts';

/**
 * Keeps the badge and the lists current from the `notification` and `notification:read` events
 * the server pushes to this person's sockets; `onArrival` sees each new notification.
 */
export function useNotificationsLive(onArrival?: (notification: NotificationPayload) => void) {
  const socket = useNamespace('/');
  const queryClient = useQueryClient();

  useEffect(() => {
    const arrived = (payload: NotificationPayload) => {
      if (payload.unread === undefined) void queryClient.invalidateQueries({ queryKey: notificationKeys.unread });
      else queryClient.setQueryData(notificationKeys.unread, payload.unread);
      void queryClient.invalidateQueries({ queryKey: ['notifications', 'list'] });
      onArrival?.(payload);
    };
    const read = (payload: NotificationsReadPayload) => {
      queryClient.setQueryData(notificationKeys.unread, payload.unread);
      void queryClient.invalidateQueries({ queryKey: ['notifications', 'list'] });
    };
    // Whatever arrived while disconnected is counted again on reconnect.
    const reconnected = () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    socket.on('notification', arrived);
    socket.on('notification:read', read);
    socket.on('connect', reconnected);
    return () => {
      socket.off('notification', arrived);
      socket.off('notification:read', read);
      socket.off('connect', reconnected);
    };
  }, [socket, queryClient, onArrival]);
}
