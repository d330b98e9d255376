import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { formErrors, formText } from '../../lib/forms.ts';
import type { TwoFactorEnrollment, User } from '../../lib/types.ts';
import { Alert, Badge, Button, Card, CardBody, CardHeader, Input, SecretValue } from '../../lib/ui/index.ts';
import { keys } from './queries.ts';
import { RecoveryCodes } from './RecoveryCodes.tsx';

const codeInput = { autoComplete: 'one-time-code', inputMode: 'numeric', className: 'font-mono tracking-widest', required: true } as const;

/** Turning TOTP on (QR, manual secret, confirm, recovery codes), regenerating codes, turning it off. */
export function TwoFactorCard({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [mode, setMode] = useState<'idle' | 'disable' | 'regenerate'>('idle');

  const enroll = useMutation({ mutationFn: () => api.post<TwoFactorEnrollment>('/me/2fa/enroll') });
  const confirm = useMutation({
    mutationFn: (code: string) => api.post<{ recoveryCodes: string[] }>('/me/2fa/confirm', { code }),
    onSuccess: (result) => {
      setRecoveryCodes(result.recoveryCodes);
      enroll.reset();
    },
  });
  const regenerate = useMutation({
    mutationFn: (code: string) => api.post<{ recoveryCodes: string[] }>('/me/2fa/recovery-codes', { code }),
    onSuccess: (result) => {
      setRecoveryCodes(result.recoveryCodes);
      setMode('idle');
    },
  });
  const disable = useMutation({
    mutationFn: (input: { password: string; code: string }) => api.post('/me/2fa/disable', input),
    onSuccess: () => {
      setMode('idle');
      void queryClient.invalidateQueries({ queryKey: keys.me });
    },
  });
  const confirmErrors = formErrors(confirm.error, ['code'] as const);
  const regenerateErrors = formErrors(regenerate.error, ['code'] as const);
  const disableErrors = formErrors(disable.error, ['password', 'code'] as const, { invalid_password: 'password' });

  const finish = () => {
    setRecoveryCodes(null);
    void queryClient.invalidateQueries({ queryKey: keys.me });
  };

  return (
    <Card>
      <CardHeader
        title="Two-factor authentication"
        description="A code from an authenticator app in addition to your password."
        actions={user.twoFactorEnabled ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
      />
      <CardBody>
        {recoveryCodes ? (
          <RecoveryCodes codes={recoveryCodes} onDone={finish} />
        ) : enroll.data ? (
          <div className="grid gap-6 md:grid-cols-[auto_1fr]">
            <img src={enroll.data.qrDataUrl} alt="QR code for your authenticator app" className="size-44 rounded-lg border border-border bg-white p-2" />
            <form
              className="space-y-4"
              onSubmit={(event) => {
                event.preventDefault();
                confirm.mutate(formText(event.currentTarget, 'code').replace(/\s/g, ''));
              }}
            >
              <ol className="list-decimal space-y-1 pl-5 text-[13px] text-muted">
                <li>Scan the QR code with an authenticator app (1Password, Authy, Google Authenticator…).</li>
                <li>Or enter this secret by hand:</li>
              </ol>
              <SecretValue value={enroll.data.secret} label="Two-factor secret" />
              <Input label="6-digit code from the app" name="code" {...codeInput} error={confirmErrors.fields.code ?? confirmErrors.form} />
              <div className="flex gap-2">
                <Button type="submit" loading={confirm.isPending}>
                  Confirm and turn on
                </Button>
                <Button variant="ghost" onClick={() => enroll.reset()}>
                  Cancel
                </Button>
              </div>
            </form>
          </div>
        ) : user.twoFactorEnabled ? (
          mode === 'disable' ? (
            <form
              className="grid gap-4 sm:grid-cols-2"
              onSubmit={(event) => {
                event.preventDefault();
                disable.mutate({ password: formText(event.currentTarget, 'password'), code: formText(event.currentTarget, 'code').trim() });
              }}
            >
              <Input label="Password" name="password" type="password" autoComplete="current-password" error={disableErrors.fields.password} />
              <Input label="Authentication or recovery code" name="code" {...codeInput} inputMode="text" error={disableErrors.fields.code} />
              {disableErrors.form ? <Alert tone="danger" className="sm:col-span-2">{disableErrors.form}</Alert> : null}
              <div className="flex gap-2 sm:col-span-2">
                <Button type="submit" variant="danger" loading={disable.isPending}>
                  Turn off two-factor
                </Button>
                <Button variant="ghost" onClick={() => setMode('idle')}>
                  Cancel
                </Button>
              </div>
            </form>
          ) : mode === 'regenerate' ? (
            <form
              className="space-y-4"
              onSubmit={(event) => {
                event.preventDefault();
                regenerate.mutate(formText(event.currentTarget, 'code').trim());
              }}
            >
              <p className="text-[13px] text-muted">New codes replace all your current recovery codes.</p>
              <Input label="6-digit code from the app" name="code" {...codeInput} error={regenerateErrors.fields.code ?? regenerateErrors.form} />
              <div className="flex gap-2">
                <Button type="submit" loading={regenerate.isPending}>
                  Generate new codes
                </Button>
                <Button variant="ghost" onClick={() => setMode('idle')}>
                  Cancel
                </Button>
              </div>
            </form>
          ) : (
            <div className="flex flex-wrap items-center justify-between gap-3">
              <p className="text-[13px] text-muted">Your account asks for a code from your authenticator app at sign-in.</p>
              <div className="flex flex-wrap gap-2">
                <Button variant="secondary" onClick={() => setMode('regenerate')}>
                  New recovery codes
                </Button>
                <Button variant="secondary" className="text-danger" onClick={() => setMode('disable')}>
                  Turn off
                </Button>
              </div>
            </div>
          )
        ) : (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-[13px] text-muted">Protect your account even if your password leaks.</p>
            <Button loading={enroll.isPending} onClick={() => enroll.mutate()}>
              Set up two-factor
            </Button>
            {enroll.isError ? <Alert tone="danger" className="w-full">{formErrors(enroll.error, []).form}</Alert> : null}
          </div>
        )}
      </CardBody>
    </Card>
  );
}
