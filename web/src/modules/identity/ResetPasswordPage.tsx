import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { limits } from '../../../../common/limits.ts';
import { AuthLayout } from '../../app/AuthLayout.tsx';
import { api } from '../../lib/api.ts';
import { formErrors, formText } from '../../lib/forms.ts';
import { Alert, Button, Input, buttonClasses } from '../../lib/ui/index.ts';

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [mismatch, setMismatch] = useState(false);
  const reset = useMutation({ mutationFn: (password: string) => api.post('/auth/password/reset', { token, password }) });
  const errors = formErrors(reset.error, ['password'] as const);

  if (reset.isSuccess) {
    return (
      <AuthLayout title="Password changed" description="Your new password is set and every device was signed out.">
        <Link to="/sign-in" className={buttonClasses('primary', 'md', 'w-full')}>
          Sign in
        </Link>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Choose a new password" description="Pick something long and unique to Fluxworks.">
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          const password = formText(event.currentTarget, 'password');
          const same = password === formText(event.currentTarget, 'confirm');
          setMismatch(!same);
          if (same) reset.mutate(password);
        }}
      >
        {!token ? <Alert tone="danger">This link has no token. Open the link from the email again.</Alert> : null}
        <Input
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={limits.password.min}
          maxLength={limits.password.max}
          hint={`At least ${limits.password.min} characters.`}
          error={errors.fields.password}
        />
        <Input label="Confirm new password" name="confirm" type="password" autoComplete="new-password" required error={mismatch ? 'The passwords do not match' : undefined} />
        {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
        <Button type="submit" className="w-full" loading={reset.isPending} disabled={!token}>
          Set new password
        </Button>
      </form>
    </AuthLayout>
  );
}
