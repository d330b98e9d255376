import type { DashboardVisibility } from '../../../../common/dashboards.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { hasRole, type ResourcePolicy } from '../../../platform/policy/index.ts';

export interface DashboardCollectionResource {
  type: 'dashboard_collection';
  orgId: string;
}

export interface DashboardResource {
  type: 'dashboard';
  orgId: string;
  dashboardId: string;
  visibility: DashboardVisibility;
  createdBy: string | null;
}

export const dashboardCollectionResource = (orgId: string): DashboardCollectionResource => ({ type: 'dashboard_collection', orgId });
export const dashboardResource = (row: { id: string; orgId: string; visibility: DashboardVisibility; createdBy: string | null }): DashboardResource => ({
  type: 'dashboard',
  orgId: row.orgId,
  dashboardId: row.id,
  visibility: row.visibility,
  createdBy: row.createdBy,
});

export const dashboardCollectionPolicy = {
  type: 'dashboard_collection',
  module: 'dashboards',
  actions: {
    list: { role: 'viewer', scope: 'read' },
    create: { role: 'member', scope: 'write' },
  },
} satisfies ResourcePolicy<DashboardCollectionResource>;

const isCreator = (actor: Actor, resource: DashboardResource) => resource.createdBy === actor.userId;

/**
 * A private dashboard exists only for its creator and the organisation's admins. Members edit
 * the dashboards they see; sharing by public link and deleting belong to the creator and admins.
 */
export const dashboardPolicy = {
  type: 'dashboard',
  module: 'dashboards',
  roleOn: async (actor, orgRole, resource) =>
    resource.visibility === 'private' && !isCreator(actor, resource) && !hasRole(orgRole, 'admin') ? undefined : orgRole,
  actions: {
    read: { role: 'viewer', scope: 'read' },
    edit: { role: 'member', scope: 'write' },
    annotate: { role: 'member', scope: 'write' },
    share: { role: 'member', scope: 'write', when: ({ actor, role, resource }) => hasRole(role, 'admin') || isCreator(actor, resource) },
    delete: { role: 'member', scope: 'write', when: ({ actor, role, resource }) => hasRole(role, 'admin') || isCreator(actor, resource) },
  },
} satisfies ResourcePolicy<DashboardResource>;
