import { useEffect } from 'react';
import { useParams } from 'react-router';
import { useMe } from '../modules/identity/queries.ts';

const STORAGE_KEY = 'fw-org';

/**
 * The organisation the sidebar works on: the one in the URL, else the last one visited,
 * else the first membership. Undefined while loading or when the user belongs to none.
 */
export function useCurrentOrgId(): string | undefined {
  const { orgId } = useParams();
  const me = useMe();

  useEffect(() => {
    if (orgId) localStorage.setItem(STORAGE_KEY, orgId);
  }, [orgId]);

  if (orgId) return orgId;
  const memberships = me.data?.memberships ?? [];
  const remembered = localStorage.getItem(STORAGE_KEY);
  const match = memberships.find((m) => m.organization.id === remembered);
  return (match ?? memberships[0])?.organization.id;
}

export function forgetCurrentOrg(orgId: string): void {
  if (localStorage.getItem(STORAGE_KEY) === orgId) localStorage.removeItem(STORAGE_KEY);
}
