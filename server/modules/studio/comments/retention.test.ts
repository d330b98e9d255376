import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntegrationWithSecret } from '../../../../common/studio-integrations.ts';
import { buildTestApp, type TestApp } from '../../../../test/support/backend.ts';
import { integrationDeliveries } from './integrations.tables.ts';
import { notifications } from './notifications.tables.ts';
import { PRUNE_QUEUE } from './retention.ts';
import { apiOf, eventually, projectWithPeople } from './test-support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' } });
});
afterAll(async () => {
  await t.close();
});

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);

describe('collaboration retention', () => {
  it('prunes old deliveries and old read notifications daily, and keeps unread ones', async () => {
    const { owner, org, project, people } = await projectWithPeople(t.app, ['member']);
    const { integration } = (
      await apiOf(t.app)('POST', `/projects/${project.id}/integrations`, owner.token, { kind: 'webhook', name: 'Log', url: 'https://example.com/hook', events: ['comment.created'] })
    ).json<IntegrationWithSecret>();
    const payload = { id: 'x', type: 'ping' as const, createdAt: '', project: { id: project.id, orgId: org.id, name: 'p' }, actor: null, summary: '', url: null, data: {} };
    const deliveries = await t.app.db
      .insert(integrationDeliveries)
      .values([
        { integrationId: integration.id, eventType: 'ping', payload, status: 'succeeded', createdAt: daysAgo(40) },
        { integrationId: integration.id, eventType: 'ping', payload, status: 'succeeded', createdAt: daysAgo(2) },
      ])
      .returning();
    const base = { userId: people[0]!.user.id, orgId: org.id, projectId: project.id, kind: 'mention' as const, title: 'Hi', actorId: owner.user.id };
    const rows = await t.app.db
      .insert(notifications)
      .values([
        { ...base, createdAt: daysAgo(120), readAt: daysAgo(100) },
        { ...base, createdAt: daysAgo(120), readAt: daysAgo(1) },
        { ...base, createdAt: daysAgo(120), readAt: null },
      ])
      .returning();

    await t.app.jobs.send(PRUNE_QUEUE, {});
    // The job deletes deliveries first, then notifications: wait for both.
    const kept = await eventually(async () => {
      const deliveriesLeft = await t.app.db.select().from(integrationDeliveries).where(inArray(integrationDeliveries.id, deliveries.map((d) => d.id)));
      const notificationsLeft = await t.app.db.select().from(notifications).where(eq(notifications.userId, people[0]!.user.id));
      return deliveriesLeft.length === 1 && notificationsLeft.length === 2 ? { deliveriesLeft, notificationsLeft } : undefined;
    });
    expect(kept.deliveriesLeft[0]!.id).toBe(deliveries[1]!.id);
    expect(kept.notificationsLeft.map((n) => n.id).sort()).toEqual([rows[1]!.id, rows[2]!.id].sort());
    const { rows: schedules } = await t.app.database.sql.query<{ cron: string }>('select cron from pgboss.schedule where name = $1', [PRUNE_QUEUE]);
    expect(schedules).toEqual([{ cron: '30 3 * * *' }]);
  });
});
