import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent, AlertRule, AlertRuleWithSecret, AlertSilence } from '../../../../common/dashboards-alerts.ts';
import type { Stream } from '../../../../common/dashboards-streams.ts';
import type { Notification } from '../../../../common/studio-notifications.ts';
import { buildTestApp, type TestApp } from '../../../../test/support/backend.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../../test/support/factories.ts';
import { errorCode } from '../../../../test/support/responses.ts';
import { verifyWebhookSignature } from '../../../platform/http/webhook-signature.ts';
import { conditionHolds, nextState, robustZScore } from './evaluate.ts';
import { findAlertRule } from './repository.ts';
import { alertsService } from './service.ts';
import { streamsService } from '../streams/streams.service.ts';

let t: TestApp;
interface Received {
  body: string;
  signature: string | undefined;
}
let receiver: { url: string; bodies: unknown[]; received: Received[]; close: () => Promise<void> };
beforeAll(async () => {
  t = await buildTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_RETRY_DELAY_SECONDS: '1' } });
  const bodies: unknown[] = [];
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      received.push({ body: text, signature: req.headers['x-fluxworks-signature'] as string | undefined });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver = { url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/hook`, bodies, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const api = (method: Method, url: string, token: string, payload?: object) => t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });

async function setup() {
  const owner = await buildUser(t.app);
  const org = await buildOrganization(t.app, owner.user.id, 'Alerting Org');
  const stream = (await api('POST', `/orgs/${org.id}/streams`, owner.token, { name: 'api', fields: ['latency'], tagKeys: ['route'] })).json<Stream>();
  return { owner, org, stream };
}

async function write(token: string, streamId: string, values: number[], atMs = Date.now()) {
  const points = values.map((latency, i) => ({ time: atMs - i * 1000, tags: { route: '/login' }, values: { latency } }));
  expect((await api('POST', `/streams/${streamId}/points`, token, { points })).statusCode).toBe(200);
}

const service = () => alertsService(t.app, streamsService(t.app));
async function evaluate(ruleId: string, now = new Date()) {
  const rule = await findAlertRule(t.app.db, ruleId);
  return service().evaluate(rule!, now);
}

describe('alert state machine', () => {
  const at = (seconds: number) => new Date(Date.UTC(2026, 10, 30, 12, 0, seconds));

  it('goes ok → pending → firing after the hold time, then resolved → ok', () => {
    let rule = { state: 'ok' as const as 'ok' | 'pending' | 'firing' | 'resolved', stateSince: at(0), forSeconds: 120 };
    const step = (holds: boolean, now: Date) => {
      const next = nextState(rule, holds, now);
      rule = { ...rule, state: next.state, stateSince: next.since };
      return next;
    };
    expect(step(true, at(0))).toMatchObject({ state: 'pending', announce: null });
    expect(step(true, at(60))).toMatchObject({ state: 'pending', announce: null });
    expect(step(true, at(120))).toMatchObject({ state: 'firing', announce: 'firing' });
    expect(step(true, at(180))).toMatchObject({ state: 'firing', announce: null });
    expect(step(false, at(240))).toMatchObject({ state: 'resolved', announce: 'resolved' });
    expect(step(false, at(300))).toMatchObject({ state: 'ok', announce: null });
    expect(step(true, at(360))).toMatchObject({ state: 'pending' });
    expect(step(false, at(420))).toMatchObject({ state: 'ok', announce: null });
  });

  it('fires at once without a hold time, and compares thresholds as asked', () => {
    expect(nextState({ state: 'ok', stateSince: at(0), forSeconds: 0 }, true, at(1))).toMatchObject({ state: 'firing', announce: 'firing' });
    expect(conditionHolds({ kind: 'threshold', operator: '>', value: 100 }, { value: 100, points: 3, baseline: [] })).toBe(false);
    expect(conditionHolds({ kind: 'threshold', operator: '>=', value: 100 }, { value: 100, points: 3, baseline: [] })).toBe(true);
    expect(conditionHolds({ kind: 'no_data' }, { value: null, points: 0, baseline: [] })).toBe(true);
  });

  it('scores anomalies robustly: one outlier in the baseline barely moves what is normal', () => {
    const baseline = [10, 11, 9, 10, 12, 10, 9, 11, 500];
    expect(Math.abs(robustZScore(10.5, baseline))).toBeLessThan(1);
    expect(robustZScore(40, baseline)).toBeGreaterThan(10);
    expect(conditionHolds({ kind: 'anomaly', zScore: 3.5, baselineSeconds: 86_400 }, { value: 40, points: 1, baseline })).toBe(true);
    expect(conditionHolds({ kind: 'anomaly', zScore: 3.5, baselineSeconds: 86_400 }, { value: 40, points: 1, baseline: [10, 11] })).toBe(false);
  });
});

describe('alert rules', () => {
  it('fires on a threshold, tells people in the app, by email and webhook, keeps history, and resolves', async () => {
    const { owner, org, stream } = await setup();
    const member = await buildMember(t.app, org.id, 'member');
    const created = await api('POST', `/orgs/${org.id}/alert-rules`, owner.token, {
      name: 'Slow logins',
      streamId: stream.id,
      field: 'latency',
      agg: 'avg',
      tags: { route: '/login' },
      windowSeconds: 300,
      condition: { kind: 'threshold', operator: '>', value: 500 },
      notify: { userIds: [member.user.id], emails: ['oncall@example.test'], webhookUrl: receiver.url },
    });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json<AlertRuleWithSecret>();
    expect(rule).toMatchObject({ state: 'ok', webhookSigned: true, webhookSecret: expect.stringMatching(/^whsec_/) as string });
    expect((await api('GET', `/alert-rules/${rule.id}`, owner.token)).body).not.toContain(rule.webhookSecret!);

    await write(owner.token, stream.id, [900, 800, 700]);
    expect(await evaluate(rule.id)).toBe('firing');
    await expect.poll(async () => (await api('GET', '/notifications', member.token)).json<{ items: Notification[] }>().items.map((n) => n.title)).toContain('Firing: Slow logins');
    const outbox = await t.app.database.sql.query<{ subject: string }>('select subject from mail_outbox where "to" = $1', ['oncall@example.test']);
    expect(outbox.rows.map((r) => r.subject)).toContain('[Firing] Slow logins');
    await expect.poll(() => receiver.bodies.length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(receiver.bodies[0]).toMatchObject({ state: 'firing', value: 800, rule: { name: 'Slow logins' } });
    const delivery = receiver.received.find((r) => r.body.includes(rule.id))!;
    expect(verifyWebhookSignature(rule.webhookSecret!, delivery.signature ?? '', delivery.body)).toBe(true);

    // Ten minutes later the window holds nothing slow.
    const later = new Date(Date.now() + 600_000);
    await write(owner.token, stream.id, [100], later.getTime() - 1000);
    expect(await evaluate(rule.id, later)).toBe('resolved');
    const detail = (await api('GET', `/alert-rules/${rule.id}`, owner.token)).json<{ rule: AlertRule; events: AlertEvent[] }>();
    expect(detail.rule).toMatchObject({ state: 'resolved', lastValue: 100 });
    expect(detail.events.map((e) => `${e.fromState}→${e.toState}`)).toEqual(['firing→resolved', 'ok→firing']);
  });

  it('changes state but tells no one while silenced', async () => {
    const { owner, org, stream } = await setup();
    const rule = (
      await api('POST', `/orgs/${org.id}/alert-rules`, owner.token, {
        name: 'Nothing arrives',
        streamId: stream.id,
        field: 'latency',
        condition: { kind: 'no_data' },
        notify: { emails: ['quiet@example.test'] },
      })
    ).json<AlertRule>();
    const silence = await api('POST', `/orgs/${org.id}/alert-silences`, owner.token, { ruleId: rule.id, endsAt: new Date(Date.now() + 3_600_000).toISOString(), reason: 'maintenance' });
    expect(silence.statusCode, silence.body).toBe(201);
    expect(await evaluate(rule.id)).toBe('firing');
    const detail = (await api('GET', `/alert-rules/${rule.id}`, owner.token)).json<{ rule: AlertRule; events: AlertEvent[] }>();
    expect(detail.events[0]).toMatchObject({ toState: 'firing', silenced: true });
    expect(detail.rule.silencedUntil).toBe(silence.json<AlertSilence>().endsAt);
    const outbox = await t.app.database.sql.query('select 1 from mail_outbox where "to" = $1', ['quiet@example.test']);
    expect(outbox.rows).toHaveLength(0);
  });

  it('checks who may manage rules and what they point at', async () => {
    const { owner, org, stream } = await setup();
    const viewer = await buildMember(t.app, org.id, 'viewer');
    const body = { name: 'x', streamId: stream.id, field: 'latency', condition: { kind: 'no_data' } };
    expect((await api('POST', `/orgs/${org.id}/alert-rules`, viewer.token, body)).statusCode).toBe(403);
    expect((await api('GET', `/orgs/${org.id}/alert-rules`, viewer.token)).statusCode).toBe(200);
    expect(errorCode(await api('POST', `/orgs/${org.id}/alert-rules`, owner.token, { ...body, field: 'nope' }))).toBe('field_not_found');
    const other = await setup();
    expect(errorCode(await api('POST', `/orgs/${org.id}/alert-rules`, owner.token, { ...body, streamId: other.stream.id }))).toBe('stream_not_found');
    expect((await api('POST', `/orgs/${org.id}/alert-rules`, owner.token, { ...body, condition: { kind: 'threshold', operator: '!=', value: 1 } })).statusCode).toBe(400);
    const stranger = await buildUser(t.app);
    const rule = (await api('POST', `/orgs/${org.id}/alert-rules`, owner.token, body)).json<AlertRule>();
    expect(errorCode(await api('GET', `/alert-rules/${rule.id}`, stranger.token))).toBe('alert_rule_not_found');
  });

  it('signs webhooks with a secret shown once, replaced on demand and forgotten with the webhook', async () => {
    const { owner, org, stream } = await setup();
    const body = { name: 'Quiet', streamId: stream.id, field: 'latency', agg: 'max', windowSeconds: 600, condition: { kind: 'no_data' } };
    const plain = (await api('POST', `/orgs/${org.id}/alert-rules`, owner.token, body)).json<AlertRuleWithSecret>();
    expect(plain).toMatchObject({ webhookSigned: false, webhookSecret: null });
    expect(errorCode(await api('POST', `/alert-rules/${plain.id}/webhook-secret`, owner.token))).toBe('no_webhook');

    const added = (await api('PATCH', `/alert-rules/${plain.id}`, owner.token, { notify: { webhookUrl: receiver.url } })).json<AlertRuleWithSecret>();
    expect(added).toMatchObject({ webhookSigned: true, webhookSecret: expect.stringMatching(/^whsec_/) as string });
    const renamed = (await api('PATCH', `/alert-rules/${plain.id}`, owner.token, { name: 'Still quiet' })).json<AlertRuleWithSecret>();
    expect(renamed).toMatchObject({ name: 'Still quiet', agg: 'max', windowSeconds: 600, notify: { webhookUrl: receiver.url }, webhookSigned: true, webhookSecret: null });

    const rotated = await api('POST', `/alert-rules/${plain.id}/webhook-secret`, owner.token);
    expect(rotated.statusCode, rotated.body).toBe(200);
    const secret = rotated.json<AlertRuleWithSecret>().webhookSecret!;
    expect(secret).not.toBe(added.webhookSecret);
    expect(await evaluate(plain.id)).toBe('firing');
    const forThisRule = () => receiver.received.find((r) => (JSON.parse(r.body) as { rule: { id: string } }).rule.id === plain.id);
    await expect.poll(forThisRule, { timeout: 15_000 }).toBeDefined();
    const delivery = forThisRule()!;
    expect(verifyWebhookSignature(secret, delivery.signature ?? '', delivery.body)).toBe(true);
    expect(verifyWebhookSignature(added.webhookSecret!, delivery.signature ?? '', delivery.body)).toBe(false);

    const member = await buildMember(t.app, org.id, 'viewer');
    expect((await api('POST', `/alert-rules/${plain.id}/webhook-secret`, member.token)).statusCode).toBe(403);
    const removed = (await api('PATCH', `/alert-rules/${plain.id}`, owner.token, { notify: { emails: [] } })).json<AlertRuleWithSecret>();
    expect(removed.webhookSigned).toBe(false);
  });
});
