import { useState } from 'react';
import { errorMessage } from '../../lib/forms.ts';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import type { OutboxMessage } from '../../lib/types.ts';
import { useCursorList } from '../../lib/useCursorList.ts';
import { Alert, Badge, Button, Card, Dialog, EmptyState, LinkedText, PageHeader, Spinner, type BadgeTone } from '../../lib/ui/index.ts';
import { keys, useMe } from '../identity/queries.ts';

const statusTone: Record<OutboxMessage['status'], BadgeTone> = { stored: 'neutral', queued: 'warning', sent: 'success', failed: 'danger' };

/** Every email the platform sent (platform admins), or the ones to you while mail stays in the outbox. */
export function OutboxPage() {
  const me = useMe();
  const messages = useCursorList<OutboxMessage>(keys.outbox, '/admin/outbox', { refetchInterval: 10_000 });
  const [open, setOpen] = useState<OutboxMessage | null>(null);
  const admin = me.data?.user.isPlatformAdmin ?? false;

  return (
    <>
      <PageHeader
        title="Mail outbox"
        description={
          admin ? 'Every email this server has sent, newest first. With no SMTP server configured, mail stays here.' : 'Emails sent to you. With no SMTP server configured, mail stays here.'
        }
      />
      <Card>
        {messages.isPending ? (
          <div className="p-5">
            <Spinner label="Loading mail…" />
          </div>
        ) : messages.isError ? (
          <div className="p-5">
            <Alert tone="danger">{errorMessage(messages.error)}</Alert>
          </div>
        ) : messages.items.length === 0 ? (
          <EmptyState title="No mail yet" />
        ) : (
          <ul className="divide-y divide-border">
            {messages.items.map((message) => (
              <li key={message.id}>
                <button
                  type="button"
                  onClick={() => setOpen(message)}
                  className="flex w-full flex-col gap-1 px-5 py-3.5 text-left hover:bg-surface-muted/50 focus-visible:-outline-offset-2 sm:flex-row sm:items-center sm:gap-4"
                >
                  <span className="min-w-0 flex-1">
                    <span className="block truncate font-medium">{message.subject}</span>
                    <span className="block truncate text-[13px] text-muted">To {message.to}</span>
                  </span>
                  <span className="flex shrink-0 items-center gap-3">
                    <Badge tone={statusTone[message.status]} className="capitalize">
                      {message.status}
                    </Badge>
                    <span className="text-[12px] whitespace-nowrap text-muted">{formatRelative(message.createdAt)}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {messages.hasNextPage ? (
          <div className="border-t border-border p-3 text-center">
            <Button variant="secondary" size="sm" loading={messages.isFetchingNextPage} onClick={() => void messages.fetchNextPage()}>
              Load more
            </Button>
          </div>
        ) : null}
      </Card>
      <Dialog open={open !== null} onClose={() => setOpen(null)} title={open?.subject ?? ''} description={open ? `To ${open.to} · ${formatDateTime(open.createdAt)}` : undefined}>
        {open ? (
          <div className="space-y-3">
            {open.error ? <Alert tone="danger" title="Delivery failed">{open.error}</Alert> : null}
            <LinkedText text={open.text} />
          </div>
        ) : null}
      </Dialog>
    </>
  );
}
