import type { Annotation, Dashboard } from '../../../../common/dashboards.ts';
import type { UserSummary } from '../../identity/directory.ts';
import type { AnnotationRow, DashboardRow } from './repository.ts';

export function presentDashboard(row: DashboardRow, people: Map<string, UserSummary>): Dashboard {
  return {
    id: row.id,
    orgId: row.orgId,
    title: row.title,
    description: row.description,
    visibility: row.visibility,
    config: row.config,
    version: row.version,
    shared: row.shareTokenHash !== null,
    createdBy: row.createdBy ? (people.get(row.createdBy) ?? null) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentAnnotation(row: AnnotationRow, people: Map<string, UserSummary>): Annotation {
  return {
    id: row.id,
    dashboardId: row.dashboardId,
    time: row.time.toISOString(),
    timeEnd: row.timeEnd?.toISOString() ?? null,
    text: row.text,
    tags: row.tags,
    createdBy: row.createdBy ? (people.get(row.createdBy) ?? null) : null,
    createdAt: row.createdAt.toISOString(),
  };
}
