import { z } from 'zod';
import { userSummarySchema } from './organizations.ts';

const id = z.uuid();
const timestamp = z.iso.datetime();

/** `alert`: a dashboards alert rule fired or resolved. */
export const NOTIFICATION_KINDS = ['mention', 'reply', 'comment', 'invitation', 'file', 'alert'] as const;
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

export const notificationLimits = {
  title: { max: 200 },
  body: { max: 1000 },
  link: { max: 500 },
  /** Unread mentions listed in one digest email; the rest are counted. */
  digestItems: 20,
  /** Read notifications older than this are pruned daily; unread ones stay. */
  readRetentionDays: 90,
} as const;

export const notificationSchema = z.object({
  id,
  kind: notificationKindSchema,
  orgId: id,
  projectId: id.nullable(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  actor: userSummarySchema.nullable(),
  readAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListQuerySchema = z.object({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** `true` lists only what is still unread. */
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
});
export type NotificationListQuery = z.input<typeof notificationListQuerySchema>;

export const notificationPageSchema = z.object({ items: z.array(notificationSchema), nextCursor: z.string().nullable() });
export type NotificationPage = z.infer<typeof notificationPageSchema>;

export const unreadCountSchema = z.object({ unread: z.number().int().min(0) });

export const markReadBodySchema = z.object({ ids: z.array(id).min(1).max(100) });

export const notificationPreferencesSchema = z.object({
  /** An email listing unread mentions, at most once an hour. */
  emailDigest: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;
