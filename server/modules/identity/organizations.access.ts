import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { orgRoom } from '../../../common/realtime.ts';
import type { ApiKeysService } from './api-keys.service.ts';
import { findRole } from './organizations.repository.ts';
import { organizationPolicy, organizationResource } from './policy.ts';

const ORG_ROOM_PREFIX = orgRoom('');
const orgId = z.uuid();

/**
 * Plugs identity into the platform: the organisation rules, how roles are read (memberships),
 * how `fwk_` API keys authenticate, and who may join `org:<id>` socket rooms (its members).
 */
export function registerIdentityAccess(app: FastifyInstance, apiKeys: ApiKeysService): void {
  app.policies.define(organizationPolicy);
  app.policies.setRoleResolver((userId, orgId) => findRole(app.db, orgId, userId));
  app.auth.setApiKeyResolver((secret) => apiKeys.resolve(secret));
  app.realtime.setRoomAuthorizer(async (actor, room) => {
    const id = orgId.safeParse(room.slice(ORG_ROOM_PREFIX.length));
    if (!room.startsWith(ORG_ROOM_PREFIX) || !id.success) return false;
    return app.policies.can(actor, 'read', organizationResource(id.data));
  });
}
