import { Navigate } from 'react-router';
import { useMe } from '../modules/identity/queries.ts';
import { useCurrentOrgId } from './currentOrg.ts';
import { FullPageSpinner } from './RequireAuth.tsx';

/** "/" opens the current organisation, or asks to create one. */
export function HomeRedirect() {
  const me = useMe();
  const orgId = useCurrentOrgId();
  if (me.isPending) return <FullPageSpinner />;
  return <Navigate to={orgId ? `/orgs/${orgId}/projects` : '/orgs/new'} replace />;
}
