import type { Actor } from '../../platform/auth/actor.ts';
import { listAuditEvents } from './audit.repository.ts';
import { invalidCursor } from '../../platform/pagination/cursor.ts';
import type { OrgContext } from './org-context.ts';
import { organizationResource } from './policy.ts';

export interface AuditQuery {
  cursor?: string;
  limit: number;
  action?: string;
  actorUserId?: string;
  from?: string;
  to?: string;
}

export function auditService(ctx: OrgContext) {
  const { db, policies } = ctx;
  return {
    /** The organisation's audit trail and its members' own security events, newest first (admins and owners). */
    async list(actor: Actor, orgId: string, query: AuditQuery) {
      await policies.authorize(actor, 'readAudit', organizationResource(orgId));
      if (query.cursor !== undefined && !/^[1-9]\d{0,15}$/.test(query.cursor)) throw invalidCursor();
      const rows = await listAuditEvents(
        db,
        orgId,
        {
          action: query.action,
          actorUserId: query.actorUserId,
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
          beforeId: query.cursor === undefined ? undefined : Number(query.cursor),
        },
        query.limit,
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return { rows: page, nextCursor: rows.length > query.limit && last ? String(last.id) : null };
    },
  };
}

export type AuditService = ReturnType<typeof auditService>;
