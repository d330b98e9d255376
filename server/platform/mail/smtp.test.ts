import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { createMailer } from './index.ts';
import { startSmtpTestServer, type SmtpTestServer } from './smtp-test-server.ts';
import { mailOutbox } from './tables.ts';

const outboxRow = (testApp: TestApp, id: string) =>
  testApp.app.db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.id, id))
    .then(([row]) => row!);

describe('SMTP delivery', () => {
  let smtp: SmtpTestServer;
  let testApp: TestApp;
  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    testApp = await buildTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Fluxworks <mail@fluxworks.test>' } });
  });
  afterAll(async () => {
    await testApp.close();
    await smtp.stop();
  });

  it('delivers a message through the job queue and marks it sent', async () => {
    const { app } = testApp;
    expect(app.mailer.transport).toBe('smtp');
    const { id } = await app.mailer.send({ to: 'grace@example.test', subject: 'Verify your email', text: 'Open the link to verify.' });
    expect((await outboxRow(testApp, id)).status).toBe('queued');

    await expect.poll(() => outboxRow(testApp, id).then((row) => row.status), { timeout: 20_000, interval: 200 }).toBe('sent');
    expect((await outboxRow(testApp, id)).sentAt).toBeInstanceOf(Date);
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.from).toBe('mail@fluxworks.test');
    expect(mail!.to).toEqual(['grace@example.test']);
    expect(mail!.raw).toContain('Subject: Verify your email');
    expect(mail!.raw).toContain('Open the link to verify.');
  });
});

describe('SMTP delivery to a server that refuses', () => {
  let smtp: SmtpTestServer;
  let testApp: TestApp;
  beforeAll(async () => {
    smtp = await startSmtpTestServer({ refuse: true });
    testApp = await buildTestApp();
  });
  afterAll(async () => {
    await testApp.close();
    await smtp.stop();
  });

  it('marks the message failed with the reason and retries it', async () => {
    const { app } = testApp;
    const mailer = await createMailer({ db: app.db, jobs: app.jobs, smtpUrl: smtp.url, from: 'mail@fluxworks.test', retry: { limit: 2, delaySeconds: 1 } });
    const { id } = await mailer.send({ to: 'linus@example.test', subject: 'Reset your password', text: 'Open the link.' });

    await expect.poll(() => smtp.attempts, { timeout: 25_000, interval: 200 }).toBeGreaterThanOrEqual(2);
    const row = await outboxRow(testApp, id);
    expect(row.status).toBe('failed');
    expect(row.error).toContain('Mailbox unavailable');
    expect(row.sentAt).toBeNull();
    expect(smtp.received).toEqual([]);
  });
});
