import type { Actor } from '../../platform/auth/actor.ts';
import { AppError, forbidden } from '../../platform/http/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination/cursor.ts';
import type { OrgContext } from './org-context.ts';
import { findUser } from './organizations.repository.ts';
import { listOutbox } from './outbox.repository.ts';
import { requireSessionActor } from './session-actor.ts';

export function outboxService(ctx: OrgContext) {
  return {
    /**
     * Platform admins read every message. Anyone else reads only the mail addressed to them, and only
     * while mail stays in the outbox (embedded mode), so a newcomer can follow their verification link.
     */
    async list(actor: Actor, page: { cursor?: string; limit: number }) {
      requireSessionActor(actor);
      const user = await findUser(ctx.db, actor.userId);
      if (!user) throw new AppError('unauthenticated', 401, 'Sign in to continue');
      if (!user.isPlatformAdmin && ctx.mailer.transport !== 'outbox') {
        throw forbidden('Mail is delivered by SMTP; only platform admins can read the delivery log');
      }
      const rows = await listOutbox(ctx.db, {
        to: user.isPlatformAdmin ? undefined : user.email,
        before: decodeCursor(page.cursor),
        limit: page.limit,
      });
      return pageOf(rows, page.limit, (r) => ({ at: r.createdAt, id: r.id }));
    },
  };
}

export type OutboxService = ReturnType<typeof outboxService>;
