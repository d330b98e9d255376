import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { limits } from '../../../../common/limits.ts';
import { api } from '../../lib/api.ts';
import { errorMessage, formErrors, formText } from '../../lib/forms.ts';
import { formatDate } from '../../lib/format.ts';
import type { LinkedAccount } from '../../lib/types.ts';
import { Alert, Button, Card, CardBody, CardFooter, CardHeader, Input, PageHeader, Spinner, buttonClasses, useToast } from '../../lib/ui/index.ts';
import { keys, useMe, useOAuthProviders } from './queries.ts';
import { TwoFactorCard } from './TwoFactorCard.tsx';

export function SecurityPage() {
  const me = useMe();
  if (!me.data) return <Spinner label="Loading…" />;
  return (
    <>
      <PageHeader title="Security" description="Your password, two-factor authentication and sign-in methods." />
      <div className="space-y-6">
        <PasswordCard />
        <TwoFactorCard user={me.data.user} />
        <LinkedAccountsCard />
      </div>
    </>
  );
}

function PasswordCard() {
  const toast = useToast();
  const [formKey, setFormKey] = useState(0);
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api.post('/me/password', input),
    onSuccess: () => {
      toast('Password changed');
      setFormKey((k) => k + 1);
    },
  });
  const errors = formErrors(change.error, ['currentPassword', 'newPassword'] as const, {
    invalid_password: 'currentPassword',
    password_too_short: 'newPassword',
    password_too_long: 'newPassword',
  });

  return (
    <Card>
      <form
        key={formKey}
        onSubmit={(event) => {
          event.preventDefault();
          const newPassword = formText(event.currentTarget, 'newPassword');
          const same = newPassword === formText(event.currentTarget, 'confirm');
          setMismatch(!same);
          if (same) change.mutate({ currentPassword: formText(event.currentTarget, 'currentPassword'), newPassword });
        }}
      >
        <CardHeader title="Password" description="Changing it keeps you signed in here." />
        <CardBody className="grid gap-4 sm:grid-cols-3">
          <Input label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={errors.fields.currentPassword} />
          <Input
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={limits.password.min}
            maxLength={limits.password.max}
            hint={`At least ${limits.password.min} characters.`}
            error={errors.fields.newPassword}
          />
          <Input label="Confirm new password" name="confirm" type="password" autoComplete="new-password" required error={mismatch ? 'The passwords do not match' : undefined} />
          {errors.form ? <Alert tone="danger" className="sm:col-span-3">{errors.form}</Alert> : null}
        </CardBody>
        <CardFooter>
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

/** Google and GitHub sign-in linked to this account; hidden when no provider is configured. */
function LinkedAccountsCard() {
  const toast = useToast();
  const queryClient = useQueryClient();
  const providers = useOAuthProviders();
  const available = providers.data?.providers ?? [];
  const linked = useQuery({
    queryKey: keys.oauthAccounts,
    queryFn: () => api.get<{ items: LinkedAccount[] }>('/me/oauth'),
    enabled: available.length > 0,
  });
  const unlink = useMutation({
    mutationFn: (provider: string) => api.delete(`/me/oauth/${provider}`),
    onSuccess: () => {
      toast('Account unlinked');
      void queryClient.invalidateQueries({ queryKey: keys.oauthAccounts });
    },
    onError: (error) => toast(errorMessage(error), 'danger'),
  });
  if (!available.length) return null;

  return (
    <Card>
      <CardHeader title="Connected accounts" description="Sign in with these providers as well as your password." />
      <ul className="divide-y divide-border">
        {available.map((provider) => {
          const account = linked.data?.items.find((a) => a.provider === provider.id);
          return (
            <li key={provider.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-4">
              <div>
                <p className="font-medium">{provider.name}</p>
                <p className="text-[13px] text-muted">{account ? `${account.email ?? 'Linked'} · since ${formatDate(account.createdAt)}` : 'Not connected'}</p>
              </div>
              {account ? (
                <Button variant="secondary" size="sm" loading={unlink.isPending} onClick={() => unlink.mutate(provider.id)}>
                  Disconnect
                </Button>
              ) : (
                <a href={`/api/v1/auth/oauth/${provider.id}/start?intent=link`} className={buttonClasses('secondary', 'sm')}>
                  Connect
                </a>
              )}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
