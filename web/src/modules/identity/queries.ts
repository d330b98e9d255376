import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../app/session.tsx';
import { api } from '../../lib/api.ts';
import type { Me, OAuthProvider, OrganizationDetail } from '../../lib/types.ts';

/** Query keys of the identity module, so invalidations name exactly what changed. */
export const keys = {
  me: ['me'] as const,
  org: (orgId: string) => ['orgs', orgId] as const,
  members: (orgId: string) => ['orgs', orgId, 'members'] as const,
  invitations: (orgId: string) => ['orgs', orgId, 'invitations'] as const,
  teams: (orgId: string) => ['orgs', orgId, 'teams'] as const,
  apiKeys: (orgId: string) => ['orgs', orgId, 'api-keys'] as const,
  audit: (orgId: string, filters: object) => ['orgs', orgId, 'audit', filters] as const,
  sessions: ['me', 'sessions'] as const,
  outbox: ['admin', 'outbox'] as const,
  oauthProviders: ['oauth', 'providers'] as const,
  oauthAccounts: ['me', 'oauth'] as const,
};

export function useMe() {
  const { state } = useSession();
  return useQuery({ queryKey: keys.me, queryFn: () => api.get<Me>('/me'), enabled: state.status === 'signed-in' });
}

export function useOrganization(orgId: string | undefined) {
  return useQuery({
    queryKey: keys.org(orgId ?? ''),
    queryFn: () => api.get<OrganizationDetail>(`/orgs/${orgId}`),
    enabled: Boolean(orgId),
  });
}

/** Whether the signed-in user may do `action` in the organisation, as the server's policy says. */
export function allowed(org: OrganizationDetail | undefined, action: string): boolean {
  return org?.policies[action] === true;
}

export function useOAuthProviders() {
  return useQuery({
    queryKey: keys.oauthProviders,
    queryFn: () => api.get<{ providers: OAuthProvider[] }>('/auth/oauth/providers'),
    staleTime: 5 * 60_000,
  });
}
