import type { ApiKey, AuditEvent, Invitation, Member, Organization, OutboxMessage, Team } from '../../../common/organizations.ts';
import type { ApiKeyWithCreator } from './api-keys.repository.ts';
import type { AuditEventRow } from './audit.repository.ts';
import type { InvitationWithInviter } from './invitations.repository.ts';
import type { MemberRow, OrganizationRow, UserSummary } from './organizations.repository.ts';
import type { OutboxRow } from './outbox.repository.ts';
import type { TeamRow } from './teams.repository.ts';

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export function presentUserSummary(user: UserSummary): UserSummary {
  return { id: user.id, email: user.email, displayName: user.displayName };
}

export function presentOrganization(row: OrganizationRow): Organization {
  return { id: row.id, name: row.name, slug: row.slug, createdAt: iso(row.createdAt) };
}

export function presentMember(row: MemberRow): Member {
  return { user: presentUserSummary(row.user), role: row.role, joinedAt: iso(row.joinedAt) };
}

export function presentInvitation(row: InvitationWithInviter, now = new Date()): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: row.expiresAt <= now ? 'expired' : 'pending',
    invitedBy: row.invitedByUser && presentUserSummary(row.invitedByUser),
    expiresAt: iso(row.expiresAt),
    createdAt: iso(row.createdAt),
  };
}

export function presentTeam(row: TeamRow): Team {
  return { id: row.id, name: row.name, memberCount: row.memberCount, createdAt: iso(row.createdAt) };
}

export function presentApiKey(row: ApiKeyWithCreator): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdBy: row.createdBy && presentUserSummary(row.createdBy),
    createdAt: iso(row.createdAt),
    lastUsedAt: isoOrNull(row.lastUsedAt),
    expiresAt: isoOrNull(row.expiresAt),
    revokedAt: isoOrNull(row.revokedAt),
  };
}

export function presentAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: String(row.id),
    action: row.action,
    orgId: row.orgId,
    actor: row.actor && presentUserSummary(row.actor),
    targetType: row.targetType,
    targetId: row.targetId,
    ip: row.ip,
    userAgent: row.userAgent,
    metadata: row.metadata,
    createdAt: iso(row.createdAt),
  };
}

export function presentOutboxMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    to: row.to,
    subject: row.subject,
    text: row.text,
    html: row.html,
    transport: row.transport,
    status: row.status,
    error: row.error,
    createdAt: iso(row.createdAt),
    sentAt: isoOrNull(row.sentAt),
  };
}
