import { createHash, randomBytes } from 'node:crypto';
import { SCOPE_LEVELS, type ScopeLevel } from '../../../common/organizations.ts';
import { API_KEY_PREFIX, type Actor } from '../../platform/auth/actor.ts';
import { AppError, forbidden } from '../../platform/http/errors.ts';
import { maxScopeLevelFor } from '../../platform/policy/index.ts';
import { API_KEY_CACHE_TTL_SECONDS, apiKeyCacheKey, forgetApiKeys, type CachedApiKey } from './api-keys.cache.ts';
import { findActiveApiKey, findApiKeyByHash, insertApiKey, listApiKeys, revokeApiKey, touchApiKey, type ApiKeyWithCreator } from './api-keys.repository.ts';
import { recordAudit } from './audit.ts';
import type { Device } from './context.ts';
import { decodeCursor, pageOf } from '../../platform/pagination/cursor.ts';
import { findUser } from './organizations.repository.ts';
import type { OrgContext } from './org-context.ts';
import { organizationResource } from './policy.ts';

const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
const LAST_USED_RESOLUTION_SECONDS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

export const hashApiKey = (secret: string) => createHash('sha256').update(secret).digest('hex');

const levelOf = (scope: string) => (scope.split(':').at(-1) ?? scope) as ScopeLevel;
const levelRank = (level: ScopeLevel) => SCOPE_LEVELS.length - SCOPE_LEVELS.indexOf(level);

export function apiKeysService(ctx: OrgContext) {
  const { db, cache, policies } = ctx;

  const loadKey = async (keyHash: string): Promise<CachedApiKey> => {
    const cached = await cache.get<CachedApiKey>(apiKeyCacheKey(keyHash));
    if (cached) return cached;
    const row = await findApiKeyByHash(db, keyHash);
    const entry: CachedApiKey = {
      key:
        row && !row.revokedAt
          ? { keyId: row.id, orgId: row.orgId, userId: row.userId, scopes: row.scopes, expiresAt: row.expiresAt?.toISOString() ?? null }
          : null,
    };
    await cache.set(apiKeyCacheKey(keyHash), entry, API_KEY_CACHE_TTL_SECONDS);
    return entry;
  };

  /** Writes lastUsedAt at most once a minute per key, so authenticating stays a cache read. */
  const recordUse = async (keyId: string): Promise<void> => {
    const { count } = await cache.increment(`identity:api-key-used:${keyId}`, LAST_USED_RESOLUTION_SECONDS);
    if (count === 1) await touchApiKey(db, keyId, new Date());
  };

  return {
    /** Turns an `fwk_` secret into an API key actor; undefined for unknown, revoked or expired keys. */
    async resolve(secret: string): Promise<Actor | undefined> {
      const { key } = await loadKey(hashApiKey(secret));
      if (!key) return undefined;
      if (key.expiresAt && new Date(key.expiresAt) <= new Date()) return undefined;
      await recordUse(key.keyId);
      return { type: 'api_key', userId: key.userId, keyId: key.keyId, orgId: key.orgId, scopes: key.scopes };
    },

    async create(
      actor: Actor,
      orgId: string,
      input: { name: string; scopes: string[]; expiresInDays?: number },
      device: Device,
    ): Promise<{ apiKey: ApiKeyWithCreator; secret: string }> {
      const role = await policies.authorize(actor, 'manageApiKeys', organizationResource(orgId));
      const ceiling = maxScopeLevelFor(role);
      const excessive = input.scopes.filter((scope) => levelRank(levelOf(scope)) > levelRank(ceiling));
      if (excessive.length) {
        throw forbidden(`Your role allows API keys up to the "${ceiling}" level; remove ${excessive.join(', ')}`);
      }
      const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * DAY_MS) : null;
      const row = await db.transaction(async (tx) => {
        const inserted = await insertApiKey(tx, {
          orgId,
          userId: actor.userId,
          name: input.name,
          prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
          keyHash: hashApiKey(secret),
          scopes: input.scopes,
          expiresAt,
        });
        await recordAudit(tx, {
          action: 'org.api_key_created',
          orgId,
          actorUserId: actor.userId,
          targetType: 'api_key',
          targetId: inserted.id,
          ...device,
          metadata: { name: input.name, prefix: inserted.prefix, scopes: input.scopes },
        });
        return inserted;
      });
      const creator = await findUser(db, actor.userId);
      return { apiKey: { ...row, createdBy: creator ?? null }, secret };
    },

    async list(actor: Actor, orgId: string, page: { cursor?: string; limit: number }) {
      await policies.authorize(actor, 'manageApiKeys', organizationResource(orgId));
      const rows = await listApiKeys(db, orgId, decodeCursor(page.cursor), page.limit);
      return pageOf(rows, page.limit, (r) => ({ at: r.createdAt, id: r.id }));
    },

    async revoke(actor: Actor, orgId: string, keyId: string, device: Device): Promise<void> {
      await policies.authorize(actor, 'manageApiKeys', organizationResource(orgId));
      const key = await findActiveApiKey(db, orgId, keyId);
      if (!key) throw new AppError('api_key_not_found', 404, 'No such API key');
      await db.transaction(async (tx) => {
        await revokeApiKey(tx, key.id);
        await recordAudit(tx, {
          action: 'org.api_key_revoked',
          orgId,
          actorUserId: actor.userId,
          targetType: 'api_key',
          targetId: key.id,
          ...device,
          metadata: { name: key.name, prefix: key.prefix },
        });
      });
      await forgetApiKeys(cache, [key.keyHash]);
    },
  };
}

export type ApiKeysService = ReturnType<typeof apiKeysService>;
