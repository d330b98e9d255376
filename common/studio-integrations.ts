/**
 * A project's outgoing integrations: a Slack incoming webhook, or a generic webhook that gets
 * each subscribed event as JSON signed with HMAC-SHA256 in
 * `X-Fluxworks-Signature: t=<unix seconds>,v1=<hex of HMAC(secret, "<t>.<raw body>")>`.
 */
import { z } from 'zod';
import { userSummarySchema } from './organizations.ts';

const id = z.uuid();
const timestamp = z.iso.datetime();

export const INTEGRATION_KINDS = ['slack', 'webhook'] as const;
export const integrationKindSchema = z.enum(INTEGRATION_KINDS);
export type IntegrationKind = z.infer<typeof integrationKindSchema>;

/** Project events an integration may subscribe to; `ping` is sent only by "send test event". */
export const INTEGRATION_EVENTS = ['message.posted', 'file.uploaded', 'file.deleted', 'comment.created', 'comment.resolved', 'document.created'] as const;
export const integrationEventSchema = z.enum(INTEGRATION_EVENTS);
export type IntegrationEventType = z.infer<typeof integrationEventSchema> | 'ping';

export const integrationLimits = {
  name: { min: 1, max: 80 },
  url: { max: 2000 },
  perProject: 20,
  /** Retries after the first attempt; each waits twice as long as the one before. */
  retries: 5,
  timeoutMs: 10_000,
  /** Deliveries (and their attempts) older than this are pruned daily. */
  deliveryRetentionDays: 30,
} as const;

export const integrationSchema = z.object({
  id,
  projectId: id,
  kind: integrationKindSchema,
  name: z.string(),
  /** Webhooks show their URL; Slack URLs are secrets, so only their start shows. */
  urlPreview: z.string(),
  events: z.array(integrationEventSchema),
  enabled: z.boolean(),
  createdBy: userSummarySchema.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Integration = z.infer<typeof integrationSchema>;

/** A webhook's signing secret appears here once, when it is created or rotated. */
export const integrationWithSecretSchema = z.object({ integration: integrationSchema, secret: z.string().nullable() });
export type IntegrationWithSecret = z.infer<typeof integrationWithSecretSchema>;

const name = z.string().trim().min(integrationLimits.name.min).max(integrationLimits.name.max);
const url = z.url({ protocol: /^https?$/ }).max(integrationLimits.url.max);
const events = z.array(integrationEventSchema).min(1).max(INTEGRATION_EVENTS.length);

export const createIntegrationBodySchema = z.object({ kind: integrationKindSchema, name, url, events });
export type CreateIntegrationBody = z.infer<typeof createIntegrationBodySchema>;

export const updateIntegrationBodySchema = z
  .object({ name, url, events, enabled: z.boolean() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change' });
export type UpdateIntegrationBody = z.infer<typeof updateIntegrationBodySchema>;

export const DELIVERY_STATUSES = ['pending', 'retrying', 'succeeded', 'failed'] as const;
export const deliveryStatusSchema = z.enum(DELIVERY_STATUSES);

export const deliveryAttemptSchema = z.object({
  attempt: z.number().int(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  at: timestamp,
});

export const deliverySchema = z.object({
  id,
  integrationId: id,
  eventType: z.string(),
  status: deliveryStatusSchema,
  attempts: z.array(deliveryAttemptSchema),
  createdAt: timestamp,
  deliveredAt: timestamp.nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const deliveryPageSchema = z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() });
export const deliveryListQuerySchema = z.object({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** The JSON body a generic webhook receives. */
export interface WebhookEventBody {
  id: string;
  type: IntegrationEventType;
  createdAt: string;
  project: { id: string; orgId: string; name: string };
  actor: { id: string; displayName: string } | null;
  summary: string;
  /** Absolute link into the web app, when there is one. */
  url: string | null;
  data: Record<string, unknown>;
}
