import type { Stream, StreamDetail } from '../../../../common/dashboards-streams.ts';
import type { StreamRow } from './repository.ts';
import type { StreamDetailView } from './streams.service.ts';

export function presentStream(row: StreamRow): Stream {
  return {
    id: row.id,
    orgId: row.orgId,
    name: row.name,
    description: row.description,
    fields: row.fields,
    tagKeys: row.tagKeys,
    retentionDays: row.retentionDays,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentStreamDetail({ stream, stats, policies }: StreamDetailView): StreamDetail {
  return {
    stream: presentStream(stream),
    stats: {
      points: stream.pointCount,
      series: stats.series,
      firstTime: stats.firstTime?.toISOString() ?? null,
      lastTime: stats.lastTime?.toISOString() ?? null,
    },
    policies,
  };
}
