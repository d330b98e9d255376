import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.ts';
import { createMemoryCache } from '../cache/index.ts';
import { createPolicies, scopesCover, type Policies, type ResourcePolicy } from './index.ts';

interface Note {
  type: 'note';
  orgId: string;
  authorId: string;
}

const notePolicy: ResourcePolicy<Note> = {
  type: 'note',
  module: 'studio',
  actions: {
    read: { role: 'viewer', scope: 'read' },
    edit: { role: 'member', scope: 'write', when: ({ actor, role, resource }) => role !== 'member' || resource.authorId === actor.userId },
    purge: { role: 'admin', scope: 'admin', userOnly: true },
  },
};

const ORG = 'org-1';
const memberships: Record<string, 'owner' | 'admin' | 'member' | 'viewer'> = { alice: 'owner', bob: 'member', vic: 'viewer' };
const user = (userId: string): Actor => ({ type: 'user', userId, sessionId: 's' });
const key = (userId: string, scopes: string[], orgId = ORG): Actor => ({ type: 'api_key', userId, keyId: 'k', orgId, scopes });
const note = (authorId = 'bob'): Note => ({ type: 'note', orgId: ORG, authorId });

const cache = createMemoryCache();
let lookups = 0;
function build(): Policies {
  const policies = createPolicies(cache);
  policies.define(notePolicy);
  policies.setRoleResolver(async (userId, orgId) => {
    lookups++;
    return orgId === ORG ? memberships[userId] : undefined;
  });
  return policies;
}
afterEach(async () => {
  for (const id of ['alice', 'bob', 'vic', 'mallory']) await cache.delete(`policy:role:${ORG}:${id}`);
  lookups = 0;
});

describe('policy layer', () => {
  it('answers 404 with the resource type to non-members and 403 to members without the right', async () => {
    const policies = build();
    await expect(policies.authorize(user('mallory'), 'read', note())).rejects.toMatchObject({ status: 404, code: 'note_not_found' });
    await expect(policies.authorize(user('vic'), 'edit', note())).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    await expect(policies.authorize(user('vic'), 'read', note())).resolves.toBe('viewer');
  });

  it('applies conditions beyond the role', async () => {
    const policies = build();
    expect(await policies.can(user('bob'), 'edit', note('bob'))).toBe(true);
    expect(await policies.can(user('bob'), 'edit', note('someone-else'))).toBe(false);
    expect(await policies.can(user('alice'), 'edit', note('someone-else'))).toBe(true);
  });

  it('maps every action of a type to a yes or no for the UI', async () => {
    const policies = build();
    expect(await policies.policiesFor(user('bob'), note('bob'))).toEqual({ read: true, edit: true, purge: false });
    expect(await policies.policiesFor(user('mallory'), note())).toEqual({ read: false, edit: false, purge: false });
  });

  it('limits an API key to its scopes, its creator’s role and its own organisation', async () => {
    const policies = build();
    expect(await policies.can(key('alice', ['read']), 'read', note())).toBe(true);
    expect(await policies.can(key('alice', ['read']), 'edit', note())).toBe(false);
    expect(await policies.can(key('alice', ['studio:write']), 'edit', note())).toBe(true);
    expect(await policies.can(key('alice', ['dashboards:admin']), 'read', note())).toBe(false);
    expect(await policies.can(key('vic', ['admin']), 'edit', note())).toBe(false);
    expect(await policies.can(key('alice', ['admin']), 'purge', note())).toBe(false);
    await expect(policies.authorize(key('alice', ['admin'], 'org-2'), 'read', note())).rejects.toMatchObject({ status: 404 });
  });

  it('caches roles and reads them again after forgetRole', async () => {
    const policies = build();
    await policies.can(user('bob'), 'read', note());
    await policies.can(user('bob'), 'edit', note());
    await policies.can(user('mallory'), 'read', note());
    await policies.can(user('mallory'), 'read', note());
    expect(lookups).toBe(2);

    memberships.mallory = 'admin';
    expect(await policies.can(user('mallory'), 'read', note())).toBe(false);
    await policies.forgetRole(ORG, 'mallory');
    expect(await policies.can(user('mallory'), 'read', note())).toBe(true);
    delete memberships.mallory;
  });

  it('lets a resource narrow the organisation role or hide itself', async () => {
    interface Room {
      type: 'room';
      orgId: string;
      narrowed: Record<string, 'viewer' | 'hidden'>;
    }
    const policies = build();
    policies.define<Room>({
      type: 'room',
      module: 'studio',
      actions: { read: { role: 'viewer', scope: 'read' }, write: { role: 'member', scope: 'write' } },
      roleOn: async (actor, orgRole, room) => {
        const narrowed = room.narrowed[actor.userId];
        if (narrowed === 'hidden') return undefined;
        return narrowed ?? orgRole;
      },
    });
    const room: Room = { type: 'room', orgId: ORG, narrowed: { bob: 'viewer', alice: 'hidden' } };
    expect(await policies.can(user('bob'), 'read', room)).toBe(true);
    expect(await policies.can(user('bob'), 'write', room)).toBe(false);
    await expect(policies.authorize(user('bob'), 'write', room)).rejects.toMatchObject({ status: 403 });
    await expect(policies.authorize(user('alice'), 'read', room)).rejects.toMatchObject({ status: 404, code: 'room_not_found' });
    expect(await policies.policiesFor(user('alice'), room)).toEqual({ read: false, write: false });
    expect(await policies.can(user('mallory'), 'read', room)).toBe(false);
  });

  it('refuses unknown types and actions loudly instead of allowing them', async () => {
    const policies = build();
    await expect(policies.can(user('alice'), 'read', { type: 'ghost', orgId: ORG })).rejects.toThrow(/No policy/);
    await expect(policies.can(user('alice'), 'teleport', note())).rejects.toThrow(/No rule/);
    expect(() => policies.define(notePolicy)).toThrow(/already defined/);
  });

  it('reads scope levels as nested: admin covers write covers read', () => {
    expect(scopesCover(['admin'], 'studio', 'read')).toBe(true);
    expect(scopesCover(['write'], 'studio', 'admin')).toBe(false);
    expect(scopesCover(['studio:read', 'identity:admin'], 'studio', 'write')).toBe(false);
    expect(scopesCover(['bogus'], 'studio', 'read')).toBe(false);
  });
});
