import { limits } from '../../../common/limits.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { ACCESS_TOKEN_TTL_SECONDS } from '../../platform/auth/tokens.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { recordAudit } from './audit.ts';
import type { AuthContext, Device } from './context.ts';
import { createOpaqueToken, hashToken } from './passwords.ts';
import { requireSessionActor } from './session-actor.ts';
import {
  findRefreshToken,
  findSession,
  insertRefreshToken,
  insertSession,
  listActiveSessions,
  markRefreshTokenUsed,
  revokeSessionRow,
  revokeUserSessionRows,
  touchSession,
  type SessionRow,
} from './sessions.repository.ts';

export interface IssuedTokens {
  userId: string;
  sessionId: string;
  accessToken: string;
  expiresIn: number;
  /** The opaque refresh token for the cookie; only its hash is stored. */
  refreshToken: string;
}

const refreshExpiry = () => new Date(Date.now() + limits.refreshTokenTtlDays * 86_400_000);
const invalidRefresh = () => new AppError('invalid_refresh_token', 401, 'Your session has ended; sign in again');

export function createSessionsService(ctx: AuthContext) {
  const { db } = ctx;

  async function issue(session: SessionRow): Promise<IssuedTokens> {
    const { token, tokenHash } = createOpaqueToken();
    await insertRefreshToken(db, { sessionId: session.id, tokenHash, expiresAt: refreshExpiry() });
    const accessToken = await ctx.auth.tokens.sign({ userId: session.userId, sessionId: session.id });
    return { userId: session.userId, sessionId: session.id, accessToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, refreshToken: token };
  }

  async function revoke(sessionId: string, userId: string, reason: string): Promise<boolean> {
    const revoked = await revokeSessionRow(db, sessionId, reason);
    if (revoked) await afterRevocation([sessionId], userId);
    return revoked;
  }

  async function afterRevocation(sessionIds: string[], userId: string): Promise<void> {
    for (const sessionId of sessionIds) {
      await ctx.auth.markSessionRevoked(sessionId);
      await ctx.bus.publish('session.revoked', { sessionId, userId });
    }
  }

  return {
    /** Starts a session for a device and returns its first token pair. */
    async open(userId: string, device: Device): Promise<IssuedTokens> {
      const session = await insertSession(db, { userId, userAgent: device.userAgent ?? null, ip: device.ip ?? null, expiresAt: refreshExpiry() });
      return issue(session);
    },

    /**
     * Exchanges a refresh token for a new pair. A token that was already used means it leaked
     * (or was replayed): the whole session is revoked, and with it every access token it issued.
     */
    async rotate(refreshToken: string, device: Device): Promise<IssuedTokens> {
      const row = await findRefreshToken(db, hashToken(refreshToken));
      if (!row) throw invalidRefresh();
      const session = await findSession(db, row.sessionId);
      if (!session || session.revokedAt || session.expiresAt <= new Date()) throw invalidRefresh();
      const firstUse = !row.usedAt && (await markRefreshTokenUsed(db, row.id));
      if (!firstUse) {
        await revoke(session.id, session.userId, 'refresh_reuse');
        await recordAudit(db, {
          action: 'auth.refresh_reuse_detected',
          actorUserId: session.userId,
          targetType: 'session',
          targetId: session.id,
          ...device,
        });
        throw invalidRefresh();
      }
      if (row.expiresAt <= new Date()) throw invalidRefresh();
      await touchSession(db, session.id, { ip: device.ip ?? session.ip, expiresAt: refreshExpiry() });
      return issue(session);
    },

    /** Whose live session a refresh token belongs to, without using it up (a browser navigation cannot send a bearer token). */
    async ownerOf(refreshToken: string): Promise<string | undefined> {
      const row = await findRefreshToken(db, hashToken(refreshToken));
      if (!row || row.usedAt || row.expiresAt <= new Date()) return undefined;
      const session = await findSession(db, row.sessionId);
      return session?.revokedAt === null && session.expiresAt > new Date() ? session.userId : undefined;
    },

    /** Ends the session a refresh token belongs to; unknown tokens are ignored so sign-out always succeeds. */
    async signOut(refreshToken: string | undefined, device: Device): Promise<void> {
      if (!refreshToken) return;
      const row = await findRefreshToken(db, hashToken(refreshToken));
      const session = row && (await findSession(db, row.sessionId));
      if (!session) return;
      if (await revoke(session.id, session.userId, 'sign_out')) {
        await recordAudit(db, { action: 'auth.sign_out', actorUserId: session.userId, targetType: 'session', targetId: session.id, ...device });
      }
    },

    /** Revokes every session of a user (password reset), or every one but `keepSessionId` (password change). */
    async revokeAllOf(userId: string, reason: string, keepSessionId?: string): Promise<void> {
      const ids = await revokeUserSessionRows(db, userId, reason, keepSessionId);
      await afterRevocation(ids, userId);
    },

    async list(actor: Actor) {
      const { userId, sessionId } = requireSessionActor(actor);
      const rows = await listActiveSessions(db, userId);
      return rows.map((s) => ({
        id: s.id,
        userAgent: s.userAgent,
        ip: s.ip,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        current: s.id === sessionId,
      }));
    },

    async revokeDevice(actor: Actor, sessionId: string, device: Device): Promise<void> {
      const { userId } = requireSessionActor(actor);
      const session = await findSession(db, sessionId);
      if (session?.userId !== userId || session.revokedAt) throw notFound('session');
      await revoke(session.id, userId, 'revoked_by_user');
      await recordAudit(db, { action: 'auth.session_revoked', actorUserId: userId, targetType: 'session', targetId: session.id, ...device });
    },

    async revokeOthers(actor: Actor, device: Device): Promise<void> {
      const { userId, sessionId } = requireSessionActor(actor);
      const ids = await revokeUserSessionRows(db, userId, 'revoked_by_user', sessionId);
      await afterRevocation(ids, userId);
      for (const id of ids) {
        await recordAudit(db, { action: 'auth.session_revoked', actorUserId: userId, targetType: 'session', targetId: id, ...device });
      }
    },
  };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
