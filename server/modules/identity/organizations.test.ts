import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import type { Member, OrganizationDetail, OrganizationWithRole, Page } from '../../../common/organizations.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../test/support/factories.ts';
import { errorCode } from '../../../test/support/responses.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, payload });

describe('organisations', () => {
  it('makes the creator the owner and derives a unique slug from the name', async () => {
    const { token } = await buildUser(t.app);
    const first = await api('POST', '/orgs', token, { name: 'Acme Design Co.' });
    expect(first.statusCode).toBe(201);
    expect(first.json<OrganizationWithRole>()).toMatchObject({ organization: { name: 'Acme Design Co.', slug: 'acme-design-co' }, role: 'owner' });

    const second = await api('POST', '/orgs', token, { name: 'Acme  design co' });
    expect(second.statusCode).toBe(201);
    expect(second.json<OrganizationWithRole>().organization.slug).toMatch(/^acme-design-co-[0-9a-f]{6}$/);

    const mine = await api('GET', '/orgs', token);
    expect(mine.json<Page<OrganizationWithRole>>().items.map((o) => o.organization.id).sort()).toEqual(
      [first.json<OrganizationWithRole>().organization.id, second.json<OrganizationWithRole>().organization.id].sort(),
    );
  });

  it('returns the first result again for a repeated Idempotency-Key', async () => {
    const { token } = await buildUser(t.app);
    const headers = { 'idempotency-key': 'create-once-1' };
    const first = await api('POST', '/orgs', token, { name: 'Only Once' }, headers);
    const again = await api('POST', '/orgs', token, { name: 'Only Once' }, headers);
    expect(again.statusCode).toBe(201);
    expect(again.json<OrganizationWithRole>().organization.id).toBe(first.json<OrganizationWithRole>().organization.id);
    expect((await api('GET', '/orgs', token)).json<Page<OrganizationWithRole>>().items).toHaveLength(1);
  });

  it('rejects a name that is too short with a validation error', async () => {
    const { token } = await buildUser(t.app);
    const res = await api('POST', '/orgs', token, { name: 'x' });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
  });

  it('requires authentication', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/orgs' });
    expect(res.statusCode).toBe(401);
  });

  it('answers 404 to a user of another organisation, for reads and writes alike', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    const outsider = await buildUser(t.app);
    await buildOrganization(t.app, outsider.user.id, 'Elsewhere');
    for (const [method, url, body] of [
      ['GET', `/orgs/${org.id}`],
      ['PATCH', `/orgs/${org.id}`, { name: 'Taken over' }],
      ['GET', `/orgs/${org.id}/members`],
      ['DELETE', `/orgs/${org.id}`],
    ] as const) {
      const res = await api(method, url, outsider.token, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(errorCode(res)).toBe('organization_not_found');
    }
  });

  it('shows each role what it may do and forbids a viewer from renaming', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    const viewer = await buildMember(t.app, org.id, 'viewer');

    const asViewer = await api('GET', `/orgs/${org.id}`, viewer.token);
    expect(asViewer.json<OrganizationDetail>()).toMatchObject({ role: 'viewer', policies: { read: true, update: false, delete: false, invite: false, readAudit: false } });
    const asOwner = await api('GET', `/orgs/${org.id}`, owner.token);
    expect(asOwner.json<OrganizationDetail>()).toMatchObject({ role: 'owner', policies: { read: true, update: true, delete: true, invite: true, readAudit: true } });

    const rename = await api('PATCH', `/orgs/${org.id}`, viewer.token, { name: 'Viewer was here' });
    expect(rename.statusCode).toBe(403);
    expect(errorCode(rename)).toBe('forbidden');
  });

  it('lets an admin rename but only an owner delete', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    const admin = await buildMember(t.app, org.id, 'admin');

    const renamed = await api('PATCH', `/orgs/${org.id}`, admin.token, { name: 'New Name' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json<OrganizationDetail>().organization.name).toBe('New Name');

    expect((await api('DELETE', `/orgs/${org.id}`, admin.token)).statusCode).toBe(403);
    expect((await api('DELETE', `/orgs/${org.id}`, owner.token)).statusCode).toBe(204);
    expect((await api('GET', `/orgs/${org.id}`, owner.token)).statusCode).toBe(404);
    expect((await api('GET', `/orgs/${org.id}`, admin.token)).statusCode).toBe(404);
  });

  it('publishes organization.created on the bus', async () => {
    const { user, token } = await buildUser(t.app);
    const received = new Promise<{ orgId: string; ownerId: string }>((resolve) => {
      const stop = t.app.bus.subscribe('organization.created', (event) => {
        if (event.ownerId === user.id) {
          stop();
          resolve(event);
        }
      });
    });
    const res = await api('POST', '/orgs', token, { name: 'Announced' });
    expect(await received).toEqual({ orgId: res.json<OrganizationWithRole>().organization.id, ownerId: user.id });
  });
});

describe('memberships', () => {
  it('lists members page by page', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    for (const role of ['admin', 'member', 'viewer', 'member'] as const) await buildMember(t.app, org.id, role);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api('GET', `/orgs/${org.id}/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`, owner.token);
      expect(res.statusCode).toBe(200);
      const body = res.json<Page<Member>>();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((m) => m.user.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('rejects a cursor that was not issued by the server', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    const res = await api('GET', `/orgs/${org.id}/members?cursor=bogus`, owner.token);
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('invalid_cursor');
  });

  it('lets an admin change roles below owner and takes effect at once', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    const admin = await buildMember(t.app, org.id, 'admin');
    const member = await buildMember(t.app, org.id, 'member');

    expect((await api('GET', `/orgs/${org.id}`, member.token)).json<OrganizationDetail>().role).toBe('member');
    const res = await api('PATCH', `/orgs/${org.id}/members/${member.user.id}`, admin.token, { role: 'viewer' });
    expect(res.statusCode).toBe(204);
    expect((await api('GET', `/orgs/${org.id}`, member.token)).json<OrganizationDetail>().role).toBe('viewer');
  });

  it('keeps the owner role for owners: an admin can neither grant it nor change an owner', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    const admin = await buildMember(t.app, org.id, 'admin');
    const member = await buildMember(t.app, org.id, 'member');

    expect((await api('PATCH', `/orgs/${org.id}/members/${member.user.id}`, admin.token, { role: 'owner' })).statusCode).toBe(403);
    expect((await api('PATCH', `/orgs/${org.id}/members/${admin.user.id}`, admin.token, { role: 'owner' })).statusCode).toBe(403);
    expect((await api('PATCH', `/orgs/${org.id}/members/${owner.user.id}`, admin.token, { role: 'member' })).statusCode).toBe(403);
    expect((await api('DELETE', `/orgs/${org.id}/members/${owner.user.id}`, admin.token)).statusCode).toBe(403);
    expect((await api('PATCH', `/orgs/${org.id}/members/${member.user.id}`, owner.token, { role: 'owner' })).statusCode).toBe(204);
  });

  it('forbids members and viewers from changing roles', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    const member = await buildMember(t.app, org.id, 'member');
    const viewer = await buildMember(t.app, org.id, 'viewer');
    const res = await api('PATCH', `/orgs/${org.id}/members/${viewer.user.id}`, member.token, { role: 'admin' });
    expect(res.statusCode).toBe(403);
    expect((await api('DELETE', `/orgs/${org.id}/members/${member.user.id}`, viewer.token)).statusCode).toBe(403);
  });

  it('never leaves an organisation without an owner', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    await buildMember(t.app, org.id, 'admin');

    for (const res of [
      await api('PATCH', `/orgs/${org.id}/members/${owner.user.id}`, owner.token, { role: 'admin' }),
      await api('DELETE', `/orgs/${org.id}/members/${owner.user.id}`, owner.token),
      await api('POST', `/orgs/${org.id}/leave`, owner.token),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(errorCode(res)).toBe('last_owner');
    }

    const second = await buildMember(t.app, org.id, 'owner');
    expect((await api('PATCH', `/orgs/${org.id}/members/${owner.user.id}`, second.token, { role: 'admin' })).statusCode).toBe(204);
    const lastOne = await api('POST', `/orgs/${org.id}/leave`, second.token);
    expect(errorCode(lastOne)).toBe('last_owner');
  });

  it('lets a member leave and an admin remove someone, who then gets 404', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    const admin = await buildMember(t.app, org.id, 'admin');
    const leaver = await buildMember(t.app, org.id, 'member');
    const removed = await buildMember(t.app, org.id, 'viewer');

    expect((await api('GET', `/orgs/${org.id}`, leaver.token)).statusCode).toBe(200);
    expect((await api('POST', `/orgs/${org.id}/leave`, leaver.token)).statusCode).toBe(204);
    expect((await api('GET', `/orgs/${org.id}`, leaver.token)).statusCode).toBe(404);

    expect((await api('GET', `/orgs/${org.id}`, removed.token)).statusCode).toBe(200);
    expect((await api('DELETE', `/orgs/${org.id}/members/${removed.user.id}`, admin.token)).statusCode).toBe(204);
    expect((await api('GET', `/orgs/${org.id}`, removed.token)).statusCode).toBe(404);

    const gone = await api('DELETE', `/orgs/${org.id}/members/${removed.user.id}`, admin.token);
    expect(gone.statusCode).toBe(404);
    expect(errorCode(gone)).toBe('member_not_found');
  });

  it('publishes membership.changed when a role changes', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    const member = await buildMember(t.app, org.id, 'member');
    const received = new Promise((resolve) => {
      const stop = t.app.bus.subscribe('membership.changed', (event) => {
        if (event.orgId === org.id) {
          stop();
          resolve(event);
        }
      });
    });
    await api('PATCH', `/orgs/${org.id}/members/${member.user.id}`, owner.token, { role: 'admin' });
    expect(await received).toEqual({ orgId: org.id, userId: member.user.id, role: 'admin' });
  });
});
