import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/forms.ts';
import { describeUserAgent, formatDateTime, formatRelative } from '../../lib/format.ts';
import type { DeviceSession } from '../../lib/types.ts';
import { Alert, Badge, Button, Card, CardHeader, Icon, PageHeader, Spinner, useToast } from '../../lib/ui/index.ts';
import { keys } from './queries.ts';

export function SessionsPage() {
  const toast = useToast();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: keys.sessions, queryFn: () => api.get<{ items: DeviceSession[] }>('/me/sessions') });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: keys.sessions });
  const onError = (error: unknown) => toast(errorMessage(error), 'danger');
  const revoke = useMutation({
    mutationFn: (session: DeviceSession) => api.delete(`/me/sessions/${session.id}`),
    onSuccess: () => {
      toast('Device signed out');
      refresh();
    },
    onError,
  });
  const revokeOthers = useMutation({
    mutationFn: () => api.post('/me/sessions/revoke-others'),
    onSuccess: () => {
      toast('Signed out of every other device');
      refresh();
    },
    onError,
  });
  const items = sessions.data?.items ?? [];
  const others = items.filter((s) => !s.current);

  return (
    <>
      <PageHeader
        title="Sessions"
        description="Devices signed in to your account. Sign out of any you don't recognise."
        actions={
          others.length ? (
            <Button variant="secondary" loading={revokeOthers.isPending} onClick={() => revokeOthers.mutate()}>
              Sign out other devices
            </Button>
          ) : null
        }
      />
      <Card>
        <CardHeader title="Signed-in devices" description={sessions.isSuccess ? `${items.length} active` : undefined} />
        {sessions.isPending ? (
          <div className="p-5">
            <Spinner label="Loading sessions…" />
          </div>
        ) : sessions.isError ? (
          <div className="p-5">
            <Alert tone="danger">{errorMessage(sessions.error)}</Alert>
          </div>
        ) : (
          <ul className="divide-y divide-border">
            {items.map((session) => (
              <li key={session.id} className="flex flex-wrap items-center gap-4 px-5 py-4">
                <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-surface-muted text-muted">
                  <Icon name="devices" className="size-5" />
                </span>
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 font-medium">
                    {describeUserAgent(session.userAgent)}
                    {session.current ? <Badge tone="success">This device</Badge> : null}
                  </p>
                  <p className="text-[13px] text-muted">
                    {session.ip ?? 'Unknown IP'} · active {formatRelative(session.lastSeenAt)} · signed in {formatDateTime(session.createdAt)}
                  </p>
                </div>
                {session.current ? null : (
                  <Button variant="secondary" size="sm" onClick={() => revoke.mutate(session)}>
                    Sign out
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
