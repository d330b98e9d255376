import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where `--cpu-prof` writes the profiles of benchmark servers. */
export const PROFILE_DIR = path.join(os.tmpdir(), 'fluxworks-bench-profiles');

const READY_TIMEOUT_MS = 180_000;

export interface ServerOptions {
  args?: string[];
  /** Run the server with `--cpu-prof`, its profile written to PROFILE_DIR on exit. */
  cpuProfile?: boolean;
}

/**
 * Forks a benchmark server (one that reports through bench/lib/server-child.ts) and waits for its
 * first message, which says it accepts connections and what the benchmark needs to reach it.
 * Stops it if it fails to get there.
 */
export async function startServer<T>(file: string, { args = [], cpuProfile = false }: ServerOptions = {}): Promise<{ child: ChildProcess; target: T }> {
  if (cpuProfile) mkdirSync(PROFILE_DIR, { recursive: true });
  const child = fork(file, args, { execArgv: cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const timeout = AbortSignal.timeout(READY_TIMEOUT_MS);
  try {
    const [target] = (await Promise.race([
      once(child, 'message', { signal: timeout }),
      once(child, 'exit', { signal: timeout }).then(([code]) => {
        throw new Error(`${path.relative(process.cwd(), file)} exited with ${String(code)} before it was ready`);
      }),
    ])) as [T];
    return { child, target };
  } catch (err) {
    await stopServer(child);
    throw err;
  }
}

/** SIGTERM, and waits until the server has closed and exited. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
