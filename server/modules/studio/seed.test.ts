import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { seedDemoOrganization } from '../identity/seed.ts';
import { seedDemoProject } from './seed.ts';
import { createStudioServices } from './services.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('studio demo seed', () => {
  it('gives the demo organisation one project with chat, documents and a discussion, once', async () => {
    const { orgId, userIds } = await seedDemoOrganization(t.app);
    expect(await seedDemoProject(t.app, orgId, userIds)).toContain('is ready');
    expect(await seedDemoProject(t.app, orgId, userIds)).toContain('already there');

    const services = createStudioServices(t.app);
    const viewer = { type: 'user' as const, userId: userIds.viewer, sessionId: 'seed-test' };
    const projects = await services.projects.list(viewer, orgId, { status: 'active', limit: 10 });
    expect(projects.items.map((view) => view.project.name)).toEqual(['Spring campaign']);
    const projectId = projects.items[0]!.project.id;
    const channel = await services.messaging.projectChannel(viewer, projectId);
    const history = await services.messaging.history(viewer, channel.id, { limit: 10 });
    expect(history.items).toHaveLength(3);
    const documents = await services.documents.list(viewer, projectId, { limit: 10 });
    expect(documents.items.map((view) => view.document.title).sort()).toEqual(['Campaign brief', 'Moodboard']);
  });
});
