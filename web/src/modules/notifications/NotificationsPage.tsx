import { useState } from 'react';
import type { Notification } from '../../../../common/studio-notifications.ts';
import { errorMessage } from '../../lib/forms.ts';
import { useCursorList } from '../../lib/useCursorList.ts';
import { Alert, Button, Card, CardBody, CardHeader, Checkbox, EmptyState, PageHeader, Spinner, cx, useToast } from '../../lib/ui/index.ts';
import { notificationKeys, useMarkRead, useNotificationPreferences, useSaveNotificationPreferences, useUnreadCount } from './api.ts';
import { NotificationIcon } from './icons.tsx';
import { NotificationItem } from './NotificationItem.tsx';

type Filter = 'all' | 'unread';

/** The notification centre: everything that asked for the person's attention, and their email setting. */
export function NotificationsPage() {
  const [filter, setFilter] = useState<Filter>('all');
  const list = useCursorList<Notification>(notificationKeys.list(filter), `/notifications?limit=30${filter === 'unread' ? '&unread=true' : ''}`);
  const unread = useUnreadCount();
  const { some, all } = useMarkRead();

  return (
    <div className="space-y-6">
      <PageHeader
        title="Notifications"
        description="Mentions, replies and comments from your projects."
        actions={
          <Button variant="secondary" icon={<NotificationIcon name="checkAll" />} disabled={!unread.data} loading={all.isPending} onClick={() => all.mutate()}>
            Mark all read
          </Button>
        }
      />
      <Card>
        <div role="tablist" aria-label="Show" className="flex gap-1 border-b border-border px-3 pt-2">
          {(['all', 'unread'] as const).map((value) => (
            <button
              key={value}
              type="button"
              role="tab"
              aria-selected={filter === value}
              onClick={() => setFilter(value)}
              className={cx(
                '-mb-px border-b-2 px-3 py-2 text-sm font-medium',
                filter === value ? 'border-accent text-accent' : 'border-transparent text-muted hover:text-fg',
              )}
            >
              {value === 'all' ? 'All' : `Unread${unread.data ? ` (${unread.data})` : ''}`}
            </button>
          ))}
        </div>
        <div className="p-2">
          {list.isPending ? (
            <Spinner label="Loading notifications…" className="m-4" />
          ) : list.isError ? (
            <Alert tone="danger">{errorMessage(list.error)}</Alert>
          ) : list.items.length === 0 ? (
            <EmptyState title={filter === 'unread' ? 'Nothing unread' : 'No notifications yet'}>When someone mentions you or replies to you, it shows up here.</EmptyState>
          ) : (
            <ul className="space-y-0.5">
              {list.items.map((notification) => (
                <li key={notification.id}>
                  <NotificationItem notification={notification} onOpen={(n) => n.readAt === null && some.mutate([n.id])} />
                </li>
              ))}
            </ul>
          )}
          {list.hasNextPage ? (
            <div className="p-2 text-center">
              <Button variant="ghost" size="sm" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                Load older
              </Button>
            </div>
          ) : null}
        </div>
      </Card>
      <EmailDigestCard />
    </div>
  );
}

function EmailDigestCard() {
  const preferences = useNotificationPreferences();
  const save = useSaveNotificationPreferences();
  const toast = useToast();
  // The box follows the click at once; the query cache catches up a tick later, and a controlled
  // checkbox would otherwise flick back to the old value in between.
  const [choice, setChoice] = useState<boolean | null>(null);
  return (
    <Card>
      <CardHeader title="Email" description="We never email you about something you have already read." />
      <CardBody>
        {preferences.data ? (
          <Checkbox
            label="Email digest of unread mentions"
            description="At most once an hour, only when someone mentioned you and you have not seen it yet."
            checked={choice ?? preferences.data.emailDigest}
            onChange={(event) => {
              const emailDigest = event.target.checked;
              setChoice(emailDigest);
              save.mutate(
                { emailDigest },
                {
                  onSuccess: (saved) => toast(saved.emailDigest ? 'Email digest turned on' : 'Email digest turned off'),
                  onError: (err) => {
                    setChoice(null);
                    toast(errorMessage(err), 'danger');
                  },
                },
              );
            }}
          />
        ) : (
          <Spinner label="Loading…" />
        )}
      </CardBody>
    </Card>
  );
}
