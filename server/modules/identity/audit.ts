import type { Executor } from '../../platform/db/index.ts';
import { auditEvents } from './tables.ts';

export interface AuditEntry {
  action: string;
  orgId?: string | null;
  actorUserId?: string | null;
  targetType?: string;
  targetId?: string;
  ip?: string;
  userAgent?: string;
  metadata?: Record<string, unknown>;
}

/** Appends one security event to the audit log (sign-ins, failures, 2FA and role changes, keys, invitations). */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({ ...entry, metadata: entry.metadata ?? {} });
}
