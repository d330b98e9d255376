/**
 * Roles and API key scopes as values for the web bundle. common/organizations.ts defines them next
 * to zod schemas, and importing values from there would ship zod to the browser; `satisfies`
 * against its types makes tsc fail the moment these copies drift from the server's.
 */
import type { ROLES as ServerRoles, SCOPE_LEVELS as ServerLevels, SCOPE_MODULES as ServerModules } from '../../../common/organizations.ts';

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const satisfies typeof ServerRoles;
export const SCOPE_LEVELS = ['admin', 'write', 'read'] as const satisfies typeof ServerLevels;
export const SCOPE_MODULES = ['identity', 'studio', 'dashboards', 'insights', 'automations', 'growth', 'agents', 'creative'] as const satisfies typeof ServerModules;
