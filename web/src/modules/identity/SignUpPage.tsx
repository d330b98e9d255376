import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { limits } from '../../../../common/limits.ts';
import { AuthLayout } from '../../app/AuthLayout.tsx';
import { api, startSession } from '../../lib/api.ts';
import { formErrors, formText } from '../../lib/forms.ts';
import type { LoginResult, User } from '../../lib/types.ts';
import { Alert, Button, Input } from '../../lib/ui/index.ts';
import { OAuthButtons } from './OAuthButtons.tsx';

const fields = ['displayName', 'email', 'password'] as const;

export function SignUpPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');

  const register = useMutation({
    mutationFn: async (input: { displayName: string; email: string; password: string }) => {
      await api.post<{ user: User }>('/auth/register', input);
      return api.post<LoginResult>('/auth/login', { email: input.email, password: input.password });
    },
    onSuccess: (result) => {
      if ('accessToken' in result) startSession(result);
      void navigate(`/check-inbox${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    },
  });
  const errors = formErrors(register.error, fields, { email_taken: 'email', email_in_use: 'email' });

  return (
    <AuthLayout
      title="Create your account"
      description="Start a workspace for your team in under a minute."
      footer={
        <>
          Already have an account?{' '}
          <Link to={`/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`} className="font-medium text-accent hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <OAuthButtons />
      <form
        className="mt-4 space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          register.mutate({
            displayName: formText(event.currentTarget, 'displayName'),
            email: formText(event.currentTarget, 'email'),
            password: formText(event.currentTarget, 'password'),
          });
        }}
      >
        <Input label="Full name" name="displayName" autoComplete="name" required maxLength={limits.displayName.max} error={errors.fields.displayName} />
        <Input label="Work email" name="email" type="email" autoComplete="email" required maxLength={limits.email.max} error={errors.fields.email} />
        <Input
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={limits.password.min}
          maxLength={limits.password.max}
          hint={`At least ${limits.password.min} characters.`}
          error={errors.fields.password}
        />
        {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
        <Button type="submit" className="w-full" loading={register.isPending}>
          Create account
        </Button>
      </form>
    </AuthLayout>
  );
}
