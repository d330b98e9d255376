import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { AuthLayout } from '../../app/AuthLayout.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { formErrors, formText } from '../../lib/forms.ts';
import type { AuthSuccess } from '../../lib/types.ts';
import { Alert, Button, Input } from '../../lib/ui/index.ts';

/** The second sign-in step: a TOTP code, or one of the recovery codes. */
export function TwoFactorStep({ challengeToken, onSuccess, onBack }: { challengeToken: string; onSuccess: (s: AuthSuccess) => void; onBack: () => void }) {
  const [useRecovery, setUseRecovery] = useState(false);
  const verify = useMutation({
    mutationFn: (code: string) => api.post<AuthSuccess>('/auth/login/2fa', { challengeToken, code }),
    onSuccess,
  });
  const errors = formErrors(verify.error, ['code'] as const);
  const expired = verify.error instanceof ApiError && verify.error.code === 'invalid_challenge';

  return (
    <AuthLayout
      title="Two-factor authentication"
      description={
        useRecovery ? 'Enter one of the recovery codes you saved when you turned on two-factor authentication.' : 'Enter the 6-digit code from your authenticator app.'
      }
    >
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          verify.mutate(formText(event.currentTarget, 'code').trim());
        }}
      >
        <Input
          key={useRecovery ? 'recovery' : 'totp'}
          label={useRecovery ? 'Recovery code' : 'Authentication code'}
          name="code"
          autoComplete="one-time-code"
          inputMode={useRecovery ? 'text' : 'numeric'}
          pattern={useRecovery ? undefined : '[0-9 ]{6,7}'}
          placeholder={useRecovery ? 'xxxxx-xxxxx' : '123456'}
          className="font-mono tracking-widest"
          autoFocus
          required
          error={errors.fields.code}
        />
        {errors.form ? (
          <Alert tone="danger">
            {errors.form}
            {expired ? (
              <>
                {' '}
                <button type="button" className="font-medium underline" onClick={onBack}>
                  Sign in again
                </button>
              </>
            ) : null}
          </Alert>
        ) : null}
        <Button type="submit" className="w-full" loading={verify.isPending}>
          Verify and sign in
        </Button>
        <div className="flex items-center justify-between text-[13px]">
          <button type="button" className="font-medium text-accent hover:underline" onClick={() => setUseRecovery(!useRecovery)}>
            {useRecovery ? 'Use an authenticator code' : 'Use a recovery code'}
          </button>
          <button type="button" className="text-muted hover:text-fg" onClick={onBack}>
            Back
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}
