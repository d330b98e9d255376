import type { FastifyRequest } from 'fastify';
import { apiKeysService } from './api-keys.service.ts';
import { auditService } from './audit.service.ts';
import type { Device } from './context.ts';
import { invitationsService } from './invitations.service.ts';
import { membershipsService } from './memberships.service.ts';
import type { OrgContext } from './org-context.ts';
import { organizationsService } from './organizations.service.ts';
import { outboxService } from './outbox.service.ts';
import { teamsService } from './teams.service.ts';

/** The organisation-side services, built once per app and handed to the route plugins. */
export function createOrgServices(ctx: OrgContext) {
  return {
    organizations: organizationsService(ctx),
    memberships: membershipsService(ctx),
    invitations: invitationsService(ctx),
    teams: teamsService(ctx),
    apiKeys: apiKeysService(ctx),
    audit: auditService(ctx),
    outbox: outboxService(ctx),
  };
}

export type OrgServices = ReturnType<typeof createOrgServices>;
export interface OrgRoutesOptions {
  services: OrgServices;
}

export const deviceOf = (req: FastifyRequest): Device => ({ ip: req.ip, userAgent: req.headers['user-agent'] });
