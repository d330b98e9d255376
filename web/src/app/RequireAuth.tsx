import { Navigate, Outlet, useLocation } from 'react-router';
import { Spinner } from '../lib/ui/index.ts';
import { useSession } from './session.tsx';

export function FullPageSpinner() {
  return (
    <div className="flex min-h-dvh items-center justify-center">
      <Spinner label="Loading…" />
    </div>
  );
}

/** Renders the signed-in routes, or sends the visitor to sign in and back here afterwards. */
export function RequireAuth() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <FullPageSpinner />;
  if (state.status === 'signed-out') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

/**
 * Sends visitors who arrive already signed in past the sign-in and sign-up pages. A sign-in that
 * happens on these pages is left alone: the page itself navigates on (to the 2FA step, the inbox...).
 */
export function RedirectIfSignedIn() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <FullPageSpinner />;
  if (state.status === 'signed-in' && state.restored) {
    const next = new URLSearchParams(location.search).get('next');
    return <Navigate to={safeNext(next)} replace />;
  }
  return <Outlet />;
}

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
