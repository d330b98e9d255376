import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Database } from '../db/index.ts';
import type { Jobs } from '../jobs/index.ts';
import { mailOutbox } from './tables.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  /** Stores the message in the outbox; with SMTP configured, a job delivers it with retries. */
  send(message: MailMessage): Promise<{ id: string }>;
  transport: 'outbox' | 'smtp';
}

export interface MailerOptions {
  db: Database;
  jobs: Jobs;
  smtpUrl?: string;
  from: string;
  /** SMTP delivery retries: attempts after the first, and seconds before the first retry (doubling after). */
  retry?: { limit: number; delaySeconds: number };
}

export const DELIVER_QUEUE = 'mail.deliver';
const DEFAULT_RETRY = { limit: 5, delaySeconds: 10 };

export async function createMailer(options: MailerOptions): Promise<Mailer> {
  const { db, jobs, smtpUrl, from } = options;
  if (!smtpUrl) {
    return {
      transport: 'outbox',
      async send(message) {
        const [row] = await db.insert(mailOutbox).values({ ...message, transport: 'outbox', status: 'stored' }).returning({ id: mailOutbox.id });
        return { id: row!.id };
      },
    };
  }

  const transporter = nodemailer.createTransport(smtpUrl);
  await jobs.work<{ id: string }>(DELIVER_QUEUE, async (job) => {
    const [message] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, job.data.id));
    if (!message || message.status === 'sent') return;
    try {
      await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text, html: message.html ?? undefined });
      await db.update(mailOutbox).set({ status: 'sent', sentAt: new Date(), error: null }).where(eq(mailOutbox.id, message.id));
    } catch (err) {
      // Stays 'failed' (with the reason) between attempts and after the last one; the job queue retries with backoff.
      await db.update(mailOutbox).set({ status: 'failed', error: (err as Error).message }).where(eq(mailOutbox.id, message.id));
      throw err;
    }
  });
  const retry = options.retry ?? DEFAULT_RETRY;
  return {
    transport: 'smtp',
    async send(message) {
      const [row] = await db.insert(mailOutbox).values({ ...message, transport: 'smtp', status: 'queued' }).returning({ id: mailOutbox.id });
      await jobs.send(DELIVER_QUEUE, { id: row!.id }, { retryLimit: retry.limit, retryDelay: retry.delaySeconds, retryBackoff: true });
      return { id: row!.id };
    },
  };
}
