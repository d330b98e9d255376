import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AuthLayout } from '../../app/AuthLayout.tsx';
import { safeNext } from '../../app/RequireAuth.tsx';
import { api, startSession } from '../../lib/api.ts';
import { formErrors, formText } from '../../lib/forms.ts';
import type { AuthSuccess, LoginResult } from '../../lib/types.ts';
import { Alert, Button, Input } from '../../lib/ui/index.ts';
import { OAuthButtons } from './OAuthButtons.tsx';
import { TwoFactorStep } from './TwoFactorStep.tsx';

export function SignInPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [challengeToken, setChallengeToken] = useState<string | null>(null);

  const finish = (session: AuthSuccess) => {
    startSession(session);
    void navigate(next, { replace: true });
  };

  const signIn = useMutation({
    mutationFn: (input: { email: string; password: string }) => api.post<LoginResult>('/auth/login', input),
    onSuccess: (result) => {
      if ('twoFactorRequired' in result) setChallengeToken(result.challengeToken);
      else finish(result);
    },
  });

  if (challengeToken) return <TwoFactorStep challengeToken={challengeToken} onSuccess={finish} onBack={() => setChallengeToken(null)} />;

  const errors = formErrors(signIn.error, ['email', 'password'] as const);
  const withNext = params.get('next') ? `?next=${encodeURIComponent(next)}` : '';

  return (
    <AuthLayout
      title="Sign in to Fluxworks"
      description="Welcome back. Enter your details to continue."
      footer={
        <>
          New to Fluxworks?{' '}
          <Link to={`/sign-up${withNext}`} className="font-medium text-accent hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <OAuthButtons />
      <form
        className="mt-4 space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          signIn.mutate({ email: formText(event.currentTarget, 'email'), password: formText(event.currentTarget, 'password') });
        }}
      >
        <Input label="Email" name="email" type="email" autoComplete="username" required error={errors.fields.email} />
        <div className="space-y-1.5">
          <Input label="Password" name="password" type="password" autoComplete="current-password" required error={errors.fields.password} />
          <div className="text-right">
            <Link to="/forgot-password" className="text-[13px] font-medium text-accent hover:underline">
              Forgot password?
            </Link>
          </div>
        </div>
        {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
        <Button type="submit" className="w-full" loading={signIn.isPending}>
          Sign in
        </Button>
      </form>
    </AuthLayout>
  );
}
