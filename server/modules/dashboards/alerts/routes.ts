import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  alertEventSchema,
  alertRuleSchema,
  alertRuleWithSecretSchema,
  alertSilenceSchema,
  createAlertRuleBodySchema,
  createAlertSilenceBodySchema,
  updateAlertRuleBodySchema,
} from '../../../../common/dashboards-alerts.ts';
import type { AlertEventRow, AlertSilenceRow } from './repository.ts';
import type { AlertsService } from './service.ts';

const tags = ['alerts'];
const orgParams = z.object({ orgId: z.uuid() });
const ruleParams = z.object({ ruleId: z.uuid() });

const presentEvent = (row: AlertEventRow) => ({ ...row, at: row.at.toISOString() });
const presentSilence = (row: AlertSilenceRow) => ({
  id: row.id,
  orgId: row.orgId,
  ruleId: row.ruleId,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
  reason: row.reason,
  createdAt: row.createdAt.toISOString(),
});

/** Alert rules with their state and history, and silences. */
export const alertRoutes: FastifyPluginAsyncZod<{ alerts: AlertsService }> = async (app, { alerts }) => {
  app.get(
    '/orgs/:orgId/alert-rules',
    { schema: { tags, summary: 'Alert rules with their current state', params: orgParams, response: { 200: z.object({ items: z.array(alertRuleSchema) }) } } },
    async (req) => ({ items: await alerts.list(req.actor, req.params.orgId) }),
  );

  app.post(
    '/orgs/:orgId/alert-rules',
    {
      schema: {
        tags,
        summary: 'Create a rule: threshold, no data or anomaly over a window (members); a webhook gets a signing secret, answered this once',
        params: orgParams,
        body: createAlertRuleBodySchema,
        response: { 201: alertRuleWithSecretSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await alerts.create(req.actor, req.params.orgId, req.body)),
  );

  app.get(
    '/alert-rules/:ruleId',
    { schema: { tags, summary: 'A rule and its state changes, newest first', params: ruleParams, response: { 200: z.object({ rule: alertRuleSchema, events: z.array(alertEventSchema) }) } } },
    async (req) => {
      const { rule, events } = await alerts.get(req.actor, req.params.ruleId);
      return { rule, events: events.map(presentEvent) };
    },
  );

  app.patch(
    '/alert-rules/:ruleId',
    {
      schema: {
        tags,
        summary: 'Change a rule; a changed condition starts again from ok; a webhook added to a rule without one gets a signing secret, answered this once',
        params: ruleParams,
        body: updateAlertRuleBodySchema,
        response: { 200: alertRuleWithSecretSchema },
      },
    },
    async (req) => alerts.update(req.actor, req.params.ruleId, req.body),
  );

  app.post(
    '/alert-rules/:ruleId/webhook-secret',
    { schema: { tags, summary: 'Replace the webhook signing secret; the new one is answered this once', params: ruleParams, response: { 200: alertRuleWithSecretSchema } } },
    async (req) => alerts.rotateWebhookSecret(req.actor, req.params.ruleId),
  );

  app.delete('/alert-rules/:ruleId', { schema: { tags, summary: 'Delete a rule and its history', params: ruleParams } }, async (req, reply) => {
    await alerts.remove(req.actor, req.params.ruleId);
    return reply.status(204).send();
  });

  app.get(
    '/orgs/:orgId/alert-silences',
    { schema: { tags, summary: 'Silences that have not ended', params: orgParams, response: { 200: z.object({ items: z.array(alertSilenceSchema) }) } } },
    async (req) => ({ items: (await alerts.listSilences(req.actor, req.params.orgId)).map(presentSilence) }),
  );

  app.post(
    '/orgs/:orgId/alert-silences',
    { schema: { tags, summary: 'Silence one rule or all of them until a time', params: orgParams, body: createAlertSilenceBodySchema, response: { 201: alertSilenceSchema } } },
    async (req, reply) => reply.status(201).send(presentSilence(await alerts.silence(req.actor, req.params.orgId, req.body))),
  );

  app.delete('/alert-silences/:silenceId', { schema: { tags, summary: 'End a silence now', params: z.object({ silenceId: z.uuid() }) } }, async (req, reply) => {
    await alerts.endSilence(req.actor, req.params.silenceId);
    return reply.status(204).send();
  });
};
