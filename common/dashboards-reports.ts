import { z } from 'zod';

const id = z.uuid();
const timestamp = z.iso.datetime();

export const REPORT_FORMATS = ['pdf', 'png'] as const;
export const REPORT_FREQUENCIES = ['daily', 'weekly'] as const;
export const reportLimits = { recipients: 20, perDashboard: 10, linkDays: 7 } as const;

/** A dashboard rendered on a schedule (UTC) and mailed as a link to the file, valid `linkDays` days. */
export const reportSchema = z.object({
  id,
  dashboardId: id,
  format: z.enum(REPORT_FORMATS),
  frequency: z.enum(REPORT_FREQUENCIES),
  hourUtc: z.number().int(),
  /** 0 = Sunday; weekly reports only. */
  weekday: z.number().int().nullable(),
  recipients: z.array(z.string()),
  enabled: z.boolean(),
  nextRunAt: timestamp,
  lastRunAt: timestamp.nullable(),
  lastError: z.string().nullable(),
  createdAt: timestamp,
});
export type Report = z.infer<typeof reportSchema>;

export const createReportBodySchema = z
  .object({
    format: z.enum(REPORT_FORMATS).default('pdf'),
    frequency: z.enum(REPORT_FREQUENCIES).default('daily'),
    hourUtc: z.number().int().min(0).max(23).default(8),
    weekday: z.number().int().min(0).max(6).optional(),
    recipients: z.array(z.email()).min(1).max(reportLimits.recipients),
    enabled: z.boolean().default(true),
  })
  .refine((body) => body.frequency === 'daily' || body.weekday !== undefined, { message: 'A weekly report names its weekday (0 = Sunday)', path: ['weekday'] });
export type CreateReportBody = z.input<typeof createReportBodySchema>;

/** The next time a schedule is due, strictly after `afterMs`. */
export function nextReportRun(schedule: { frequency: 'daily' | 'weekly'; hourUtc: number; weekday: number | null }, afterMs: number): Date {
  const next = new Date(afterMs);
  next.setUTCMinutes(0, 0, 0);
  next.setUTCHours(schedule.hourUtc);
  while (next.getTime() <= afterMs || (schedule.frequency === 'weekly' && next.getUTCDay() !== schedule.weekday)) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}
