import { randomUUID } from 'node:crypto';
import {
  integrationLimits,
  type CreateIntegrationBody,
  type IntegrationEventType,
  type UpdateIntegrationBody,
  type WebhookEventBody,
} from '../../../../common/studio-integrations.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { createSecretBox } from '../../../platform/auth/secret-box.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { decodeCursor, pageOf } from '../../../platform/pagination/cursor.ts';
import { directory, type UserSummary } from '../../identity/directory.ts';
import type { StudioContext } from '../context.ts';
import type { ProjectAccess } from '../project-access.ts';
import { findProject } from '../projects.repository.ts';
import {
  countIntegrations,
  deleteIntegration,
  findDelivery,
  findIntegration,
  insertAttempt,
  insertDelivery,
  insertIntegration,
  listAttempts,
  listDeliveries,
  listIntegrations,
  listSubscribedEvents,
  listSubscribers,
  setDeliveryStatus,
  updateIntegration,
  type DeliveryAttemptRow,
  type DeliveryRow,
  type IntegrationRow,
} from './integrations.repository.ts';
import { assertDeliverableUrl, postJson, type OutboundResponse } from '../../../platform/http/outbound.ts';
import { slackMessage } from './slack-message.ts';
import { newWebhookSecret, signedWebhookHeaders } from '../../../platform/http/webhook-signature.ts';

export const DELIVER_QUEUE = 'studio.integrations.deliver';

/** A project event as the other studio areas report it. */
export interface ProjectEvent {
  type: IntegrationEventType;
  /** Who did it (null for the system). */
  actorId: string | null;
  /** One line for people, e.g. "Ada uploaded poster.png in Spring campaign". */
  summary: string;
  /** A path in the web app, e.g. `/projects/<id>/files`. */
  link?: string;
  /** Event details for machines: ids, names. */
  data: Record<string, unknown>;
}

/** The one call the other areas make: hand a project event to the project's integrations. */
export interface ProjectEventDelivery {
  deliver(projectId: string, event: ProjectEvent): Promise<void>;
}

export interface IntegrationView {
  integration: IntegrationRow;
  createdBy: UserSummary | null;
}

export interface DeliveryView {
  delivery: DeliveryRow;
  attempts: DeliveryAttemptRow[];
}

const integrationNotFound = () => new AppError('integration_not_found', 404, 'No such integration');

/** Webhook URLs show in full but without their query; Slack URLs are secrets, so only their end shows. */
function previewOf(kind: IntegrationRow['kind'], url: URL): string {
  if (kind === 'slack') return `${url.origin}/…${url.pathname.slice(-4)}`;
  return `${url.origin}${url.pathname}`;
}

/** Every project event asks which integrations listen; most projects have none, so the answer is cached (and forgotten on change). */
const SUBSCRIBED_EVENTS_TTL_SECONDS = 60;
const subscribedEventsKey = (projectId: string) => `studio:integration-events:${projectId}`;

export function integrationsService(ctx: StudioContext, access: ProjectAccess) {
  const { db, config } = ctx;
  const box = createSecretBox(config.secrets.dataEncryption, 'studio-integrations');
  const allowPrivate = () => config.webhooks.allowPrivateUrls;

  const subscribedEvents = async (projectId: string): Promise<string[]> => {
    const cached = await ctx.cache.get<{ events: string[] }>(subscribedEventsKey(projectId));
    if (cached) return cached.events;
    const events = await listSubscribedEvents(db, projectId);
    await ctx.cache.set(subscribedEventsKey(projectId), { events }, SUBSCRIBED_EVENTS_TTL_SECONDS);
    return events;
  };
  const forgetSubscribedEvents = (projectId: string) => ctx.cache.delete(subscribedEventsKey(projectId));

  const withCreators = async (rows: IntegrationRow[]): Promise<IntegrationView[]> => {
    const people = await directory.userSummaries(db, rows.flatMap((row) => (row.createdBy ? [row.createdBy] : [])));
    return rows.map((integration) => ({ integration, createdBy: integration.createdBy ? (people.get(integration.createdBy) ?? null) : null }));
  };

  /** Loads an integration the actor may manage; 404 when they cannot see its project. */
  const manageable = async (actor: Actor, integrationId: string) => {
    const integration = await findIntegration(db, integrationId);
    if (!integration) throw integrationNotFound();
    await access.authorize(actor, integration.projectId, 'manageIntegrations').catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'project_not_found') throw integrationNotFound();
      throw err;
    });
    return integration;
  };

  const enqueue = async (integration: IntegrationRow, payload: WebhookEventBody) => {
    const delivery = await insertDelivery(db, { integrationId: integration.id, eventType: payload.type, payload });
    await ctx.jobs.send(
      DELIVER_QUEUE,
      { deliveryId: delivery.id },
      { retryLimit: integrationLimits.retries, retryDelay: config.webhooks.retryDelaySeconds, retryBackoff: true },
    );
    return delivery;
  };

  const eventBody = async (projectId: string, event: ProjectEvent): Promise<WebhookEventBody | undefined> => {
    const project = await findProject(db, projectId);
    if (!project) return undefined;
    const actor = event.actorId ? (await directory.userSummaries(db, [event.actorId])).get(event.actorId) : undefined;
    return {
      id: randomUUID(),
      type: event.type,
      createdAt: new Date().toISOString(),
      project: { id: project.id, orgId: project.orgId, name: project.name },
      actor: actor ? { id: actor.id, displayName: actor.displayName } : null,
      summary: event.summary,
      url: event.link ? `${config.publicUrl}${event.link}` : null,
      data: event.data,
    };
  };

  const send = async (integration: IntegrationRow, delivery: DeliveryRow): Promise<OutboundResponse> => {
    const url = new URL(box.open(integration.urlSealed) ?? '');
    if (integration.kind === 'slack') {
      return postJson(url, JSON.stringify(slackMessage(delivery.payload)), {}, { allowPrivate: allowPrivate(), timeoutMs: integrationLimits.timeoutMs });
    }
    const body = JSON.stringify(delivery.payload);
    const secret = box.open(integration.secretSealed ?? '') ?? '';
    return postJson(
      url,
      body,
      {
        ...signedWebhookHeaders(secret, body),
        'x-fluxworks-event': delivery.payload.type,
        'x-fluxworks-delivery': delivery.id,
      },
      { allowPrivate: allowPrivate(), timeoutMs: integrationLimits.timeoutMs },
    );
  };

  return {
    async list(actor: Actor, projectId: string): Promise<IntegrationView[]> {
      await access.authorize(actor, projectId, 'manageIntegrations');
      return withCreators(await listIntegrations(db, projectId));
    },

    /** Adds a Slack or webhook integration; a webhook's signing secret is returned this once. */
    async create(actor: Actor, projectId: string, input: CreateIntegrationBody): Promise<{ view: IntegrationView; secret: string | null }> {
      await access.authorize(actor, projectId, 'manageIntegrations');
      if ((await countIntegrations(db, projectId)) >= integrationLimits.perProject) {
        throw new AppError('integration_limit_reached', 422, `A project can have at most ${integrationLimits.perProject} integrations`);
      }
      const url = await assertDeliverableUrl(input.url, allowPrivate());
      const secret = input.kind === 'webhook' ? newWebhookSecret() : null;
      const row = await insertIntegration(db, {
        projectId,
        kind: input.kind,
        name: input.name,
        urlSealed: box.seal(url.toString()),
        urlPreview: previewOf(input.kind, url),
        secretSealed: secret ? box.seal(secret) : null,
        events: input.events,
        createdBy: actor.userId,
      });
      await forgetSubscribedEvents(projectId);
      const [view] = await withCreators([row]);
      return { view: view!, secret };
    },

    async update(actor: Actor, integrationId: string, changes: UpdateIntegrationBody): Promise<IntegrationView> {
      const integration = await manageable(actor, integrationId);
      const url = changes.url === undefined ? undefined : await assertDeliverableUrl(changes.url, allowPrivate());
      const updated = await updateIntegration(db, integrationId, {
        ...(changes.name === undefined ? {} : { name: changes.name }),
        ...(changes.events === undefined ? {} : { events: changes.events }),
        ...(changes.enabled === undefined ? {} : { enabled: changes.enabled }),
        ...(url ? { urlSealed: box.seal(url.toString()), urlPreview: previewOf(integration.kind, url) } : {}),
      });
      if (!updated) throw integrationNotFound();
      await forgetSubscribedEvents(integration.projectId);
      return (await withCreators([updated]))[0]!;
    },

    /** A new signing secret for a webhook, returned this once; the old one stops working at once. */
    async rotateSecret(actor: Actor, integrationId: string): Promise<{ view: IntegrationView; secret: string }> {
      const integration = await manageable(actor, integrationId);
      if (integration.kind !== 'webhook') throw new AppError('not_a_webhook', 422, 'Only webhooks have a signing secret');
      const secret = newWebhookSecret();
      const updated = (await updateIntegration(db, integrationId, { secretSealed: box.seal(secret) }))!;
      return { view: (await withCreators([updated]))[0]!, secret };
    },

    async remove(actor: Actor, integrationId: string): Promise<void> {
      const integration = await manageable(actor, integrationId);
      await deleteIntegration(db, integrationId);
      await forgetSubscribedEvents(integration.projectId);
    },

    /** Queues a `ping` event to the integration so an admin can check the receiving end. */
    async sendTest(actor: Actor, integrationId: string): Promise<DeliveryView> {
      const integration = await manageable(actor, integrationId);
      const person = (await directory.userSummaries(db, [actor.userId])).get(actor.userId);
      const body = await eventBody(integration.projectId, {
        type: 'ping',
        actorId: actor.userId,
        summary: `${person?.displayName ?? 'Someone'} sent a test event to ${integration.name}`,
        data: { integrationId },
      });
      if (!body) throw integrationNotFound();
      return { delivery: await enqueue(integration, body), attempts: [] };
    },

    async listDeliveries(actor: Actor, integrationId: string, query: { cursor?: string; limit: number }) {
      await manageable(actor, integrationId);
      const rows = await listDeliveries(db, integrationId, decodeCursor(query.cursor), query.limit);
      const page = pageOf(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
      const attempts = await listAttempts(db, page.rows.map((row) => row.id));
      const items: DeliveryView[] = page.rows.map((delivery) => ({ delivery, attempts: attempts.filter((a) => a.deliveryId === delivery.id) }));
      return { items, nextCursor: page.nextCursor };
    },

    /**
     * Queues the event for every enabled integration of the project subscribed to it. Called by
     * the studio services after their own access checks; never throws into the caller's request.
     */
    async deliver(projectId: string, event: ProjectEvent): Promise<void> {
      try {
        if (!(await subscribedEvents(projectId)).includes(event.type)) return;
        const subscribers = await listSubscribers(db, projectId, event.type);
        if (subscribers.length === 0) return;
        const body = await eventBody(projectId, event);
        if (!body) return;
        for (const integration of subscribers) await enqueue(integration, body);
      } catch (err) {
        ctx.log.error({ err, projectId, eventType: event.type }, 'could not queue integration deliveries');
      }
    },

    /**
     * One delivery attempt (the job handler). Anything but a 2xx answer is logged and retried by
     * the queue with doubling delays; after the last retry the delivery is marked failed.
     */
    async attemptDelivery(deliveryId: string, retryCount: number): Promise<void> {
      const delivery = await findDelivery(db, deliveryId);
      if (!delivery || delivery.status === 'succeeded') return;
      const integration = await findIntegration(db, delivery.integrationId);
      if (!integration) return;
      const attempt = retryCount + 1;
      const started = Date.now();
      if (!integration.enabled) {
        await insertAttempt(db, { deliveryId, attempt, statusCode: null, error: 'The integration is turned off', durationMs: 0 });
        await setDeliveryStatus(db, deliveryId, 'failed');
        return;
      }
      let outcome: { statusCode: number | null; error: string | null };
      try {
        const response = await send(integration, delivery);
        const ok = response.statusCode >= 200 && response.statusCode < 300;
        outcome = { statusCode: response.statusCode, error: ok ? null : response.body.trim() || `HTTP ${response.statusCode}` };
      } catch (err) {
        outcome = { statusCode: null, error: (err as Error).message };
      }
      await insertAttempt(db, { deliveryId, attempt, ...outcome, durationMs: Date.now() - started });
      if (outcome.error === null) {
        await setDeliveryStatus(db, deliveryId, 'succeeded', new Date());
        return;
      }
      if (retryCount >= integrationLimits.retries) {
        await setDeliveryStatus(db, deliveryId, 'failed');
        return;
      }
      await setDeliveryStatus(db, deliveryId, 'retrying');
      throw new Error(`Delivery ${deliveryId} attempt ${attempt} failed: ${outcome.error}`);
    },
  };
}

export type IntegrationsService = ReturnType<typeof integrationsService>;
