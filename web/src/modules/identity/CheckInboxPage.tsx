import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { AuthLayout } from '../../app/AuthLayout.tsx';
import { safeNext } from '../../app/RequireAuth.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/forms.ts';
import { formatRelative } from '../../lib/format.ts';
import type { OutboxMessage, Page } from '../../lib/types.ts';
import { Alert, Button, LinkedText, buttonClasses } from '../../lib/ui/index.ts';
import { keys, useMe } from './queries.ts';

/**
 * "Check your inbox" after sign-up. When mail is kept in the outbox (embedded mode) the
 * messages for this address are listed right here, links clickable.
 */
export function CheckInboxPage() {
  const me = useMe();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const email = me.data?.user.email;
  const verified = me.data?.user.emailVerified ?? false;

  const inbox = useQuery({
    queryKey: [...keys.outbox, 'inbox', email],
    queryFn: () => api.get<Page<OutboxMessage>>('/admin/outbox'),
    enabled: Boolean(email),
    retry: false,
    refetchInterval: 5000,
  });
  const resend = useMutation({ mutationFn: () => api.post('/auth/resend-verification'), onSuccess: () => void inbox.refetch() });
  const messages = (inbox.data?.items ?? []).filter((m) => m.to.toLowerCase() === email?.toLowerCase());

  return (
    <AuthLayout
      wide
      title={verified ? 'Your inbox' : 'Check your inbox'}
      description={
        verified ? (
          'Your email address is verified.'
        ) : (
          <>
            We sent a verification link to <strong className="font-medium text-fg">{email ?? 'your email address'}</strong>. Open it to confirm the address.
          </>
        )
      }
      footer={
        <Link to={next} className="font-medium text-accent hover:underline">
          {verified ? 'Continue to Fluxworks' : 'Skip for now'}
        </Link>
      }
    >
      <div className="space-y-5">
        {!verified ? (
          <div className="flex flex-wrap items-center gap-3">
            <Button variant="secondary" loading={resend.isPending} onClick={() => resend.mutate()}>
              Resend the email
            </Button>
            {resend.isSuccess ? <span className="text-[13px] text-success">A new link is on its way.</span> : null}
            {resend.isError ? <span className="text-[13px] text-danger">{errorMessage(resend.error)}</span> : null}
          </div>
        ) : (
          <Link to={next} className={buttonClasses('primary')}>
            Continue to Fluxworks
          </Link>
        )}
        {inbox.isSuccess ? (
          <section aria-labelledby="outbox-title" className="space-y-3">
            <div>
              <h2 id="outbox-title" className="text-sm font-semibold">
                Mail outbox
              </h2>
              <p className="text-[13px] text-muted">This server keeps email in its outbox instead of sending it. Messages to you appear here.</p>
            </div>
            {messages.length ? (
              <ul className="space-y-3">
                {messages.map((message) => (
                  <li key={message.id} className="rounded-lg border border-border bg-surface-muted/40 p-4">
                    <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
                      <p className="font-medium">{message.subject}</p>
                      <p className="text-[12px] text-muted">{formatRelative(message.createdAt)}</p>
                    </div>
                    <LinkedText text={message.text} />
                  </li>
                ))}
              </ul>
            ) : (
              <Alert>No messages yet. They appear here within a few seconds.</Alert>
            )}
          </section>
        ) : null}
      </div>
    </AuthLayout>
  );
}
