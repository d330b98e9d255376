import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, stopServer } from '../lib/server-parent.ts';

/** What bench/dashboards/query.ts and fanout.ts ask of bench/dashboards/fluxworks-streams-server.ts (JSON, its first argument). */
export interface StreamsServerOptions {
  /** The app's PostgreSQL database; without one it runs embedded on PGlite. */
  databaseUrl?: string;
  /** Signed-in viewers of the organisation, besides the owner. */
  viewers: number;
  /** Streams the owner creates through the API, in this order. */
  streams: { name: string; fields: string[]; tagKeys: string[] }[];
}

/** What the server tells its parent once it accepts connections. */
export interface StreamsTarget {
  url: string;
  orgId: string;
  ownerToken: string;
  viewerTokens: string[];
  /** In the order of `StreamsServerOptions.streams`. */
  streamIds: string[];
}

const serverFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fluxworks-streams-server.ts');

/** Starts the app in its own process and waits until it is ready; kills it if it fails to start. */
export function startStreamsServer(options: StreamsServerOptions): Promise<{ child: ChildProcess; target: StreamsTarget }> {
  return startServer<StreamsTarget>(serverFile, { args: [JSON.stringify(options)] });
}

export const stopStreamsServer = stopServer;
