import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  tool: 'wrk' | 'autocannon';
  requestsPerSecond: number;
  /** Responses completed in the run. */
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses outside 2xx/3xx plus socket errors; a valid run has none. */
  failures: number;
}

export type LoadGenerator = (options: LoadOptions) => Promise<LoadResult>;

/** wrk (a C client in its own process) when installed, else autocannon in its own Node process. */
export function pickLoadGenerator(): LoadGenerator {
  return hasWrk() ? runWrk : runAutocannon;
}

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk --version exits 1 after printing its version; only a missing binary is "not installed".
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

async function runWrk(options: LoadOptions): Promise<LoadResult> {
  const headerArgs = Object.entries(options.headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const args = ['-t1', `-c${String(options.connections)}`, `-d${String(options.durationSeconds)}s`, '--latency', ...headerArgs, options.url];
  const output = await capture('wrk', args);
  const percentile = (p: string) => {
    const match = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(output);
    if (!match?.[1] || !match[2]) throw new Error(`wrk printed no ${p}th percentile:\n${output}`);
    return toMilliseconds(Number(match[1]), match[2]);
  };
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(output)?.[1];
  if (!rps) throw new Error(`wrk printed no Requests/sec:\n${output}`);
  const requests = /^\s*(\d+) requests in /m.exec(output)?.[1];
  if (!requests) throw new Error(`wrk printed no request count:\n${output}`);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const errors = socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return { tool: 'wrk', requestsPerSecond: Number(rps), requests: Number(requests), p50Ms: percentile('50'), p99Ms: percentile('99'), failures: non2xx + errors };
}

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function runAutocannon(options: LoadOptions): Promise<LoadResult> {
  const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const headerArgs = Object.entries(options.headers).flatMap(([name, value]) => ['-H', `${name}=${value}`]);
  const args = [cli, '-j', '-c', String(options.connections), '-d', String(options.durationSeconds), ...headerArgs, options.url];
  const report = JSON.parse(await capture(process.execPath, args)) as AutocannonJson;
  return {
    tool: 'autocannon',
    requestsPerSecond: report.requests.average,
    requests: report.requests.total,
    p50Ms: report.latency.p50,
    p99Ms: report.latency.p99,
    failures: report.non2xx + report.errors + report.timeouts,
  };
}

function toMilliseconds(value: number, unit: string): number {
  const factor: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
  return value * (factor[unit] ?? Number.NaN);
}

function capture(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} exited with ${String(code)}:\n${output}`));
    });
  });
}
