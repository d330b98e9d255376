import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { AuthLayout } from '../../app/AuthLayout.tsx';
import { api } from '../../lib/api.ts';
import { formErrors, formText } from '../../lib/forms.ts';
import { Alert, Button, Input } from '../../lib/ui/index.ts';

export function ForgotPasswordPage() {
  const request = useMutation({ mutationFn: (email: string) => api.post('/auth/password/forgot', { email }) });
  const errors = formErrors(request.error, ['email'] as const);
  const back = (
    <Link to="/sign-in" className="font-medium text-accent hover:underline">
      Back to sign in
    </Link>
  );

  if (request.isSuccess) {
    return (
      <AuthLayout title="Check your email" description="If an account uses that address, a link to choose a new password is on its way. It works for one hour." footer={back}>
        <Alert tone="success">Request received.</Alert>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Reset your password" description="Enter the email you signed up with and we'll send you a reset link." footer={back}>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          request.mutate(formText(event.currentTarget, 'email'));
        }}
      >
        <Input label="Email" name="email" type="email" autoComplete="email" required error={errors.fields.email} />
        {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
        <Button type="submit" className="w-full" loading={request.isPending}>
          Send reset link
        </Button>
      </form>
    </AuthLayout>
  );
}
