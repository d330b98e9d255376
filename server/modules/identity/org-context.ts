import type { FastifyInstance } from 'fastify';
import type { Role } from '../../../common/organizations.ts';
import { forgetCachedMe } from './me.cache.ts';

/** The platform services the organisation services use, taken from the app once at registration. */
export type OrgContext = Pick<FastifyInstance, 'db' | 'cache' | 'bus' | 'policies' | 'mailer' | 'config' | 'log'>;

/** After a membership is created, changed or ended: drop cached roles and profiles, tell other modules. */
export async function announceMembershipChange(ctx: OrgContext, orgId: string, userId: string, role: Role | null): Promise<void> {
  await ctx.policies.forgetRole(orgId, userId);
  await forgetCachedMe(ctx.cache, userId);
  await ctx.bus.publish('membership.changed', { orgId, userId, role });
}
