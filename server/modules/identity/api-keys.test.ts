import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKey, CreatedApiKey, OrganizationDetail, OrganizationWithRole, Page } from '../../../common/organizations.ts';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../test/support/factories.ts';
import { errorCode } from '../../../test/support/responses.ts';
import type { ErrorBody } from '../../platform/http/errors.ts';
import { apiKeys } from './tables.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, credential: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(credential), payload });

async function setup() {
  const owner = await buildUser(t.app);
  const org = await buildOrganization(t.app, owner.user.id, 'Keyed');
  return { owner, org };
}

async function createKey(orgId: string, token: string, scopes: string[], extra: object = {}) {
  const res = await api('POST', `/orgs/${orgId}/api-keys`, token, { name: 'CI', scopes, ...extra });
  expect(res.statusCode).toBe(201);
  return res.json<CreatedApiKey>();
}

describe('API keys', () => {
  it('shows the secret once, stores only its hash, and lists the key without it', async () => {
    const { owner, org } = await setup();
    const { apiKey, secret } = await createKey(org.id, owner.token, ['read']);
    expect(secret).toMatch(/^fwk_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(apiKey.prefix)).toBe(true);

    const [row] = await t.app.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row!.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(secret);

    const listed = await api('GET', `/orgs/${org.id}/api-keys`, owner.token);
    expect(listed.json<Page<ApiKey>>().items).toHaveLength(1);
    expect(listed.body).not.toContain(secret);
  });

  it('authenticates a request as the key, records its last use, and fails at once after revocation', async () => {
    const { owner, org } = await setup();
    const { apiKey, secret } = await createKey(org.id, owner.token, ['read']);

    const asKey = await api('GET', `/orgs/${org.id}`, secret);
    expect(asKey.statusCode).toBe(200);
    expect(asKey.json<OrganizationDetail>().organization.id).toBe(org.id);
    const listed = await api('GET', `/orgs/${org.id}/api-keys`, owner.token);
    expect(listed.json<Page<ApiKey>>().items[0]?.lastUsedAt).not.toBeNull();

    expect((await api('DELETE', `/orgs/${org.id}/api-keys/${apiKey.id}`, owner.token)).statusCode).toBe(204);
    const refused = await api('GET', `/orgs/${org.id}`, secret);
    expect(refused.statusCode).toBe(401);
  });

  it('refuses an unknown key and an expired one', async () => {
    const { owner, org } = await setup();
    expect((await api('GET', `/orgs/${org.id}`, `fwk_${'A'.repeat(43)}`)).statusCode).toBe(401);
    const { apiKey, secret } = await createKey(org.id, owner.token, ['read'], { expiresInDays: 30 });
    expect(Date.parse(apiKey.expiresAt!)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    await t.app.db.update(apiKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.id, apiKey.id));
    await t.app.cache.delete(`identity:api-key:${(await t.app.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id)))[0]!.keyHash}`);
    expect((await api('GET', `/orgs/${org.id}`, secret)).statusCode).toBe(401);
  });

  it('enforces scopes: a read key cannot write, a write key cannot administer', async () => {
    const { owner, org } = await setup();
    const reader = (await createKey(org.id, owner.token, ['read'])).secret;
    const writer = (await createKey(org.id, owner.token, ['identity:write'])).secret;
    const admin = (await createKey(org.id, owner.token, ['admin'])).secret;

    expect((await api('GET', `/orgs/${org.id}/members`, reader)).statusCode).toBe(200);
    const denied = await api('PATCH', `/orgs/${org.id}`, reader, { name: 'Renamed by key' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json<ErrorBody>().error.message).toContain('scope');
    expect((await api('POST', `/orgs/${org.id}/teams`, writer, { name: 'Bots' })).statusCode).toBe(403);
    expect((await api('POST', `/orgs/${org.id}/teams`, admin, { name: 'Bots' })).statusCode).toBe(201);

    const policies = (await api('GET', `/orgs/${org.id}`, reader)).json<OrganizationDetail>().policies;
    expect(policies).toMatchObject({ read: true, update: false, manageTeams: false });
  });

  it('narrows a module-qualified scope to its module', async () => {
    const { owner, org } = await setup();
    const studioAdmin = (await createKey(org.id, owner.token, ['studio:admin'])).secret;
    const res = await api('GET', `/orgs/${org.id}`, studioAdmin);
    expect(res.statusCode).toBe(403);
  });

  it('keeps a key inside its organisation', async () => {
    const { owner, org } = await setup();
    const otherOrg = await buildOrganization(t.app, owner.user.id, 'Second');
    const { secret } = await createKey(org.id, owner.token, ['admin']);
    const res = await api('GET', `/orgs/${otherOrg.id}`, secret);
    expect(res.statusCode).toBe(404);
    const mine = await api('GET', '/orgs', secret);
    expect(mine.json<Page<OrganizationWithRole>>().items.map((o) => o.organization.id)).toEqual([org.id]);
  });

  it('never lets a key manage keys or create organisations', async () => {
    const { owner, org } = await setup();
    const { secret } = await createKey(org.id, owner.token, ['admin']);
    expect((await api('POST', `/orgs/${org.id}/api-keys`, secret, { name: 'Child', scopes: ['admin'] })).statusCode).toBe(403);
    expect((await api('POST', '/orgs', secret, { name: 'Key Org' })).statusCode).toBe(403);
  });

  it('limits a key to what its creator’s current role allows', async () => {
    const { owner, org } = await setup();
    const admin = await buildMember(t.app, org.id, 'admin');
    const { secret } = await createKey(org.id, admin.token, ['admin']);
    expect((await api('POST', `/orgs/${org.id}/teams`, secret, { name: 'Before' })).statusCode).toBe(201);

    await api('PATCH', `/orgs/${org.id}/members/${admin.user.id}`, owner.token, { role: 'viewer' });
    expect((await api('POST', `/orgs/${org.id}/teams`, secret, { name: 'After' })).statusCode).toBe(403);

    await api('DELETE', `/orgs/${org.id}/members/${admin.user.id}`, owner.token);
    expect((await api('GET', `/orgs/${org.id}`, secret)).statusCode).toBe(401);
  });

  it('lets only admins and owners manage keys, and rejects unknown scopes', async () => {
    const { owner, org } = await setup();
    const member = await buildMember(t.app, org.id, 'member');
    expect((await api('POST', `/orgs/${org.id}/api-keys`, member.token, { name: 'Mine', scopes: ['read'] })).statusCode).toBe(403);
    expect((await api('GET', `/orgs/${org.id}/api-keys`, member.token)).statusCode).toBe(403);
    const bad = await api('POST', `/orgs/${org.id}/api-keys`, owner.token, { name: 'Bad', scopes: ['root'] });
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('validation_failed');
  });
});
