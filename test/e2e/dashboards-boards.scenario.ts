import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect, type Scenario, type ScenarioOptions } from './harness.ts';
import { call, screenshots, signedInPage, signIn, verifiedPerson } from './studio-support.ts';

/** A temperature point every 30 seconds over the last ten minutes. */
function recentPoints(): object[] {
  const now = Date.now();
  return Array.from({ length: 20 }, (_, i) => ({ time: now - (20 - i) * 30_000, values: { temperature: 20 + Math.sin(i / 3) } }));
}

/**
 * An engineer opens a dashboard of two widgets made through the API, watches it follow a new
 * point, changes its time range, then sets up a threshold alert on the same stream.
 */
export async function runDashboardsBoardsScenario(scenario: Scenario, { browser, baseUrl, screenshotDir }: ScenarioOptions): Promise<void> {
  const shot = screenshots(screenshotDir);
  const unique = randomBytes(4).toString('hex');
  const email = `boards-${unique}@fluxworks.test`;
  let token = '';
  let orgId = '';
  let streamId = '';
  let dashboardId = '';
  let page: Page | undefined;

  await scenario.step('boards: seeds an engineer, a stream with points and a dashboard of two widgets', async () => {
    ({ token } = await verifiedPerson(baseUrl, 'Dana Dashboard', email));
    const { organization } = await call<{ organization: { id: string } }>(baseUrl, 'POST', '/orgs', token, { name: `Plant ${unique}` });
    orgId = organization.id;
    const stream = await call<{ id: string }>(baseUrl, 'POST', `/orgs/${orgId}/streams`, token, { name: 'hall_climate', fields: ['temperature'] });
    streamId = stream.id;
    const written = await call<{ accepted: number }>(baseUrl, 'POST', `/streams/${streamId}/points`, token, { points: recentPoints() });
    expect(written.accepted === 20, `20 points accepted, not ${written.accepted}`);
    const query = { streamId, field: 'temperature' };
    const dashboard = await call<{ id: string }>(baseUrl, 'POST', `/orgs/${orgId}/dashboards`, token, {
      title: 'Hall overview',
      config: {
        timeRange: { from: 'now-1h', to: 'now' },
        widgets: [
          { id: 'trend', kind: 'line', title: 'Temperature trend', position: { x: 0, y: 0, w: 8, h: 6 }, query: { ...query, agg: 'avg' } },
          { id: 'now', kind: 'stat', title: 'Temperature now', position: { x: 8, y: 0, w: 4, h: 3 }, query: { ...query, agg: 'last' }, options: { unit: '°C' } },
        ],
      },
    });
    dashboardId = dashboard.id;
  });

  await scenario.step('boards: the dashboard draws its chart and its number', async () => {
    page = await signedInPage(browser, baseUrl, email, 'light');
    await page.goto(`${baseUrl}/orgs/${orgId}/projects`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
    await page.getByRole('link', { name: 'Hall overview' }).click();
    await page.waitForURL(`${baseUrl}/dashboards/${dashboardId}`);
    const chart = page.getByRole('region', { name: 'Temperature trend' });
    await chart.locator('.uplot canvas').first().waitFor();
    await chart.getByRole('list', { name: 'Legend' }).getByText('temperature', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Temperature now' }).getByText(/^\d+\.\d+°C$/).waitFor();
  });

  await scenario.step('boards: a shorter range and a new point show in the number after a refresh', async () => {
    const asked: string[] = [];
    page!.on('request', (request) => {
      if (request.url().includes(`/dashboards/${dashboardId}/widgets/`)) asked.push(request.url());
    });
    await page!.getByLabel('Time range').selectOption('15m');
    await page!.getByRole('region', { name: 'Temperature trend' }).locator('.uplot canvas').first().waitFor();
    expect(asked.length >= 2, `both widgets asked again for the new range, ${asked.length} requests seen`);
    await call(baseUrl, 'POST', `/streams/${streamId}/points`, token, { points: [{ values: { temperature: 77.5 } }] });
    await page!.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page!.getByRole('region', { name: 'Temperature now' }).getByText('77.5°C').waitFor();
    await shot(page!, 'dashboards-board');
  });

  await scenario.step('boards: a threshold rule made in the alerts page is listed as ok', async () => {
    await page!.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await page!.getByText('No alert rules yet').waitFor();
    await page!.getByRole('button', { name: 'New rule' }).click();
    const dialog = page!.getByRole('dialog', { name: 'New alert rule' });
    await dialog.getByLabel('Name').fill('Hall too warm');
    await dialog.getByLabel('Threshold').fill('30');
    await dialog.getByRole('button', { name: 'Create rule' }).click();
    const row = page!.getByRole('row', { name: /Hall too warm/ });
    await row.getByText('avg of temperature over 5 min > 30').waitFor();
    await row.getByText('ok', { exact: true }).waitFor();
    await shot(page!, 'dashboards-alerts');
    await page!.context().close();
  });

  await scenario.step('boards: the dashboard fits a 375px phone screen in the dark theme', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, colorScheme: 'dark' });
    const phone = await context.newPage();
    phone.setDefaultTimeout(15_000);
    await signIn(phone, baseUrl, email);
    await phone.goto(`${baseUrl}/dashboards/${dashboardId}`);
    await phone.getByRole('region', { name: 'Temperature now' }).getByText('77.5°C').waitFor();
    await phone.getByRole('region', { name: 'Temperature trend' }).locator('.uplot canvas').first().waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    await shot(phone, 'dashboards-board-phone');
    await context.close();
  });
}
