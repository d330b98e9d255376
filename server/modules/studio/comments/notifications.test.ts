import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommentThread } from '../../../../common/studio-comments.ts';
import type { Notification, NotificationPage } from '../../../../common/studio-notifications.ts';
import { buildTestApp, type TestApp } from '../../../../test/support/backend.ts';
import { buildUser } from '../../../../test/support/factories.ts';
import { errorCode } from '../../../../test/support/responses.ts';
import { mailOutbox } from '../../../platform/mail/tables.ts';
import { connected, listenOnFreePort, nextEvent, openClient, type TestClient } from '../../../platform/realtime/test-support.ts';
import { DIGEST_QUEUE, notificationDigest } from './notification-digest.ts';
import { apiOf, eventually, mention, projectWithPeople } from './test-support.ts';

let t: TestApp;
let api: ReturnType<typeof apiOf>;
let baseUrl: string;
const clients: TestClient[] = [];
beforeAll(async () => {
  t = await buildTestApp();
  api = apiOf(t.app);
  baseUrl = await listenOnFreePort(t.app);
});
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});
afterAll(async () => {
  await t.close();
});

async function socketFor(token: string): Promise<TestClient> {
  const client = openClient(baseUrl, token);
  clients.push(client);
  await connected(client);
  return client;
}

async function mentionIn(projectId: string, token: string, person: { id: string; displayName: string }, text = 'please look'): Promise<CommentThread> {
  const res = await api('POST', `/projects/${projectId}/comments`, token, { body: `${mention(person)} ${text}` });
  expect(res.statusCode).toBe(201);
  return res.json<CommentThread>();
}

describe('notifications', () => {
  it('stores a mention and pushes it with the unread count to the person’s socket', async () => {
    const { owner, project, people } = await projectWithPeople(t.app, ['member']);
    const [member] = people;
    const client = await socketFor(member!.token);
    const pushed = nextEvent(client, 'notification');
    await mentionIn(project.id, owner.token, member!.user);
    const payload = await pushed;
    expect(payload).toMatchObject({ kind: 'mention', unread: 1 });
    expect(payload.title).toContain('mentioned you in Poster review');

    const stored = (await api('GET', '/notifications', member!.token)).json<NotificationPage>();
    expect(stored.items.map((n) => n.id)).toEqual([payload.id]);
    expect(stored.items[0]!.actor?.id).toBe(owner.user.id);
  });

  it('counts unread, marks some or all read, and tells the person’s other tabs', async () => {
    const { owner, project, people } = await projectWithPeople(t.app, ['member']);
    const [member] = people;
    for (const text of ['one', 'two', 'three']) await mentionIn(project.id, owner.token, member!.user, text);
    expect((await api('GET', '/notifications/unread-count', member!.token)).json()).toEqual({ unread: 3 });

    const page = (await api('GET', '/notifications?limit=2', member!.token)).json<NotificationPage>();
    expect(page.items).toHaveLength(2);
    const rest = (await api('GET', `/notifications?limit=2&cursor=${page.nextCursor}`, member!.token)).json<NotificationPage>();
    expect(rest.items).toHaveLength(1);

    const otherTab = await socketFor(member!.token);
    const synced = nextEvent(otherTab, 'notification:read');
    const afterOne = await api('POST', '/notifications/read', member!.token, { ids: [page.items[0]!.id] });
    expect(afterOne.json()).toEqual({ unread: 2 });
    expect(await synced).toEqual({ unread: 2 });
    const unread = (await api('GET', '/notifications?unread=true', member!.token)).json<NotificationPage>();
    expect(unread.items.map((n: Notification) => n.id)).not.toContain(page.items[0]!.id);

    // Someone else's notification ids are ignored.
    await api('POST', '/notifications/read', owner.token, { ids: [page.items[1]!.id] });
    expect((await api('GET', '/notifications/unread-count', member!.token)).json()).toEqual({ unread: 2 });

    expect((await api('POST', '/notifications/read-all', member!.token)).json()).toEqual({ unread: 0 });
    expect((await api('GET', '/notifications/unread-count', member!.token)).json()).toEqual({ unread: 0 });
  });

  it('keeps the email digest preference per person', async () => {
    const { token } = await buildUser(t.app);
    expect((await api('GET', '/notifications/preferences', token)).json()).toEqual({ emailDigest: true });
    expect((await api('PUT', '/notifications/preferences', token, { emailDigest: false })).statusCode).toBe(200);
    expect((await api('GET', '/notifications/preferences', token)).json()).toEqual({ emailDigest: false });
    const bad = await api('PUT', '/notifications/preferences', token, { emailDigest: 'sometimes' });
    expect(errorCode(bad)).toBe('validation_failed');
  });

  it('emails unread mentions in the digest job once, and not to people who turned it off', async () => {
    const { owner, project, people } = await projectWithPeople(t.app, ['member', 'member']);
    const [reader, optedOut] = people;
    await mentionIn(project.id, owner.token, reader!.user, 'first look');
    await mentionIn(project.id, owner.token, reader!.user, 'second look');
    await mentionIn(project.id, owner.token, optedOut!.user, 'never emailed');
    await api('PUT', '/notifications/preferences', optedOut!.token, { emailDigest: false });

    await t.app.jobs.send(DIGEST_QUEUE, {});
    const mails = await eventually(
      async () => {
        const rows = await t.app.db.select().from(mailOutbox).where(eq(mailOutbox.to, reader!.user.email));
        return rows.length ? rows : undefined;
      },
      20_000,
      'digest email',
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('You were mentioned 2 times in Fluxworks');
    expect(mails[0]!.text).toContain('first look');
    expect(mails[0]!.text).toContain(`/projects/${project.id}/discussion?thread=`);

    // A later run finds nothing new for them: the same mention is never emailed twice.
    await notificationDigest(t.app).run();
    expect(await t.app.db.select().from(mailOutbox).where(eq(mailOutbox.to, reader!.user.email))).toHaveLength(1);
    expect(await t.app.db.select().from(mailOutbox).where(eq(mailOutbox.to, optedOut!.user.email))).toHaveLength(0);

    // A new mention goes into the next digest, alone.
    await mentionIn(project.id, owner.token, reader!.user, 'third look');
    await notificationDigest(t.app).run();
    const after = await t.app.db.select().from(mailOutbox).where(and(eq(mailOutbox.to, reader!.user.email), eq(mailOutbox.subject, 'You were mentioned in Fluxworks')));
    expect(after).toHaveLength(1);
    expect(after[0]!.text).toContain('third look');
    expect(after[0]!.text).not.toContain('first look');
  });

  it('schedules the digest hourly', async () => {
    const { rows } = await t.app.database.sql.query<{ cron: string }>('select cron from pgboss.schedule where name = $1', [DIGEST_QUEUE]);
    expect(rows).toEqual([{ cron: '0 * * * *' }]);
  });

  it('sends comment events to sockets watching the project, and refuses outsiders', async () => {
    const { owner, project } = await projectWithPeople(t.app);
    const outsider = await buildUser(t.app);
    const watcher = await socketFor(owner.token);
    expect(await watcher.emitWithAck('project:watch', { projectId: project.id })).toEqual({ ok: true, room: `project:${project.id}` });
    const stranger = await socketFor(outsider.token);
    const refused = await stranger.emitWithAck('project:watch', { projectId: project.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const created = nextEvent(watcher, 'comment:created');
    const strangerHeard = new Promise((resolve) => {
      stranger.once('comment:created', () => resolve('heard'));
      setTimeout(() => resolve('silent'), 1500);
    });
    const thread = (await api('POST', `/projects/${project.id}/comments`, owner.token, { body: 'Live!' })).json<CommentThread>();
    const payload = await created;
    expect(payload).toMatchObject({ projectId: project.id, fileId: null, commentId: thread.comment.id, threadId: thread.comment.id });
    expect(payload.thread?.comment.body).toBe('Live!');
    expect(await strangerHeard).toBe('silent');

    const deleted = nextEvent(watcher, 'comment:deleted');
    await api('DELETE', `/comments/${thread.comment.id}`, owner.token);
    expect(await deleted).toMatchObject({ commentId: thread.comment.id, thread: null });
  });
});
