import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { AuthLayout } from '../../app/AuthLayout.tsx';
import { FullPageSpinner } from '../../app/RequireAuth.tsx';
import { useSession } from '../../app/session.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/forms.ts';
import { formatDate } from '../../lib/format.ts';
import type { InvitationPreview, OrganizationWithRole } from '../../lib/types.ts';
import { Alert, Badge, Button, buttonClasses } from '../../lib/ui/index.ts';
import { keys, useMe } from './queries.ts';

/** Landing page of an invitation email: preview, then accept (after signing in or up). */
export function InvitationPage() {
  const { token = '' } = useParams();
  const { state } = useSession();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const preview = useQuery({
    queryKey: ['invitations', token],
    queryFn: () => api.get<InvitationPreview>(`/invitations/${encodeURIComponent(token)}`),
    retry: false,
  });

  const accept = useMutation({
    mutationFn: () => api.post<OrganizationWithRole>(`/invitations/${encodeURIComponent(token)}/accept`),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: keys.me });
      await navigate(`/orgs/${result.organization.id}/members`, { replace: true });
    },
  });

  if (preview.isPending || state.status === 'loading') return <FullPageSpinner />;
  if (preview.isError) {
    return (
      <AuthLayout title="Invitation not available" description="It may have expired, been revoked or already been used.">
        <div className="space-y-4">
          <Alert tone="danger">{errorMessage(preview.error)}</Alert>
          <Link to="/" className={buttonClasses('primary', 'md', 'w-full')}>
            Go to Fluxworks
          </Link>
        </div>
      </AuthLayout>
    );
  }

  const invitation = preview.data;
  const orgName = invitation.organization.name;
  const here = encodeURIComponent(`/invitations/${token}`);
  const signedInEmail = me.data?.user.email;
  const otherAccount = signedInEmail && signedInEmail.toLowerCase() !== invitation.email.toLowerCase();

  return (
    <AuthLayout title={`Join ${orgName}`} description={<>You've been invited to join {orgName} on Fluxworks.</>}>
      <div className="space-y-5">
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-lg border border-border bg-surface-muted/40 px-4 py-3 text-sm">
          <dt className="text-muted">Invited</dt>
          <dd className="truncate font-medium">{invitation.email}</dd>
          <dt className="text-muted">Role</dt>
          <dd>
            <Badge tone="accent" className="capitalize">
              {invitation.role}
            </Badge>
          </dd>
          <dt className="text-muted">Expires</dt>
          <dd>{formatDate(invitation.expiresAt)}</dd>
        </dl>
        {state.status === 'signed-in' ? (
          <>
            {otherAccount ? (
              <Alert tone="warning">
                You're signed in as {signedInEmail}. This invitation was sent to {invitation.email}.
              </Alert>
            ) : null}
            {accept.isError ? <Alert tone="danger">{errorMessage(accept.error)}</Alert> : null}
            <Button className="w-full" loading={accept.isPending} onClick={() => accept.mutate()}>
              Accept invitation
            </Button>
          </>
        ) : (
          <div className="grid gap-2">
            <Link to={`/sign-up?next=${here}`} className={buttonClasses('primary', 'md', 'w-full')}>
              Create an account to accept
            </Link>
            <Link to={`/sign-in?next=${here}`} className={buttonClasses('secondary', 'md', 'w-full')}>
              I already have an account
            </Link>
          </div>
        )}
      </div>
    </AuthLayout>
  );
}
