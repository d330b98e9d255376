import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedApiKey } from '../../../common/organizations.ts';
import type { RoomJoinResult } from '../../../common/realtime.ts';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../test/support/factories.ts';
import { connected, listenOnFreePort, openClient, type TestClient } from '../../platform/realtime/test-support.ts';

let t: TestApp;
let baseUrl: string;
const clients: TestClient[] = [];
beforeAll(async () => {
  t = await buildTestApp();
  baseUrl = await listenOnFreePort(t.app);
});
afterAll(async () => {
  for (const client of clients) client.close();
  await t.close();
});

async function joinOrg(credential: string, orgId: string): Promise<RoomJoinResult> {
  const client = openClient(baseUrl, credential);
  clients.push(client);
  await connected(client);
  return client.emitWithAck('org:join', { orgId });
}

describe('organisation rooms', () => {
  it('lets members join org:<id> and refuses everyone else', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    const viewer = await buildMember(t.app, org.id, 'viewer');
    const outsider = await buildUser(t.app);

    expect(await joinOrg(viewer.token, org.id)).toEqual({ ok: true, room: `org:${org.id}` });
    expect(await joinOrg(outsider.token, org.id)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('lets an API key join only its own organisation’s room', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    const other = await buildOrganization(t.app, owner.user.id, 'Other');
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${org.id}/api-keys`,
      headers: bearer(owner.token),
      payload: { name: 'socket', scopes: ['read'] },
    });
    const { secret } = created.json<CreatedApiKey>();

    expect(await joinOrg(secret, org.id)).toMatchObject({ ok: true });
    expect(await joinOrg(secret, other.id)).toMatchObject({ ok: false });
  });
});
