import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect, expectEventually, type Scenario, type ScenarioOptions } from './harness.ts';
import { call, screenshots, signedInPage, signIn, verifiedPerson } from './studio-support.ts';

const ROOMS = ['kitchen', 'office'];

/** Points every 20 seconds over the last ten minutes, one series per room. */
function recentPoints(): object[] {
  const now = Date.now();
  return ROOMS.flatMap((room, r) =>
    Array.from({ length: 30 }, (_, i) => ({ time: now - (30 - i) * 20_000, tags: { room }, values: { temperature: 19 + r * 3 + Math.sin(i / 4) * 1.5 } })),
  );
}

/** How many pixels of the chart's canvas are drawn in the first series' colour (#6366f1). */
function pixelsOfFirstSeries(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('.uplot canvas');
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let matches = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i]! - 99) < 24 && Math.abs(data[i + 1]! - 102) < 24 && Math.abs(data[i + 2]! - 241) < 24 && data[i + 3]! > 200) matches++;
    }
    return matches;
  });
}

/**
 * An engineer creates a stream in the web app, sends points to it through the API, explores them
 * grouped by a tag, writes a test point by hand, then watches new points arrive live on the chart.
 */
export async function runDashboardsScenario(scenario: Scenario, { browser, baseUrl, screenshotDir }: ScenarioOptions): Promise<void> {
  const shot = screenshots(screenshotDir);
  const unique = randomBytes(4).toString('hex');
  const email = `streams-${unique}@fluxworks.test`;
  let token = '';
  let orgId = '';
  let streamId = '';
  let page: Page | undefined;

  await scenario.step('dashboards: seeds a verified engineer with an organisation', async () => {
    ({ token } = await verifiedPerson(baseUrl, 'Erin Engineer', email));
    const { organization } = await call<{ organization: { id: string } }>(baseUrl, 'POST', '/orgs', token, { name: `Sensor Lab ${unique}` });
    orgId = organization.id;
  });

  await scenario.step('dashboards: the empty streams page explains how to send data with the real organisation id', async () => {
    page = await signedInPage(browser, baseUrl, email, 'light');
    await page.goto(`${baseUrl}/orgs/${orgId}/projects`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Streams' }).click();
    await page.getByRole('heading', { name: 'No streams yet' }).waitFor();
    await page.getByRole('tab', { name: 'Telegraf' }).click();
    await page.getByText(`/api/v1/orgs/${orgId}/write?precision=ns`).waitFor();
    await page.getByRole('heading', { name: 'MQTT sources' }).waitFor();
  });

  await scenario.step('dashboards: creates a stream through the dialog and lands on its explorer', async () => {
    await page!.getByRole('button', { name: 'New stream' }).click();
    const dialog = page!.getByRole('dialog', { name: 'New stream' });
    await dialog.getByLabel('Name').fill('room_climate');
    await dialog.getByLabel('Fields').fill('temperature');
    await dialog.getByLabel('Tag keys').fill('room');
    await dialog.getByRole('button', { name: 'Create stream' }).click();
    await page!.waitForURL(/\/streams\/[0-9a-f-]{36}$/);
    streamId = new URL(page!.url()).pathname.split('/').pop()!;
    await page!.getByRole('heading', { name: 'room_climate' }).waitFor();
    await page!.getByText('No temperature points in the last hour').waitFor();
  });

  await scenario.step('dashboards: points sent through the API are drawn, one series per room', async () => {
    const written = await call<{ accepted: number }>(baseUrl, 'POST', `/streams/${streamId}/points`, token, { points: recentPoints() });
    expect(written.accepted === 60, `60 points accepted, not ${written.accepted}`);
    await page!.getByRole('button', { name: 'Refresh' }).click();
    const legend = page!.getByRole('list', { name: 'Legend' });
    await legend.getByText('temperature', { exact: true }).waitFor();
    await page!.getByLabel('Group by').selectOption('room');
    await legend.getByText('room=kitchen').waitFor();
    await legend.getByText('room=office').waitFor();
    await page!.locator('.uplot canvas').waitFor();
    await expectEventually(async () => (await pixelsOfFirstSeries(page!)) > 50, 'the first series is drawn on the canvas');
    await shot(page!, 'dashboards-explorer');
  });

  await scenario.step('dashboards: a hand-written batch reports each point accepted or rejected with its reason', async () => {
    const panel = page!.locator('section', { has: page!.getByRole('heading', { name: 'Write test points' }) });
    await panel.getByLabel('Values').fill('21.5, warm');
    await panel.getByLabel('Tags (optional)').fill('room=kitchen');
    await panel.getByRole('button', { name: 'Write points' }).click();
    await panel.getByText('1 accepted, 1 rejected').waitFor();
    expect((await panel.getByText('Rejected', { exact: true }).count()) === 1, 'the text value is rejected');
  });

  await scenario.step('dashboards: live points move the chart without a refetch', async () => {
    const queries: string[] = [];
    page!.on('request', (request) => {
      if (request.url().includes(`/streams/${streamId}/query`)) queries.push(request.url());
    });
    await page!.getByRole('switch', { name: 'Live' }).click();
    await page!.getByText('Connected', { exact: true }).waitFor();
    await page!.getByText('Waiting for the next point…').waitFor();
    await call(baseUrl, 'POST', `/streams/${streamId}/points`, token, { points: [{ tags: { room: 'kitchen' }, values: { temperature: 42 } }] });
    await page!.getByText(/^Last: 42\.0 at \d{2}:\d{2}:\d{2}$/).waitFor();
    await page!.getByText('1 live point', { exact: true }).waitFor();
    await call(baseUrl, 'POST', `/streams/${streamId}/points`, token, {
      points: [
        { tags: { room: 'office' }, values: { temperature: 23.25 } },
        { tags: { room: 'kitchen' }, values: { temperature: 43.5 } },
      ],
    });
    await page!.getByText(/^Last: 43\.5 at \d{2}:\d{2}:\d{2}$/).waitFor();
    await page!.getByText('3 live points', { exact: true }).waitFor();
    expect(queries.length === 0, `live points came without a query, but ${queries.length} were made`);
    await shot(page!, 'dashboards-live');
    await page!.context().close();
  });

  await scenario.step('dashboards: the explorer fits a 375px phone screen in the dark theme', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, colorScheme: 'dark' });
    const phone = await context.newPage();
    phone.setDefaultTimeout(15_000);
    await signIn(phone, baseUrl, email);
    await phone.goto(`${baseUrl}/streams/${streamId}?groupBy=room`);
    await phone.getByRole('list', { name: 'Legend' }).getByText('room=kitchen').waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    await shot(phone, 'dashboards-explorer-phone');
    await context.close();
  });
}
