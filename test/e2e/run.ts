/**
 * Browser end-to-end test: starts the real server on embedded defaults with the built web app
 * (run `npm run build:web` first) and drives it in Debian Chromium. Prints `N passed, N failed`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { runDashboardsBoardsScenario } from './dashboards-boards.scenario.ts';
import { runDashboardsScenario } from './dashboards.scenario.ts';
import { Scenario } from './harness.ts';
import { runIdentityScenario } from './identity.scenario.ts';
import { runStudioChatScenario } from './studio-chat.scenario.ts';
import { runStudioCommentsScenario } from './studio-comments.scenario.ts';
import { runStudioDocsScenario } from './studio-docs.scenario.ts';
import { runStudioFilesScenario } from './studio-files.scenario.ts';
import { startServer, type RunningServer } from './server.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Screenshots go to test-results/ unless E2E_SCREENSHOT_DIR asks for another place (docs/screenshots
// when refreshing the README's pictures), so a test run never rewrites committed files.
const screenshotDir = path.resolve(repoRoot, process.env.E2E_SCREENSHOT_DIR ?? 'test-results/screenshots');
const failureDir = path.join(repoRoot, 'test-results');

/** Each scenario signs up its own people, so any of them runs alone: `npm run test:e2e -- dashboards studio-chat`. */
const scenarios = [
  ['identity', runIdentityScenario],
  ['studio-files', runStudioFilesScenario],
  ['studio-chat', runStudioChatScenario],
  ['studio-docs', runStudioDocsScenario],
  ['studio-comments', runStudioCommentsScenario],
  ['dashboards-streams', runDashboardsScenario],
  ['dashboards-boards', runDashboardsBoardsScenario],
] as const;
const only = process.argv.slice(2);

async function main(): Promise<number> {
  if (!existsSync(path.join(repoRoot, 'web/dist/index.html'))) {
    console.error('web/dist is missing: run `npm run build:web` before the end-to-end test.');
    console.log('0 passed, 1 failed');
    return 1;
  }
  mkdirSync(screenshotDir, { recursive: true });

  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const scenario = new Scenario(async (name) => {
    mkdirSync(failureDir, { recursive: true });
    for (const [index, page] of (browser?.contexts() ?? []).flatMap((c) => c.pages()).entries()) {
      await page.screenshot({ path: path.join(failureDir, `failure-${index}-${name.replace(/\W+/g, '-')}.png`), fullPage: true });
      console.log(`      page ${index}: ${page.url()}`);
    }
  });

  try {
    server = await startServer();
    console.log(`Fluxworks e2e against ${server.url}`);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const context = { browser, baseUrl: server.url, screenshotDir };
    for (const [name, run] of scenarios) {
      if (only.length === 0 || only.some((prefix) => name.startsWith(prefix))) await run(scenario, context);
    }
  } catch (err) {
    console.error(err);
    scenario.results.push({ name: 'set up the server and browser', status: 'failed', error: String(err), ms: 0 });
  } finally {
    await browser?.close().catch(() => undefined);
    const { failed } = scenario.summary;
    if (failed && server) console.log(`--- server output ---\n${server.output().slice(-4000)}`);
    await server?.stop();
  }

  const { passed, failed } = scenario.summary;
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
