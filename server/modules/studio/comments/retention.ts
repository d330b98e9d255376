import { integrationLimits } from '../../../../common/studio-integrations.ts';
import { notificationLimits } from '../../../../common/studio-notifications.ts';
import type { StudioContext } from '../context.ts';
import { pruneDeliveries } from './integrations.repository.ts';
import { pruneReadNotifications } from './notifications.repository.ts';

export const PRUNE_QUEUE = 'studio.collaboration.prune';
/** Daily, at a quiet hour. */
export const PRUNE_CRON = '30 3 * * *';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Keeps the delivery log and the notification table from growing without end. */
export function collaborationRetention(ctx: Pick<StudioContext, 'db' | 'log'>) {
  return {
    async run(now = new Date()): Promise<{ deliveries: number; notifications: number }> {
      const deliveries = await pruneDeliveries(ctx.db, new Date(now.getTime() - integrationLimits.deliveryRetentionDays * DAY_MS));
      const notifications = await pruneReadNotifications(ctx.db, new Date(now.getTime() - notificationLimits.readRetentionDays * DAY_MS));
      if (deliveries || notifications) ctx.log.info({ deliveries, notifications }, 'pruned old webhook deliveries and read notifications');
      return { deliveries, notifications };
    },
  };
}
