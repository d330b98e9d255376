import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AuthLayout } from '../../app/AuthLayout.tsx';
import { refreshSession, startSession } from '../../lib/api.ts';
import { Alert, Spinner, buttonClasses, useToast } from '../../lib/ui/index.ts';
import { TwoFactorStep } from './TwoFactorStep.tsx';

const providerErrors: Record<string, string> = {
  oauth_email_unverified: 'The provider has not verified your email address, so it cannot sign you in here.',
  oauth_account_in_use: 'That account is already linked to another Fluxworks user.',
};

/**
 * Where the OAuth callback lands: after a sign-in the refresh cookie is set and one refresh
 * finishes it; an account with 2FA gets the second step; a linked account returns to settings.
 */
export function OAuthCompletePage() {
  const navigate = useNavigate();
  const toast = useToast();
  const [params] = useSearchParams();
  const error = params.get('error');
  const challengeToken = params.get('challengeToken');
  const linked = params.get('linked');
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (error || challengeToken) return;
    if (linked) {
      toast(`${linked === 'github' ? 'GitHub' : 'Google'} account connected`);
      void navigate('/settings/security', { replace: true });
      return;
    }
    void refreshSession().then((session) => {
      if (session) void navigate('/', { replace: true });
      else setFailed(true);
    });
  }, [navigate, toast, error, challengeToken, linked]);

  if (challengeToken) {
    return (
      <TwoFactorStep
        challengeToken={challengeToken}
        onSuccess={(session) => {
          startSession(session);
          void navigate('/', { replace: true });
        }}
        onBack={() => navigate('/sign-in', { replace: true })}
      />
    );
  }
  if (error || failed) {
    return (
      <AuthLayout title="Sign-in didn't complete">
        <div className="space-y-4">
          <Alert tone="danger">{(error && providerErrors[error]) ?? 'The provider did not confirm your sign-in. Try again.'}</Alert>
          <Link to="/sign-in" className={buttonClasses('primary', 'md', 'w-full')}>
            Back to sign in
          </Link>
        </div>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Signing you in">
      <Spinner label="Finishing sign-in…" />
    </AuthLayout>
  );
}
