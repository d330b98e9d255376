import { createReportBodySchema, nextReportRun, reportLimits, type CreateReportBody, type Report } from '../../../../common/dashboards-reports.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { renderHtml } from '../../../platform/browser/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { DashboardsService } from '../boards/service.ts';
import type { DashboardsContext } from '../context.ts';
import { reportHtml } from './report-html.ts';
import { countReports, deleteReport, dueReports, findReport, insertReport, listReports, recordReportRun, type ReportRow } from './repository.ts';

const reportNotFound = () => new AppError('report_not_found', 404, 'No such report');
const CONTENT_TYPES = { pdf: 'application/pdf', png: 'image/png' } as const;

export function presentReport(row: ReportRow): Report {
  return {
    id: row.id,
    dashboardId: row.dashboardId,
    format: row.format,
    frequency: row.frequency,
    hourUtc: row.hourUtc,
    weekday: row.weekday,
    recipients: row.recipients,
    enabled: row.enabled,
    nextRunAt: row.nextRunAt.toISOString(),
    lastRunAt: row.lastRunAt?.toISOString() ?? null,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Scheduled reports: the dashboard rendered server-side to HTML with inline charts, printed by
 * headless Chromium to PDF or PNG, kept in storage and mailed to the recipients as a signed
 * link valid for a week.
 */
export function reportsService(ctx: DashboardsContext, dashboards: DashboardsService) {
  const { db } = ctx;

  async function authorizeReport(actor: Actor, reportId: string): Promise<ReportRow> {
    const report = await findReport(db, reportId);
    if (!report) throw reportNotFound();
    try {
      await dashboards.authorizeDashboard(actor, report.dashboardId, 'edit');
    } catch (err) {
      if (err instanceof AppError && err.status === 404) throw reportNotFound();
      throw err;
    }
    return report;
  }

  /** Renders, stores and mails one report; answers the file's storage key. */
  async function run(report: ReportRow, now = new Date()): Promise<string> {
    const content = await dashboards.reportContent(report.dashboardId, now.getTime());
    if (!content) throw reportNotFound();
    const file = await renderHtml(reportHtml(content), report.format, ctx.config.chromiumPath);
    const key = `reports/${report.dashboardId}/${report.id}/${now.toISOString().replace(/[:.]/g, '-')}.${report.format}`;
    await ctx.storage.put(key, file, CONTENT_TYPES[report.format]);
    const filename = `${content.title.replace(/[^\w .-]+/g, '_')} ${now.toISOString().slice(0, 10)}.${report.format}`;
    const url = await ctx.storage.signedDownloadUrl(key, { expiresInSeconds: reportLimits.linkDays * 86_400, filename, contentType: CONTENT_TYPES[report.format] });
    const text = `Your ${report.frequency} report of "${content.title}" is ready (${report.format.toUpperCase()}, ${String(Math.ceil(file.length / 1024))} KiB):\n\n${url}\n\nThe link works for ${String(reportLimits.linkDays)} days.`;
    for (const to of report.recipients) await ctx.mailer.send({ to, subject: `Report: ${content.title}`, text });
    return key;
  }

  return {
    async list(actor: Actor, dashboardId: string): Promise<ReportRow[]> {
      await dashboards.authorizeDashboard(actor, dashboardId, 'read');
      return listReports(db, dashboardId);
    },

    async create(actor: Actor, dashboardId: string, body: CreateReportBody): Promise<ReportRow> {
      await dashboards.authorizeDashboard(actor, dashboardId, 'edit');
      const values = createReportBodySchema.parse(body);
      if ((await countReports(db, dashboardId)) >= reportLimits.perDashboard) {
        throw new AppError('too_many_reports', 422, `A dashboard has at most ${String(reportLimits.perDashboard)} report schedules`);
      }
      const weekday = values.frequency === 'weekly' ? (values.weekday ?? 1) : null;
      return insertReport(db, {
        dashboardId,
        ...values,
        weekday,
        nextRunAt: nextReportRun({ frequency: values.frequency, hourUtc: values.hourUtc, weekday }, Date.now()),
        createdBy: actor.userId,
      });
    },

    async remove(actor: Actor, reportId: string): Promise<void> {
      await authorizeReport(actor, reportId);
      await deleteReport(db, reportId);
    },

    /** Sends the report now, outside its schedule; a failure answers why. */
    async sendNow(actor: Actor, reportId: string): Promise<void> {
      const report = await authorizeReport(actor, reportId);
      try {
        await run(report);
      } catch (err) {
        ctx.log.error({ err, reportId }, 'report failed');
        throw new AppError('report_failed', 502, `The report could not be made: ${err instanceof Error ? err.message.split('\n')[0]! : 'unknown error'}`);
      }
    },

    /** Runs every report that is due, one after the other, moving each to its next time whatever happens. */
    async runDue(now = new Date(), progress: (percent: number) => Promise<void> = async () => undefined): Promise<number> {
      const due = await dueReports(db, now);
      for (const [i, report] of due.entries()) {
        const error = await run(report, now).then(
          () => null,
          (err: unknown) => {
            ctx.log.error({ err, reportId: report.id }, 'scheduled report failed');
            return err instanceof Error ? err.message.split('\n')[0]! : 'unknown error';
          },
        );
        await recordReportRun(db, report.id, { at: now, nextRunAt: nextReportRun(report, now.getTime()), error });
        await progress(Math.round(((i + 1) / due.length) * 100));
      }
      return due.length;
    },

    run,
  };
}

export type ReportsService = ReturnType<typeof reportsService>;
