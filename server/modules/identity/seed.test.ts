import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganizationWithRole, Page } from '../../../common/organizations.ts';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { bearer } from '../../../test/support/factories.ts';
import { passwordMatches } from './passwords.ts';
import { DEMO_PASSWORD, seedDemoOrganization } from './seed.ts';
import { invitations, memberships, organizations, teams, users } from './tables.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('demo seed', () => {
  it('loads one organisation with every role, a team and an invitation, and changes nothing when run again', async () => {
    const { summary } = await seedDemoOrganization(t.app);
    expect(summary).toContain('demo@fluxworks.local');
    expect(summary).toContain(DEMO_PASSWORD);
    const counts = async () => ({
      users: (await t.app.db.select().from(users)).length,
      organizations: (await t.app.db.select().from(organizations)).length,
      memberships: (await t.app.db.select().from(memberships)).map((m) => m.role).sort(),
      teams: (await t.app.db.select().from(teams)).length,
      invitations: (await t.app.db.select().from(invitations)).length,
    });
    const first = await counts();
    expect(first).toEqual({ users: 4, organizations: 1, memberships: ['admin', 'member', 'owner', 'viewer'], teams: 1, invitations: 1 });

    await seedDemoOrganization(t.app);
    expect(await counts()).toEqual(first);
  });

  it('creates a demo owner who signs in with the documented password and sees Demo Studio', async () => {
    await seedDemoOrganization(t.app);
    const [owner] = (await t.app.db.select().from(users)).filter((u) => u.email === 'demo@fluxworks.local');
    expect(await passwordMatches(owner!.passwordHash, DEMO_PASSWORD)).toBe(true);
    expect(owner!.emailVerifiedAt).not.toBeNull();

    const token = await t.app.auth.tokens.sign({ userId: owner!.id, sessionId: crypto.randomUUID() });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: bearer(token) });
    const items = res.json<Page<OrganizationWithRole>>().items;
    expect(items.map((o) => [o.organization.name, o.organization.slug, o.role])).toEqual([['Demo Studio', 'demo-studio', 'owner']]);
  });
});
