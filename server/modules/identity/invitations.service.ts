import { limits } from '../../../common/limits.ts';
import type { Role } from '../../../common/organizations.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError, forbidden } from '../../platform/http/errors.ts';
import { recordAudit } from './audit.ts';
import type { Device } from './context.ts';
import { decodeCursor, pageOf } from '../../platform/pagination/cursor.ts';
import {
  findInvitationByTokenHash,
  findPendingInvitation,
  insertInvitation,
  listPendingInvitations,
  markInvitationAccepted,
  revokeInvitation,
  revokePendingInvitationsTo,
  type InvitationRow,
  type InvitationWithInviter,
} from './invitations.repository.ts';
import { announceMembershipChange, type OrgContext } from './org-context.ts';
import { findOrganization, findRole, findUser, findUserByEmail, insertMembership, type OrganizationRow } from './organizations.repository.ts';
import { createOpaqueToken, hashToken } from './passwords.ts';
import { organizationResource } from './policy.ts';
import { requireSessionActor } from './session-actor.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

const invitationNotFound = () => new AppError('invitation_not_found', 404, 'No such invitation; it may have been revoked or replaced');

export interface InvitationPreview {
  organization: OrganizationRow;
  email: string;
  role: Role;
  expiresAt: Date;
}

export function invitationsService(ctx: OrgContext) {
  const { db, policies } = ctx;

  /** The invitation behind a link, if it can still be used. */
  const usableInvitation = async (token: string): Promise<{ invitation: InvitationRow; organization: OrganizationRow }> => {
    const found = await findInvitationByTokenHash(db, hashToken(token));
    if (!found || found.invitation.revokedAt) throw invitationNotFound();
    if (found.invitation.acceptedAt) throw new AppError('invitation_already_accepted', 409, 'This invitation has already been accepted');
    if (found.invitation.expiresAt <= new Date()) {
      throw new AppError('invitation_expired', 410, 'This invitation has expired; ask an admin of the organization to invite you again');
    }
    return found;
  };

  const sendEmail = async (organization: OrganizationRow, inviterName: string, email: string, role: Role, token: string) => {
    const link = `${ctx.config.publicUrl}/invitations/${token}`;
    await ctx.mailer.send({
      to: email,
      subject: `${inviterName} invited you to ${organization.name} on Fluxworks`,
      text: [
        `${inviterName} invited you to join ${organization.name} on Fluxworks as ${role}.`,
        '',
        `Accept the invitation: ${link}`,
        '',
        `The link expires in ${limits.invitationTtlDays} days. If you did not expect it, ignore this message.`,
      ].join('\n'),
    });
  };

  return {
    /** Invites an email to the organisation; a pending invitation to the same email is replaced. */
    async send(actor: Actor, orgId: string, input: { email: string; role: Role }, device: Device): Promise<InvitationWithInviter> {
      const actorRole = await policies.authorize(actor, 'invite', organizationResource(orgId));
      if (input.role === 'owner' && actorRole !== 'owner') throw forbidden('Only an owner can invite another owner');
      const existingUser = await findUserByEmail(db, input.email);
      if (existingUser && (await findRole(db, orgId, existingUser.id))) {
        throw new AppError('already_member', 409, 'This person is already a member of the organization');
      }
      const organization = await findOrganization(db, orgId);
      const inviter = await findUser(db, actor.userId);
      if (!organization || !inviter) throw new AppError('organization_not_found', 404, 'No such organization');

      const { token, tokenHash } = createOpaqueToken();
      const invitation = await db.transaction(async (tx) => {
        await revokePendingInvitationsTo(tx, orgId, input.email);
        const row = await insertInvitation(tx, {
          orgId,
          email: input.email,
          role: input.role,
          tokenHash,
          invitedBy: actor.userId,
          expiresAt: new Date(Date.now() + limits.invitationTtlDays * DAY_MS),
        });
        await recordAudit(tx, {
          action: 'org.invitation_sent',
          orgId,
          actorUserId: actor.userId,
          targetType: 'invitation',
          targetId: row.id,
          ...device,
          metadata: { email: input.email, role: input.role },
        });
        return row;
      });
      await sendEmail(organization, inviter.displayName, input.email, input.role, token);
      return { ...invitation, invitedByUser: inviter };
    },

    async list(actor: Actor, orgId: string, page: { cursor?: string; limit: number }) {
      await policies.authorize(actor, 'invite', organizationResource(orgId));
      const rows = await listPendingInvitations(db, orgId, decodeCursor(page.cursor), page.limit);
      return pageOf(rows, page.limit, (r) => ({ at: r.createdAt, id: r.id }));
    },

    async revoke(actor: Actor, orgId: string, invitationId: string, device: Device): Promise<void> {
      await policies.authorize(actor, 'invite', organizationResource(orgId));
      const invitation = await findPendingInvitation(db, orgId, invitationId);
      if (!invitation) throw invitationNotFound();
      await db.transaction(async (tx) => {
        await revokeInvitation(tx, invitation.id);
        await recordAudit(tx, {
          action: 'org.invitation_revoked',
          orgId,
          actorUserId: actor.userId,
          targetType: 'invitation',
          targetId: invitation.id,
          ...device,
          metadata: { email: invitation.email, role: invitation.role },
        });
      });
    },

    /** What the invitation link shows before signing in; the token is the only credential. */
    async preview(token: string): Promise<InvitationPreview> {
      const { invitation, organization } = await usableInvitation(token);
      return { organization, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt };
    },

    /** Joins the organisation; the signed-in user's verified email must be the invited one. */
    async accept(actor: Actor, token: string, device: Device): Promise<{ organization: OrganizationRow; role: Role }> {
      requireSessionActor(actor);
      const { invitation, organization } = await usableInvitation(token);
      const user = await findUser(db, actor.userId);
      if (!user) throw new AppError('unauthenticated', 401, 'Sign in to continue');
      if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
        throw new AppError('invitation_email_mismatch', 403, `This invitation is for ${invitation.email}; sign in with that address to accept it`);
      }
      if (!user.emailVerifiedAt) throw new AppError('email_not_verified', 403, 'Verify your email address before accepting the invitation');

      const role = await db.transaction(async (tx) => {
        if (!(await markInvitationAccepted(tx, invitation.id))) {
          throw new AppError('invitation_already_accepted', 409, 'This invitation has already been accepted');
        }
        const joined = await insertMembership(tx, { orgId: invitation.orgId, userId: user.id, role: invitation.role });
        await recordAudit(tx, {
          action: 'org.invitation_accepted',
          orgId: invitation.orgId,
          actorUserId: user.id,
          targetType: 'invitation',
          targetId: invitation.id,
          ...device,
          metadata: { email: invitation.email, role: invitation.role, alreadyMember: !joined },
        });
        return joined ? invitation.role : ((await findRole(tx, invitation.orgId, user.id)) ?? invitation.role);
      });
      await announceMembershipChange(ctx, invitation.orgId, user.id, role);
      return { organization, role };
    },
  };
}

export type InvitationsService = ReturnType<typeof invitationsService>;
