import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
export async function startStreamsServer(options: StreamsServerOptions): Promise<{ child: ChildProcess; target: StreamsTarget }> {
  const child = fork(serverFile, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const timeout = AbortSignal.timeout(180_000);
  try {
    const [target] = (await Promise.race([
      once(child, 'message', { signal: timeout }),
      once(child, 'exit', { signal: timeout }).then(([code]) => {
        throw new Error(`the Fluxworks server exited with ${String(code)} before it was ready`);
      }),
    ])) as [StreamsTarget];
    return { child, target };
  } catch (err) {
    await stopStreamsServer(child);
    throw err;
  }
}

export async function stopStreamsServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
