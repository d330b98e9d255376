/** A sequential scenario runner: each step depends on the ones before, so the first failure stops the run. */
import type { Browser } from 'playwright-core';

/** What every scenario gets from the runner. */
export interface ScenarioOptions {
  browser: Browser;
  baseUrl: string;
  screenshotDir: string;
}

export interface StepResult {
  name: string;
  status: 'passed' | 'failed' | 'not run';
  error?: string;
  ms: number;
}

export class Scenario {
  readonly results: StepResult[] = [];
  private failed = false;
  private readonly onFailure: (name: string) => Promise<void>;

  constructor(onFailure: (name: string) => Promise<void>) {
    this.onFailure = onFailure;
  }

  async step(name: string, run: () => Promise<void>): Promise<void> {
    if (this.failed) {
      this.results.push({ name, status: 'not run', ms: 0 });
      console.log(`  - ${name} (not run)`);
      return;
    }
    const started = Date.now();
    try {
      await run();
      const ms = Date.now() - started;
      this.results.push({ name, status: 'passed', ms });
      console.log(`  ✓ ${name} (${ms} ms)`);
    } catch (err) {
      this.failed = true;
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      this.results.push({ name, status: 'failed', error, ms: Date.now() - started });
      console.log(`  ✗ ${name}\n${error.replace(/^/gm, '      ')}`);
      await this.onFailure(name).catch(() => undefined);
    }
  }

  /** Steps that did not run count as failed: nothing is skipped silently. */
  get summary(): { passed: number; failed: number } {
    const passed = this.results.filter((r) => r.status === 'passed').length;
    return { passed, failed: this.results.length - passed };
  }
}

export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Polls `check` until it holds, for what a page settles into after a click or a live event. */
export async function expectEventually(check: () => Promise<boolean>, message: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
