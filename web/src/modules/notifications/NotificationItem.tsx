import { Link } from 'react-router';
import type { Notification } from '../../../../common/studio-notifications.ts';
import { formatRelative } from '../../lib/format.ts';
import { cx } from '../../lib/ui/index.ts';
import { NotificationIcon } from './icons.tsx';

/** One notification: what happened, by whom, when; unread ones carry a dot. Opening it marks it read. */
export function NotificationItem({ notification, onOpen, compact = false }: { notification: Notification; onOpen: (n: Notification) => void; compact?: boolean }) {
  const unread = notification.readAt === null;
  const content = (
    <>
      <span
        className={cx(
          'mt-0.5 inline-flex size-8 shrink-0 items-center justify-center rounded-lg',
          notification.kind === 'mention' ? 'bg-warning-soft text-warning' : 'bg-accent-soft text-accent',
        )}
      >
        <NotificationIcon name={notification.kind} />
      </span>
      <span className="min-w-0 flex-1">
        <span className={cx('block text-sm leading-5', unread ? 'font-semibold' : 'text-fg/90')}>{notification.title}</span>
        {notification.body ? <span className={cx('mt-0.5 block text-[13px] text-muted', compact ? 'line-clamp-2' : 'line-clamp-3')}>{notification.body}</span> : null}
        <time dateTime={notification.createdAt} className="mt-1 block text-[12px] text-muted">
          {formatRelative(notification.createdAt)}
        </time>
      </span>
      {unread ? <span aria-label="Unread" role="img" className="mt-2 size-2 shrink-0 rounded-full bg-accent" /> : null}
    </>
  );
  const classes = cx(
    'flex w-full items-start gap-3 rounded-lg px-3 py-2.5 text-left transition-colors hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-ring',
    unread && 'bg-accent-soft/40',
  );
  return notification.link ? (
    <Link to={notification.link} className={classes} onClick={() => onOpen(notification)}>
      {content}
    </Link>
  ) : (
    <button type="button" className={classes} onClick={() => onOpen(notification)}>
      {content}
    </button>
  );
}
