import { Link, Outlet, useOutletContext, useParams } from 'react-router';
import { errorMessage } from '../../lib/forms.ts';
import type { OrganizationDetail } from '../../lib/types.ts';
import { Alert, Spinner, buttonClasses } from '../../lib/ui/index.ts';
import { useOrganization } from './queries.ts';

interface OrganizationOutlet {
  orgId: string;
  org: OrganizationDetail;
}

/** Loads the organisation in the URL once for all its pages; they read it with useOrganizationPage(). */
export function OrganizationLayout() {
  const { orgId = '' } = useParams();
  const org = useOrganization(orgId);
  if (org.isPending) return <Spinner label="Loading organisation…" />;
  if (org.isError) {
    return (
      <div className="mx-auto max-w-md space-y-4 py-12 text-center">
        <h1 className="text-lg font-semibold">Organisation not found</h1>
        <Alert tone="danger">{errorMessage(org.error)}</Alert>
        <Link to="/" className={buttonClasses('secondary')}>
          Go to your workspace
        </Link>
      </div>
    );
  }
  return <Outlet context={{ orgId, org: org.data } satisfies OrganizationOutlet} />;
}

export function useOrganizationPage(): OrganizationOutlet & { can: (action: string) => boolean } {
  const outlet = useOutletContext<OrganizationOutlet>();
  return { ...outlet, can: (action) => outlet.org.policies[action] === true };
}
