import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AuthLayout } from '../../app/AuthLayout.tsx';
import { useSession } from '../../app/session.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/forms.ts';
import type { User } from '../../lib/types.ts';
import { Alert, Spinner, buttonClasses } from '../../lib/ui/index.ts';
import { keys } from './queries.ts';

/** Landing page of the link in verification and email-change emails. */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const { state } = useSession();
  const queryClient = useQueryClient();
  const sent = useRef(false);

  const verify = useMutation({
    mutationFn: (value: string) => api.post<{ user: User }>('/auth/verify-email', { token: value }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.me }),
  });

  // The token works once, so it is sent once even when React runs effects twice in development.
  useEffect(() => {
    if (token && !sent.current) {
      sent.current = true;
      verify.mutate(token);
    }
  }, [token, verify]);

  const signedIn = state.status === 'signed-in';
  const continueLink = (
    <Link to={signedIn ? '/' : '/sign-in'} className={buttonClasses('primary', 'md', 'w-full')}>
      {signedIn ? 'Continue to Fluxworks' : 'Sign in'}
    </Link>
  );

  if (!token) {
    return (
      <AuthLayout title="Verification link incomplete" description="The link has no token. Open the link from the email again, or request a new one.">
        {continueLink}
      </AuthLayout>
    );
  }
  if (verify.isSuccess) {
    return (
      <AuthLayout title="Email verified" description={`${verify.data.user.email} is confirmed. You're all set.`}>
        <div className="space-y-4">
          <Alert tone="success">Your email address has been verified.</Alert>
          {continueLink}
        </div>
      </AuthLayout>
    );
  }
  if (verify.isError) {
    return (
      <AuthLayout title="We couldn't verify your email" description="The link may have expired or been used already.">
        <div className="space-y-4">
          <Alert tone="danger">{errorMessage(verify.error)}</Alert>
          {signedIn ? (
            <Link to="/check-inbox" className={buttonClasses('primary', 'md', 'w-full')}>
              Send a new link
            </Link>
          ) : (
            continueLink
          )}
        </div>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Verifying your email">
      <Spinner label="Checking your link…" />
    </AuthLayout>
  );
}
