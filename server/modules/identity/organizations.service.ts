import { randomBytes } from 'node:crypto';
import type { Role } from '../../../common/organizations.ts';
import { createOnce } from '../../platform/idempotency/index.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { forgetApiKeys } from './api-keys.cache.ts';
import { listApiKeyHashesOfOrganization } from './api-keys.repository.ts';
import { recordAudit } from './audit.ts';
import type { Device } from './context.ts';
import { forgetCachedMe } from './me.cache.ts';
import { announceMembershipChange, type OrgContext } from './org-context.ts';
import {
  deleteOrganization,
  findOrganization,
  findRole,
  insertMembership,
  insertOrganization,
  listMemberIds,
  listOrganizationsOfUser,
  renameOrganization,
  type OrganizationRow,
} from './organizations.repository.ts';
import { organizationResource } from './policy.ts';
import { requireSessionActor } from './session-actor.ts';

export interface OrganizationWithRole {
  organization: OrganizationRow;
  role: Role;
}

export interface OrganizationDetail extends OrganizationWithRole {
  policies: Record<string, boolean>;
}

const SLUG_MAX_LENGTH = 48;
const SLUG_ATTEMPTS = 5;

/** "Démo  Studio!" -> "demo-studio". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/, '');
  return slug || 'org';
}

export function organizationsService(ctx: OrgContext) {
  const { db, policies } = ctx;

  const detail = async (actor: Actor, organization: OrganizationRow): Promise<OrganizationDetail> => {
    const resource = organizationResource(organization.id);
    const role = await policies.authorize(actor, 'read', resource);
    return { organization, role, policies: await policies.policiesFor(actor, resource) };
  };

  const loadReadable = async (actor: Actor, orgId: string): Promise<OrganizationRow> => {
    await policies.authorize(actor, 'read', organizationResource(orgId));
    const organization = await findOrganization(db, orgId);
    if (!organization) throw new AppError('organization_not_found', 404, 'No such organization');
    return organization;
  };

  const insertWithUniqueSlug = async (tx: Parameters<typeof insertOrganization>[0], name: string): Promise<OrganizationRow> => {
    const base = slugify(name);
    for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
      const slug = attempt === 0 ? base : `${base.slice(0, SLUG_MAX_LENGTH - 7)}-${randomBytes(3).toString('hex')}`;
      const row = await insertOrganization(tx, { name, slug });
      if (row) return row;
    }
    throw new AppError('slug_unavailable', 409, 'Could not find a free address for this organization; try another name');
  };

  const createNow = async (actor: Actor, name: string, device: Device): Promise<OrganizationWithRole> => {
    const organization = await db.transaction(async (tx) => {
      const row = await insertWithUniqueSlug(tx, name);
      await insertMembership(tx, { orgId: row.id, userId: actor.userId, role: 'owner' });
      await recordAudit(tx, {
        action: 'org.created',
        orgId: row.id,
        actorUserId: actor.userId,
        targetType: 'organization',
        targetId: row.id,
        ...device,
        metadata: { name, slug: row.slug },
      });
      return row;
    });
    await announceMembershipChange(ctx, organization.id, actor.userId, 'owner');
    await ctx.bus.publish('organization.created', { orgId: organization.id, ownerId: actor.userId });
    return { organization, role: 'owner' };
  };

  return {
    /** Creates an organisation owned by the actor. The same `idempotencyKey` returns the first result again. */
    async create(actor: Actor, input: { name: string }, device: Device, idempotencyKey?: string): Promise<OrganizationWithRole> {
      requireSessionActor(actor);
      return createOnce(ctx.cache, {
        scope: `identity:org-create:${actor.userId}`,
        key: idempotencyKey,
        create: () => createNow(actor, input.name, device),
        idOf: (created) => created.organization.id,
        reload: async (orgId) => {
          const organization = await findOrganization(db, orgId);
          const role = organization && (await findRole(db, organization.id, actor.userId));
          return organization && role ? { organization, role } : undefined;
        },
      });
    },

    async listMine(actor: Actor): Promise<OrganizationWithRole[]> {
      const all = await listOrganizationsOfUser(db, actor.userId);
      return actor.type === 'api_key' ? all.filter((o) => o.organization.id === actor.orgId) : all;
    },

    async get(actor: Actor, orgId: string): Promise<OrganizationDetail> {
      return detail(actor, await loadReadable(actor, orgId));
    },

    async rename(actor: Actor, orgId: string, name: string, device: Device): Promise<OrganizationDetail> {
      await policies.authorize(actor, 'update', organizationResource(orgId));
      const organization = await db.transaction(async (tx) => {
        const before = await findOrganization(tx, orgId);
        const row = await renameOrganization(tx, orgId, name);
        if (!before || !row) throw new AppError('organization_not_found', 404, 'No such organization');
        await recordAudit(tx, {
          action: 'org.renamed',
          orgId,
          actorUserId: actor.userId,
          targetType: 'organization',
          targetId: orgId,
          ...device,
          metadata: { from: before.name, to: name },
        });
        return row;
      });
      for (const userId of await listMemberIds(db, orgId)) await forgetCachedMe(ctx.cache, userId);
      return detail(actor, organization);
    },

    /** Deletes the organisation and everything in it; its audit trail keeps one user-level `org.deleted` event. */
    async remove(actor: Actor, orgId: string, device: Device): Promise<void> {
      await policies.authorize(actor, 'delete', organizationResource(orgId));
      const organization = await findOrganization(db, orgId);
      if (!organization) throw new AppError('organization_not_found', 404, 'No such organization');
      const memberIds = await listMemberIds(db, orgId);
      const keyHashes = await listApiKeyHashesOfOrganization(db, orgId);
      await db.transaction(async (tx) => {
        await deleteOrganization(tx, orgId);
        await recordAudit(tx, {
          action: 'org.deleted',
          orgId: null,
          actorUserId: actor.userId,
          targetType: 'organization',
          targetId: orgId,
          ...device,
          metadata: { name: organization.name, slug: organization.slug },
        });
      });
      await forgetApiKeys(ctx.cache, keyHashes);
      for (const userId of memberIds) await announceMembershipChange(ctx, orgId, userId, null);
    },
  };
}

export type OrganizationsService = ReturnType<typeof organizationsService>;
