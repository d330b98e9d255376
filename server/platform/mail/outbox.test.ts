import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { mailOutbox } from './tables.ts';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await buildTestApp();
});
afterAll(() => testApp.close());

it('keeps mail in the outbox with status stored when no SMTP server is configured', async () => {
  const { app } = testApp;
  expect(app.mailer.transport).toBe('outbox');
  const { id } = await app.mailer.send({ to: 'ada@example.test', subject: 'Welcome', text: 'Hello Ada', html: '<p>Hello Ada</p>' });
  const [row] = await app.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
  expect(row).toMatchObject({ to: 'ada@example.test', subject: 'Welcome', text: 'Hello Ada', html: '<p>Hello Ada</p>', transport: 'outbox', status: 'stored', error: null, sentAt: null });
  expect(row!.createdAt).toBeInstanceOf(Date);
});
