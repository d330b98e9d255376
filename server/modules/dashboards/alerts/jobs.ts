import type { FastifyInstance } from 'fastify';
import { postJson } from '../../../platform/http/outbound.ts';
import { ALERT_DELIVERY_QUEUE, type AlertDelivery, type AlertsService } from './service.ts';

export const ALERT_EVALUATION_QUEUE = 'dashboards.alerts';
const DELIVERY_TIMEOUT_MS = 10_000;

/** Rules are evaluated every minute (cron's finest grain); webhook and Slack deliveries retry with doubling delays. */
export async function registerAlertJobs(app: FastifyInstance, alerts: AlertsService): Promise<void> {
  await app.jobs.work(ALERT_EVALUATION_QUEUE, async () => ({ rules: await alerts.evaluateAll() }));
  await app.jobs.schedule(ALERT_EVALUATION_QUEUE, '* * * * *');
  await app.jobs.work<AlertDelivery>(ALERT_DELIVERY_QUEUE, async ({ data }) => {
    const body = JSON.stringify(data.body);
    const headers = await alerts.deliveryHeaders(data, body);
    if (!headers) {
      app.log.warn({ ruleId: data.signedByRule }, 'alert webhook delivery dropped: its rule or signing secret is gone');
      return;
    }
    const response = await postJson(new URL(data.url), body, headers, { allowPrivate: app.config.webhooks.allowPrivateUrls, timeoutMs: DELIVERY_TIMEOUT_MS });
    if (response.statusCode < 200 || response.statusCode >= 300) throw new Error(`the receiver answered ${String(response.statusCode)}`);
  });
}
