import type { Role } from '../../../common/organizations.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Transaction } from '../../platform/db/index.ts';
import { AppError, forbidden } from '../../platform/http/errors.ts';
import { forgetApiKeys } from './api-keys.cache.ts';
import { revokeApiKeysOfMember } from './api-keys.repository.ts';
import { recordAudit } from './audit.ts';
import type { Device } from './context.ts';
import { decodeCursor, pageOf } from '../../platform/pagination/cursor.ts';
import { announceMembershipChange, type OrgContext } from './org-context.ts';
import { deleteMembership, findRole, listMembers, lockOwners, updateMembershipRole } from './organizations.repository.ts';
import { organizationResource } from './policy.ts';

const memberNotFound = () => new AppError('member_not_found', 404, 'No such member in this organization');
const lastOwner = () =>
  new AppError('last_owner', 409, 'An organization needs at least one owner; make someone else owner first, or delete the organization');
const ownersOnly = () => forbidden('Only an owner can grant, revoke or change the owner role');

export function membershipsService(ctx: OrgContext) {
  const { db, policies } = ctx;

  /** Ends a membership (removal or leaving): its team places go, and its API keys are revoked. */
  const endMembership = async (tx: Transaction, orgId: string, userId: string): Promise<string[]> => {
    await deleteMembership(tx, orgId, userId);
    return revokeApiKeysOfMember(tx, orgId, userId);
  };

  const afterEnded = async (orgId: string, userId: string, revokedKeyHashes: string[]) => {
    await forgetApiKeys(ctx.cache, revokedKeyHashes);
    await announceMembershipChange(ctx, orgId, userId, null);
  };

  return {
    async list(actor: Actor, orgId: string, page: { cursor?: string; limit: number }) {
      await policies.authorize(actor, 'listMembers', organizationResource(orgId));
      const rows = await listMembers(db, orgId, decodeCursor(page.cursor), page.limit);
      return pageOf(rows, page.limit, (r) => ({ at: r.joinedAt, id: r.user.id }));
    },

    /** Admins manage members; only owners touch the owner role, and the last owner stays. */
    async changeRole(actor: Actor, orgId: string, userId: string, role: Role, device: Device): Promise<void> {
      const actorRole = await policies.authorize(actor, 'manageMembers', organizationResource(orgId));
      const changed = await db.transaction(async (tx) => {
        const owners = await lockOwners(tx, orgId);
        const current = await findRole(tx, orgId, userId);
        if (!current) throw memberNotFound();
        if ((current === 'owner' || role === 'owner') && actorRole !== 'owner') throw ownersOnly();
        if (current === role) return false;
        if (current === 'owner' && owners.length <= 1) throw lastOwner();
        await updateMembershipRole(tx, orgId, userId, role);
        await recordAudit(tx, {
          action: 'org.member_role_changed',
          orgId,
          actorUserId: actor.userId,
          targetType: 'user',
          targetId: userId,
          ...device,
          metadata: { from: current, to: role },
        });
        return true;
      });
      if (changed) await announceMembershipChange(ctx, orgId, userId, role);
    },

    async remove(actor: Actor, orgId: string, userId: string, device: Device): Promise<void> {
      const actorRole = await policies.authorize(actor, 'manageMembers', organizationResource(orgId));
      const revoked = await db.transaction(async (tx) => {
        const owners = await lockOwners(tx, orgId);
        const current = await findRole(tx, orgId, userId);
        if (!current) throw memberNotFound();
        if (current === 'owner' && actorRole !== 'owner') throw ownersOnly();
        if (current === 'owner' && owners.length <= 1) throw lastOwner();
        const hashes = await endMembership(tx, orgId, userId);
        await recordAudit(tx, {
          action: 'org.member_removed',
          orgId,
          actorUserId: actor.userId,
          targetType: 'user',
          targetId: userId,
          ...device,
          metadata: { role: current },
        });
        return hashes;
      });
      await afterEnded(orgId, userId, revoked);
    },

    async leave(actor: Actor, orgId: string, device: Device): Promise<void> {
      await policies.authorize(actor, 'leave', organizationResource(orgId));
      const revoked = await db.transaction(async (tx) => {
        const owners = await lockOwners(tx, orgId);
        const current = await findRole(tx, orgId, actor.userId);
        if (!current) throw new AppError('organization_not_found', 404, 'No such organization');
        if (current === 'owner' && owners.length <= 1) throw lastOwner();
        const hashes = await endMembership(tx, orgId, actor.userId);
        await recordAudit(tx, {
          action: 'org.member_left',
          orgId,
          actorUserId: actor.userId,
          targetType: 'user',
          targetId: actor.userId,
          ...device,
          metadata: { role: current },
        });
        return hashes;
      });
      await afterEnded(orgId, actor.userId, revoked);
    },
  };
}

export type MembershipsService = ReturnType<typeof membershipsService>;
