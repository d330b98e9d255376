import type { Redis } from 'ioredis';

/** What one connection (a browser tab) reports: someone looking at it, or idle/hidden. */
export type ConnectionState = 'online' | 'away';
/** A person across all their connections: online if any tab is, away if every tab is, offline without one. */
export type PresenceStatus = ConnectionState | 'offline';

export interface PresenceChange {
  userId: string;
  before: PresenceStatus;
  after: PresenceStatus;
}

/**
 * Who is connected, across tabs and app nodes. Each connection is kept for `connectionTtlMs`
 * and refreshed by the process that holds it, so the connections of a node that dies without
 * saying goodbye expire on their own.
 */
export interface PresenceStore {
  /** Records or updates a connection; the answer says whether the person's status changed. */
  set(userId: string, connectionId: string, state: ConnectionState): Promise<PresenceChange>;
  remove(userId: string, connectionId: string): Promise<PresenceChange>;
  statuses(userIds: readonly string[]): Promise<Map<string, PresenceStatus>>;
  /** Stops refreshing and removes this process's connections. */
  close(): Promise<void>;
}

export interface PresenceOptions {
  connectionTtlMs?: number;
}

const DEFAULT_TTL_MS = 90_000;

interface Connection {
  state: ConnectionState;
  expiresAt: number;
}

function aggregate(connections: Iterable<Connection>, now: number): PresenceStatus {
  let status: PresenceStatus = 'offline';
  for (const connection of connections) {
    if (connection.expiresAt <= now) continue;
    if (connection.state === 'online') return 'online';
    status = 'away';
  }
  return status;
}

/** Keeps this process's own connections alive by setting them again every third of the TTL. */
function ownConnections(ttlMs: number, refresh: (userId: string, connectionId: string, state: ConnectionState) => Promise<unknown>) {
  const own = new Map<string, { userId: string; state: ConnectionState }>();
  const timer = setInterval(() => {
    for (const [connectionId, { userId, state }] of own) void refresh(userId, connectionId, state).catch(() => undefined);
  }, Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    track: (userId: string, connectionId: string, state: ConnectionState) => own.set(connectionId, { userId, state }),
    forget: (connectionId: string) => own.delete(connectionId),
    entries: () => [...own],
    stop: () => clearInterval(timer),
  };
}

export function createMemoryPresence(options: PresenceOptions = {}): PresenceStore {
  const ttlMs = options.connectionTtlMs ?? DEFAULT_TTL_MS;
  const users = new Map<string, Map<string, Connection>>();

  const change = (userId: string, apply: (connections: Map<string, Connection>) => void): PresenceChange => {
    const now = Date.now();
    const connections = users.get(userId) ?? new Map<string, Connection>();
    const before = aggregate(connections.values(), now);
    apply(connections);
    for (const [id, connection] of connections) if (connection.expiresAt <= now) connections.delete(id);
    if (connections.size) users.set(userId, connections);
    else users.delete(userId);
    return { userId, before, after: aggregate(connections.values(), now) };
  };
  const write = (userId: string, connectionId: string, state: ConnectionState) =>
    change(userId, (connections) => connections.set(connectionId, { state, expiresAt: Date.now() + ttlMs }));
  const own = ownConnections(ttlMs, async (userId, connectionId, state) => write(userId, connectionId, state));

  return {
    async set(userId, connectionId, state) {
      own.track(userId, connectionId, state);
      return write(userId, connectionId, state);
    },
    async remove(userId, connectionId) {
      own.forget(connectionId);
      return change(userId, (connections) => connections.delete(connectionId));
    },
    async statuses(userIds) {
      const now = Date.now();
      return new Map(userIds.map((userId) => [userId, aggregate(users.get(userId)?.values() ?? [], now)]));
    },
    async close() {
      own.stop();
      users.clear();
    },
  };
}

// One hash per person: field = connection id, value = "state|expiresAtMs". The script reads the
// status, applies the change and drops expired connections atomically, so two nodes changing one
// person's connections at once still each see a correct before/after.
const CHANGE_SCRIPT = `
local function status(entries, now)
  local result = 'offline'
  for i = 1, #entries, 2 do
    local value = entries[i + 1]
    local sep = string.find(value, '|', 1, true)
    if tonumber(string.sub(value, sep + 1)) > now then
      if string.sub(value, 1, sep - 1) == 'online' then return 'online' end
      result = 'away'
    end
  end
  return result
end
local now = tonumber(ARGV[1])
local before = status(redis.call('HGETALL', KEYS[1]), now)
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], ARGV[2])
else
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3] .. '|' .. ARGV[4])
end
local entries = redis.call('HGETALL', KEYS[1])
local latest = 0
for i = 1, #entries, 2 do
  local value = entries[i + 1]
  local expires = tonumber(string.sub(value, string.find(value, '|', 1, true) + 1))
  if expires <= now then redis.call('HDEL', KEYS[1], entries[i]) elseif expires > latest then latest = expires end
end
if latest > 0 then redis.call('PEXPIREAT', KEYS[1], latest) end
return { before, status(redis.call('HGETALL', KEYS[1]), now) }
`;

const presenceKey = (userId: string) => `presence:${userId}`;

type PresenceRedis = Redis & {
  presenceChange(key: string, now: number, connectionId: string, state: string, expiresAt: number): Promise<[PresenceStatus, PresenceStatus]>;
};

function parseConnections(hash: Record<string, string>): Connection[] {
  return Object.values(hash).map((value) => {
    const [state, expiresAt] = value.split('|');
    return { state: state === 'online' ? 'online' : 'away', expiresAt: Number(expiresAt) };
  });
}

/** Presence shared by every node on one Redis; the key prefix of the connection applies. */
export function createRedisPresence(redis: Redis, options: PresenceOptions = {}): PresenceStore {
  const ttlMs = options.connectionTtlMs ?? DEFAULT_TTL_MS;
  if (!('presenceChange' in redis)) redis.defineCommand('presenceChange', { numberOfKeys: 1, lua: CHANGE_SCRIPT });
  const client = redis as PresenceRedis;
  const run = async (userId: string, connectionId: string, state: ConnectionState | ''): Promise<PresenceChange> => {
    const now = Date.now();
    const [before, after] = await client.presenceChange(presenceKey(userId), now, connectionId, state, now + ttlMs);
    return { userId, before, after };
  };
  const own = ownConnections(ttlMs, run);

  return {
    async set(userId, connectionId, state) {
      own.track(userId, connectionId, state);
      return run(userId, connectionId, state);
    },
    async remove(userId, connectionId) {
      own.forget(connectionId);
      return run(userId, connectionId, '');
    },
    async statuses(userIds) {
      if (userIds.length === 0) return new Map();
      const pipeline = redis.pipeline();
      for (const userId of userIds) pipeline.hgetall(presenceKey(userId));
      const results = (await pipeline.exec()) ?? [];
      const now = Date.now();
      return new Map(userIds.map((userId, i) => [userId, aggregate(parseConnections((results[i]?.[1] ?? {}) as Record<string, string>), now)]));
    },
    async close() {
      own.stop();
      await Promise.all(own.entries().map(([connectionId, { userId }]) => run(userId, connectionId, '').catch(() => undefined)));
    },
  };
}
