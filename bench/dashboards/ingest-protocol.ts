/** What bench/dashboards/fluxworks-ingest-server.ts tells bench/dashboards/ingest.ts once it accepts connections. */
export interface IngestTarget {
  url: string;
  token: string;
  orgId: string;
  streamId: string;
}

/** The stream every method writes to: its name is also the line protocol measurement. */
export const STREAM = { name: 'cpu', fields: ['usage_user', 'usage_system', 'usage_idle'], tagKeys: ['host'] } as const;
