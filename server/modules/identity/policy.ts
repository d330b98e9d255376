import type { ResourcePolicy } from '../../platform/policy/index.ts';

export interface OrganizationResource {
  type: 'organization';
  orgId: string;
}

export const organizationResource = (orgId: string): OrganizationResource => ({ type: 'organization', orgId });

/** What each role may do in an organisation. Finer rules about owners live in the membership service. */
export const organizationPolicy = {
  type: 'organization',
  module: 'identity',
  actions: {
    read: { role: 'viewer', scope: 'read' },
    update: { role: 'admin', scope: 'admin' },
    delete: { role: 'owner', scope: 'admin', userOnly: true },
    listMembers: { role: 'viewer', scope: 'read' },
    manageMembers: { role: 'admin', scope: 'admin' },
    leave: { role: 'viewer', scope: 'read', userOnly: true },
    invite: { role: 'admin', scope: 'admin' },
    listTeams: { role: 'viewer', scope: 'read' },
    manageTeams: { role: 'admin', scope: 'admin' },
    manageApiKeys: { role: 'admin', scope: 'admin', userOnly: true },
    readAudit: { role: 'admin', scope: 'admin' },
  },
} satisfies ResourcePolicy<OrganizationResource>;

export type OrganizationAction = keyof typeof organizationPolicy.actions;
