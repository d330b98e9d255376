import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery, Integration, IntegrationWithSecret, WebhookEventBody } from '../../../../common/studio-integrations.ts';
import { buildTestApp, type TestApp } from '../../../../test/support/backend.ts';
import { buildUser } from '../../../../test/support/factories.ts';
import { errorCode } from '../../../../test/support/responses.ts';
import { createSecretBox } from '../../../platform/auth/secret-box.ts';
import { verifyWebhookSignature } from '../../../platform/http/webhook-signature.ts';
import { projectIntegrations } from './integrations.tables.ts';
import { apiOf, eventually, projectWithPeople } from './test-support.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP receiver that answers each request with the next status in `statuses` (then the last one). */
async function receiver(statuses: number[], answer = 'ok'): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? answer : 'receiver is down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/fluxworks`, received, server };
}

/** The receiver's side of the signature check, written from the documented scheme. */
const servers: Server[] = [];
let t: TestApp;
let api: ReturnType<typeof apiOf>;
beforeAll(async () => {
  t = await buildTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_RETRY_DELAY_SECONDS: '1' } });
  api = apiOf(t.app);
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});
afterAll(async () => {
  await t.close();
});

async function addIntegration(projectId: string, token: string, body: object): Promise<IntegrationWithSecret> {
  const res = await api('POST', `/projects/${projectId}/integrations`, token, body);
  expect(res.statusCode).toBe(201);
  return res.json<IntegrationWithSecret>();
}

const deliveries = async (integrationId: string, token: string) => (await api('GET', `/integrations/${integrationId}/deliveries`, token)).json<{ items: Delivery[] }>().items;

describe('project integrations', () => {
  it('lets only project admins manage integrations: 404 outside, 403 for members', async () => {
    const { owner, project, people } = await projectWithPeople(t.app, ['member']);
    const outsider = await buildUser(t.app);
    const body = { kind: 'webhook', name: 'CI', url: 'https://example.com/hook', events: ['comment.created'] };
    expect((await api('GET', `/projects/${project.id}/integrations`, outsider.token)).statusCode).toBe(404);
    const memberAdd = await api('POST', `/projects/${project.id}/integrations`, people[0]!.token, body);
    expect(memberAdd.statusCode).toBe(403);
    const created = await addIntegration(project.id, owner.token, body);
    expect((await api('GET', `/integrations/${created.integration.id}/deliveries`, people[0]!.token)).statusCode).toBe(403);
    expect((await api('DELETE', `/integrations/${created.integration.id}`, outsider.token)).statusCode).toBe(404);
  });

  it('shows a webhook secret once and keeps URL and secret sealed at rest', async () => {
    const { owner, project } = await projectWithPeople(t.app);
    const created = await addIntegration(project.id, owner.token, { kind: 'webhook', name: 'Builds', url: 'https://example.com/hook?token=abc', events: ['file.uploaded'] });
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.integration.urlPreview).toBe('https://example.com/hook');
    const listed = (await api('GET', `/projects/${project.id}/integrations`, owner.token)).json<{ items: Integration[] }>();
    expect(JSON.stringify(listed)).not.toContain(created.secret!);
    const [row] = await t.app.db.select().from(projectIntegrations).where(eq(projectIntegrations.id, created.integration.id));
    expect(row!.secretSealed).not.toContain(created.secret!);
    expect(row!.urlSealed).not.toContain('example.com');

    const rotated = (await api('POST', `/integrations/${created.integration.id}/rotate-secret`, owner.token)).json<IntegrationWithSecret>();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
  });

  it('delivers a comment event to a webhook with a signature that verifies', async () => {
    const { owner, project } = await projectWithPeople(t.app);
    const hook = await receiver([200]);
    const { integration, secret } = await addIntegration(project.id, owner.token, { kind: 'webhook', name: 'Receiver', url: hook.url, events: ['comment.created'] });
    await api('POST', `/projects/${project.id}/comments`, owner.token, { body: 'Ship it' });

    const [request] = await eventually(async () => (hook.received.length ? hook.received : undefined), 20_000, 'webhook delivery');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-fluxworks-event']).toBe('comment.created');
    expect(verifyWebhookSignature(secret!, String(request!.headers['x-fluxworks-signature']), request!.body)).toBe(true);
    expect(verifyWebhookSignature('whsec_wrong', String(request!.headers['x-fluxworks-signature']), request!.body)).toBe(false);
    const event = JSON.parse(request!.body) as WebhookEventBody;
    expect(event).toMatchObject({ type: 'comment.created', project: { id: project.id, name: 'Poster review' }, actor: { id: owner.user.id } });
    expect(event.summary).toContain('Ship it');
    expect(event.data).toMatchObject({ body: 'Ship it' });

    const [delivery] = await eventually(async () => {
      const items = await deliveries(integration.id, owner.token);
      return items[0]?.status === 'succeeded' ? items : undefined;
    });
    expect(delivery!.attempts).toMatchObject([{ attempt: 1, statusCode: 200, error: null }]);
  });

  it('retries a delivery that got a 500 and logs every attempt', async () => {
    const { owner, project } = await projectWithPeople(t.app);
    const hook = await receiver([500, 200]);
    const { integration } = await addIntegration(project.id, owner.token, { kind: 'webhook', name: 'Flaky', url: hook.url, events: ['comment.created'] });
    await api('POST', `/projects/${project.id}/comments`, owner.token, { body: 'Try again' });

    const [delivery] = await eventually(
      async () => {
        const items = await deliveries(integration.id, owner.token);
        return items[0]?.status === 'succeeded' ? items : undefined;
      },
      30_000,
      'a successful retry',
    );
    expect(delivery!.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    expect(delivery!.attempts[0]!.error).toBe('receiver is down');
    expect(hook.received).toHaveLength(2);
    expect(hook.received[0]!.headers['x-fluxworks-delivery']).toBe(hook.received[1]!.headers['x-fluxworks-delivery']);
  });

  it('posts Slack’s documented incoming-webhook JSON', async () => {
    const { owner, project } = await projectWithPeople(t.app);
    const slack = await receiver([200], 'ok');
    const { integration } = await addIntegration(project.id, owner.token, { kind: 'slack', name: '#design', url: slack.url, events: ['comment.created'] });
    expect(integration.urlPreview).not.toContain('/hooks/fluxworks');
    await api('POST', `/projects/${project.id}/comments`, owner.token, { body: 'New <draft> & notes' });

    const [request] = await eventually(async () => (slack.received.length ? slack.received : undefined), 20_000, 'Slack delivery');
    const message = JSON.parse(request!.body) as { text: string; blocks: { type: string; text?: { type: string; text: string }; elements?: { type: string; text: string }[] }[] };
    expect(Object.keys(message).sort()).toEqual(['blocks', 'text']);
    expect(message.text).toContain('New comment in Poster review');
    expect(message.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(message.blocks[0]!.text!.text).toContain('New &lt;draft&gt; &amp; notes');
    expect(message.blocks[0]!.text!.text).toMatch(/<http:\/\/localhost:3000\/projects\/.+\|Open in Fluxworks>/);
    expect(message.blocks[1]).toMatchObject({ type: 'context', elements: [{ type: 'mrkdwn', text: '*Poster review* · New comment' }] });
    expect(request!.headers['x-fluxworks-signature']).toBeUndefined();
  });

  it('sends a test event on request and skips integrations not subscribed to the event', async () => {
    const { owner, project } = await projectWithPeople(t.app);
    const hook = await receiver([200]);
    const { integration } = await addIntegration(project.id, owner.token, { kind: 'webhook', name: 'Files only', url: hook.url, events: ['file.uploaded'] });
    await api('POST', `/projects/${project.id}/comments`, owner.token, { body: 'Not for that hook' });
    const test = await api('POST', `/integrations/${integration.id}/test`, owner.token);
    expect(test.statusCode).toBe(202);
    const [request] = await eventually(async () => (hook.received.length ? hook.received : undefined), 20_000, 'ping delivery');
    expect(request!.headers['x-fluxworks-event']).toBe('ping');
    expect(hook.received).toHaveLength(1);
  });

  it('hears of a change of subscription at once, though which events a project listens to is cached', async () => {
    const { owner, project } = await projectWithPeople(t.app);
    const hook = await receiver([200, 200]);
    const { integration } = await addIntegration(project.id, owner.token, { kind: 'webhook', name: 'Changing', url: hook.url, events: ['file.uploaded'] });
    await api('POST', `/projects/${project.id}/comments`, owner.token, { body: 'Cached as not listened to' });
    expect((await api('PATCH', `/integrations/${integration.id}`, owner.token, { events: ['comment.created'] })).statusCode).toBe(200);
    await api('POST', `/projects/${project.id}/comments`, owner.token, { body: 'Now listened to' });
    const [request] = await eventually(async () => (hook.received.length ? hook.received : undefined), 20_000, 'comment delivery');
    expect((JSON.parse(request!.body) as WebhookEventBody).summary).toContain('Now listened to');

    expect((await api('PATCH', `/integrations/${integration.id}`, owner.token, { enabled: false })).statusCode).toBe(200);
    await api('POST', `/projects/${project.id}/comments`, owner.token, { body: 'Turned off' });
    expect(await deliveries(integration.id, owner.token)).toHaveLength(1);
  });
});

describe('webhook URL guard', () => {
  let guarded: TestApp;
  beforeAll(async () => {
    guarded = await buildTestApp();
  });
  afterAll(async () => {
    await guarded.close();
  });

  it('refuses private, loopback and link-local targets unless allowed by configuration', async () => {
    const { owner, project } = await projectWithPeople(guarded.app);
    const guardedApi = apiOf(guarded.app);
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://10.1.2.3/hook', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/hook', 'http://[::ffff:192.168.0.1]/hook']) {
      const res = await guardedApi('POST', `/projects/${project.id}/integrations`, owner.token, { kind: 'webhook', name: 'Internal', url, events: ['comment.created'] });
      expect(res.statusCode, url).toBe(422);
      expect(errorCode(res)).toBe('webhook_url_refused');
    }
    const ftp = await guardedApi('POST', `/projects/${project.id}/integrations`, owner.token, { kind: 'slack', name: 'x', url: 'ftp://example.com/x', events: ['comment.created'] });
    expect(ftp.statusCode).toBe(400);
  });

  it('refuses to connect to a private address at delivery time too', async () => {
    const { owner, project } = await projectWithPeople(guarded.app);
    const hook = await receiver([200]);
    // Saved while private targets were allowed (or DNS changed since): the delivery itself must refuse.
    const box = createSecretBox(guarded.config.secrets.dataEncryption, 'studio-integrations');
    const byName = hook.url.replace('127.0.0.1', 'localhost');
    const rows = await guarded.app.db
      .insert(projectIntegrations)
      .values(
        [hook.url, byName].map((url) => ({
          projectId: project.id,
          kind: 'webhook' as const,
          name: 'Old',
          urlSealed: box.seal(url),
          urlPreview: url,
          secretSealed: box.seal('whsec_x'),
          events: ['comment.created' as const],
        })),
      )
      .returning();
    await apiOf(guarded.app)('POST', `/projects/${project.id}/comments`, owner.token, { body: 'Anyone inside?' });
    const errors = [];
    for (const row of rows) {
      const [delivery] = await eventually(async () => {
        const items = (await apiOf(guarded.app)('GET', `/integrations/${row.id}/deliveries`, owner.token)).json<{ items: Delivery[] }>().items;
        return items[0]?.attempts.length ? items : undefined;
      });
      expect(delivery!.attempts[0]).toMatchObject({ attempt: 1, statusCode: null });
      errors.push(delivery!.attempts[0]!.error);
    }
    expect(errors).toEqual(['127.0.0.1 is a private or local address', 'localhost resolves to a private or local address']);
    expect(hook.received).toHaveLength(0);
  });
});
