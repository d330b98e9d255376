import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** Fails fast when a benchmark server is run on its own instead of forked by its benchmark. */
export function expectParent(): void {
  if (!process.send) throw new Error(`Start ${path.basename(process.argv[1] ?? 'this file')} through its benchmark (npm run bench:…); it reports to its parent over IPC`);
}

/** Sends the parent a message; the first one says the server accepts connections (bench/lib/server-parent.ts). */
export function announce(message: object): void {
  expectParent();
  process.send?.(message);
}

/**
 * Closes cleanly on SIGTERM so `--cpu-prof` can write its profile on exit; with `orParentGone`,
 * also when the IPC channel to the parent closes.
 */
export function stopOnSignal(close: () => Promise<unknown>, { orParentGone = false } = {}): void {
  const stop = () => void close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  if (orParentGone) process.once('disconnect', stop);
}

/** The TCP port a server bound to; a pipe or an unbound server is a bug in the benchmark. */
export function portOf(address: string | AddressInfo | null): number {
  if (!address || typeof address === 'string') throw new Error(`expected a TCP address, got ${String(address)}`);
  return address.port;
}
