import type { Delivery, Integration } from '../../../../common/studio-integrations.ts';
import type { DeliveryView, IntegrationView } from './integrations.service.ts';

export function presentIntegration({ integration, createdBy }: IntegrationView): Integration {
  return {
    id: integration.id,
    projectId: integration.projectId,
    kind: integration.kind,
    name: integration.name,
    urlPreview: integration.urlPreview,
    events: integration.events.filter((event) => event !== 'ping'),
    enabled: integration.enabled,
    createdBy,
    createdAt: integration.createdAt.toISOString(),
    updatedAt: integration.updatedAt.toISOString(),
  };
}

export function presentDelivery({ delivery, attempts }: DeliveryView): Delivery {
  return {
    id: delivery.id,
    integrationId: delivery.integrationId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: attempts.map((a) => ({ attempt: a.attempt, statusCode: a.statusCode, error: a.error, durationMs: a.durationMs, at: a.at.toISOString() })),
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
  };
}
