import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { NotificationPayload } from '../../../../common/realtime.ts';
import type { Notification, NotificationPage } from '../../../../common/studio-notifications.ts';
import { api } from '../../lib/api.ts';
import { Spinner, cx, useToast } from '../../lib/ui/index.ts';
import { notificationKeys, useMarkRead, useUnreadCount } from './api.ts';
import { NotificationIcon } from './icons.tsx';
import { NotificationItem } from './NotificationItem.tsx';
import { useNotificationsLive } from './useNotificationsLive.ts';

const RECENT = 8;

/** The topbar bell: a live unread badge and a dropdown of the latest notifications. */
export function NotificationBell() {
  const [openedOn, setOpenedOn] = useState<string | null>(null);
  const location = useLocation();
  const open = openedOn === location.pathname;
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const toast = useToast();
  const unread = useUnreadCount();
  const { some, all } = useMarkRead();
  const recent = useQuery({
    queryKey: [...notificationKeys.list('all'), 'recent'],
    queryFn: () => api.get<NotificationPage>(`/notifications?limit=${RECENT}`),
    enabled: open,
  });

  const arrived = useCallback((payload: NotificationPayload) => toast(payload.title, 'info'), [toast]);
  useNotificationsLive(arrived);

  useEffect(() => {
    if (!open) return;
    const closeOnEscape = (event: KeyboardEvent) => event.key === 'Escape' && setOpenedOn(null);
    const closeOutside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpenedOn(null);
    };
    window.addEventListener('keydown', closeOnEscape);
    window.addEventListener('pointerdown', closeOutside);
    return () => {
      window.removeEventListener('keydown', closeOnEscape);
      window.removeEventListener('pointerdown', closeOutside);
    };
  }, [open]);

  const count = unread.data ?? 0;
  const openOne = (notification: Notification) => {
    if (notification.readAt === null) some.mutate([notification.id]);
    setOpenedOn(null);
  };

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        onClick={() => setOpenedOn(open ? null : location.pathname)}
        aria-label={count ? `Notifications, ${count} unread` : 'Notifications'}
        aria-expanded={open}
        aria-controls={panelId}
        className="relative rounded-md p-2 text-muted hover:bg-surface-muted hover:text-fg"
      >
        <NotificationIcon name="bell" className="size-5" />
        {count > 0 ? (
          <span
            data-testid="notification-badge"
            className="absolute top-0.5 right-0.5 inline-flex h-4 min-w-4 items-center justify-center rounded-full bg-danger px-1 text-[10px] leading-none font-semibold text-white ring-2 ring-surface dark:text-bg"
          >
            {count > 99 ? '99+' : count}
          </span>
        ) : null}
      </button>
      {open ? (
        <div
          id={panelId}
          role="dialog"
          aria-label="Notifications"
          className="fixed inset-x-2 top-14 z-40 mt-1 overflow-hidden rounded-xl border border-border bg-surface shadow-2xl sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:w-96"
        >
          <div className="flex items-center justify-between gap-2 border-b border-border px-4 py-2.5">
            <p className="text-sm font-semibold">Notifications</p>
            <button
              type="button"
              disabled={count === 0 || all.isPending}
              onClick={() => all.mutate()}
              className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-[13px] font-medium text-accent hover:bg-accent-soft disabled:text-muted disabled:hover:bg-transparent"
            >
              <NotificationIcon name="checkAll" />
              Mark all read
            </button>
          </div>
          <div className="max-h-[min(28rem,70dvh)] overflow-y-auto p-1.5">
            {recent.isPending ? (
              <Spinner label="Loading notifications…" className="m-4" />
            ) : recent.data?.items.length ? (
              <ul className="space-y-0.5">
                {recent.data.items.map((notification) => (
                  <li key={notification.id}>
                    <NotificationItem notification={notification} onOpen={openOne} compact />
                  </li>
                ))}
              </ul>
            ) : (
              <div className="px-4 py-10 text-center">
                <NotificationIcon name="bell" className="mx-auto size-6 text-muted" />
                <p className="mt-2 text-sm font-medium">You’re all caught up</p>
                <p className="text-[13px] text-muted">Mentions, replies and comments on your work show up here.</p>
              </div>
            )}
          </div>
          <Link
            to="/notifications"
            onClick={() => setOpenedOn(null)}
            className={cx('block border-t border-border px-4 py-2.5 text-center text-[13px] font-medium text-accent hover:bg-surface-muted')}
          >
            See all notifications
          </Link>
        </div>
      ) : null}
    </div>
  );
}
