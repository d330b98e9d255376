import type { AddressInfo } from 'node:net';

/** What a benchmark server process tells its parent once it accepts connections. */
export interface ReadyMessage {
  url: string;
  headers?: Record<string, string>;
}

export function announceReady(message: ReadyMessage): void {
  if (!process.send) throw new Error('Start this file through bench/http/run.ts; it reports to its parent over IPC');
  process.send(message);
}

/** Closes cleanly on SIGTERM so `--cpu-prof` can write its profile on exit. */
export function stopOnSignal(close: () => Promise<unknown>): void {
  process.once('SIGTERM', () => {
    void close().finally(() => process.exit(0));
  });
}

/** The TCP port a server bound to; a pipe or an unbound server is a bug in the benchmark. */
export function portOf(address: string | AddressInfo | null): number {
  if (!address || typeof address === 'string') throw new Error(`expected a TCP address, got ${String(address)}`);
  return address.port;
}
