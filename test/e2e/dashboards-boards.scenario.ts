import { randomBytes } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { expect, expectEventually, type Scenario, type ScenarioOptions } from './harness.ts';
import { call, screenshots, signedInPage, signIn, verifiedPerson } from './studio-support.ts';

/** A temperature point every 30 seconds over the last ten minutes. */
function recentPoints(): object[] {
  const now = Date.now();
  return Array.from({ length: 20 }, (_, i) => ({ time: now - (20 - i) * 30_000, values: { temperature: 20 + Math.sin(i / 3) } }));
}

/** Grid geometry the builder lays widgets on: 12 columns with 16 px gaps, rows 40 px tall. */
const GRID = { columns: 12, gapPx: 16, rowPx: 40 };

/** The value the chart's legend reads out with the pointer on the newest point (the plot's right edge). */
async function newestReadout(page: Page, widget: Locator): Promise<string> {
  const plot = await widget.locator('.u-over').boundingBox();
  if (!plot) return '';
  await page.mouse.move(plot.x + plot.width / 2, plot.y - 30);
  await page.mouse.move(plot.x + plot.width - 1, plot.y + plot.height / 2, { steps: 3 });
  return (await widget.getByRole('list', { name: 'Legend' }).innerText()).replace(/\s+/g, ' ');
}

/** Presses a widget's header (or resize corner) and drags it by whole grid steps, the way a person would. */
async function drag(page: Page, handle: Locator, dx: number, dy: number): Promise<void> {
  const box = await handle.boundingBox();
  if (!box) throw new Error('the drag handle is not on screen');
  const start = { x: box.x + Math.min(box.width / 2, 120), y: box.y + box.height / 2 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + dx, start.y + dy, { steps: 10 });
  await page.mouse.up();
}

/**
 * An engineer opens a dashboard of two widgets made through the API, watches it follow a new
 * point, changes its time range, then sets up a threshold alert on the same stream. Then she
 * builds a second dashboard through the UI: a widget made in the editor with its preview, dragged,
 * resized and saved, whose chart follows points written afterwards. Finally she renames the first
 * dashboard and shares it by a public link, which someone without an account opens, reads and
 * narrows by a variable, until she turns the link off.
 */
export async function runDashboardsBoardsScenario(scenario: Scenario, { browser, baseUrl, screenshotDir }: ScenarioOptions): Promise<void> {
  const shot = screenshots(screenshotDir);
  const unique = randomBytes(4).toString('hex');
  const email = `boards-${unique}@fluxworks.test`;
  let token = '';
  let orgId = '';
  let streamId = '';
  let dashboardId = '';
  let hallId = '';
  let shareUrl = '';
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
    hallId = dashboard.id;
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
    // Charts redraw in place, so the canvas is no sign of new data: wait for both widgets to ask again.
    const widgetsAsked = new Set<string>();
    const bothAsked = page!.waitForRequest(
      (request) => {
        const widgetId = new RegExp(`/dashboards/${dashboardId}/widgets/([^/]+)/data`).exec(request.url())?.[1];
        if (widgetId) widgetsAsked.add(widgetId);
        return widgetsAsked.size >= 2;
      },
      { timeout: 10_000 },
    );
    await page!.getByLabel('Time range').selectOption('15m');
    await bothAsked;
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

  await scenario.step('boards: a new dashboard gets a line widget through the editor, whose preview follows the form', async () => {
    page = await signedInPage(browser, baseUrl, email, 'light');
    await page.goto(`${baseUrl}/orgs/${orgId}/dashboards`);
    await page.getByRole('button', { name: 'New dashboard' }).click();
    const create = page.getByRole('dialog', { name: 'New dashboard' });
    await create.getByLabel('Title').fill('Built by hand');
    await create.getByRole('button', { name: 'Create dashboard' }).click();
    await page.getByRole('heading', { name: 'Built by hand' }).waitFor();
    dashboardId = new URL(page.url()).pathname.split('/').at(-1)!;
    await page.getByRole('region', { name: 'Edit mode' }).waitFor();
    await page.getByText('No widgets yet').waitFor();

    await page.getByRole('button', { name: 'Add widget' }).first().click();
    const editor = page.getByRole('dialog', { name: 'Add widget' });
    const preview = editor.getByRole('region', { name: 'Preview' });
    await preview.locator('.uplot canvas').first().waitFor();
    await editor.getByLabel('Stream', { exact: true }).selectOption({ label: 'hall_climate' });
    await editor.getByLabel('Field', { exact: true }).selectOption('temperature');
    const asked = page.waitForRequest((request) => request.url().includes(`/streams/${streamId}/query`) && new URL(request.url()).searchParams.get('agg') === 'max');
    await editor.getByLabel('Aggregate', { exact: true }).selectOption('max');
    await editor.getByLabel('Empty buckets', { exact: true }).selectOption('none');
    await asked;
    await preview.getByRole('list', { name: 'Legend' }).getByText('temperature', { exact: true }).waitFor();
    await editor.getByLabel('Title', { exact: true }).fill('Hall peak temperature');
    await preview.getByRole('heading', { name: 'Hall peak temperature' }).waitFor();
    await shot(page, 'dashboards-widget-editor');
    await editor.getByRole('button', { name: 'Add to dashboard' }).click();
    await editor.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'Hall peak temperature' }).locator('.uplot canvas').first().waitFor();
  });

  await scenario.step('boards: the widget is dragged, resized by its corner and by the keyboard, then saved in one go', async () => {
    const widget = page!.getByRole('region', { name: 'Hall peak temperature' });
    const grid = await page!.locator('[data-dashboard-grid]').boundingBox();
    expect(grid, 'the grid is on screen');
    const columnStep = (grid.width + GRID.gapPx) / GRID.columns;
    const rowStep = GRID.rowPx + GRID.gapPx;
    const before = (await widget.boundingBox())!;
    await drag(page!, widget.locator('header'), columnStep * 3, 0);
    await expectEventually(async () => Math.abs((await widget.boundingBox())!.x - (before.x + columnStep * 3)) < 3, 'the widget lands three columns to the right');
    await drag(page!, page!.locator('[data-widget-id] [data-resize-handle]').first(), columnStep * 2, rowStep * 2);
    await expectEventually(async () => Math.abs((await widget.boundingBox())!.width - (before.width + columnStep * 2)) < 3, 'the widget is two columns wider');
    await widget.focus();
    await page!.keyboard.press('Shift+ArrowDown');
    await expectEventually(async () => Math.abs((await widget.boundingBox())!.height - (before.height + rowStep * 3)) < 3, 'the widget is three rows taller');
    await shot(page!, 'dashboards-builder-edit');
    await page!.getByRole('button', { name: 'Save dashboard' }).click();
    await page!.getByText('Dashboard saved').waitFor();
    await page!.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    const { dashboard } = await call<{ dashboard: { version: number; config: { widgets: { title: string; position: object; query: { agg: string; fill: string } }[] } } }>(
      baseUrl,
      'GET',
      `/dashboards/${dashboardId}`,
      token,
    );
    const [saved] = dashboard.config.widgets;
    expect(dashboard.config.widgets.length === 1 && saved?.title === 'Hall peak temperature', `one widget saved, not ${JSON.stringify(dashboard.config.widgets)}`);
    expect(JSON.stringify(saved.position) === JSON.stringify({ x: 3, y: 0, w: 8, h: 9 }), `saved at column 3, 8 wide and 9 tall, not ${JSON.stringify(saved.position)}`);
    expect(saved.query.agg === 'max' && saved.query.fill === 'none', `saved with the editor's query, not ${JSON.stringify(saved.query)}`);
  });

  await scenario.step('boards: with auto-refresh on, the saved chart draws a point written afterwards', async () => {
    const widget = page!.getByRole('region', { name: 'Hall peak temperature' });
    await page!.getByLabel('Auto-refresh').selectOption('5');
    await expectEventually(async () => /\d/.test(await newestReadout(page!, widget)), 'the legend reads out the newest value under the pointer');
    const readout = await newestReadout(page!, widget);
    expect(!readout.includes('99.5'), `the chart shows 99.5 before it was written: ${readout}`);
    await call(baseUrl, 'POST', `/streams/${streamId}/points`, token, { points: [{ values: { temperature: 99.5 } }] });
    await expectEventually(async () => (await newestReadout(page!, widget)).includes('99.5'), 'the chart draws the new point within two refreshes', 15_000);
    await shot(page!, 'dashboards-builder-saved');
    await page!.context().close();
  });

  await scenario.step('boards: the first dashboard gets a variable, a new title and a description, and a public link', async () => {
    const power = await call<{ id: string }>(baseUrl, 'POST', `/orgs/${orgId}/streams`, token, { name: 'line_power', fields: ['watts'], tagKeys: ['line'] });
    const now = Date.now();
    await call(baseUrl, 'POST', `/streams/${power.id}/points`, token, {
      points: [
        { time: now - 60_000, tags: { line: 'north' }, values: { watts: 11.5 } },
        { time: now - 60_000, tags: { line: 'south' }, values: { watts: 42.5 } },
      ],
    });
    const { dashboard } = await call<{ dashboard: { version: number; config: { widgets: object[]; variables: object[] } } }>(baseUrl, 'GET', `/dashboards/${hallId}`, token);
    await call(baseUrl, 'PATCH', `/dashboards/${hallId}`, token, {
      version: dashboard.version,
      config: {
        ...dashboard.config,
        variables: [{ name: 'line', label: 'Line', streamId: power.id, tagKey: 'line', default: 'north' }],
        widgets: [
          ...dashboard.config.widgets,
          { id: 'power', kind: 'stat', title: 'Line power', position: { x: 8, y: 3, w: 4, h: 3 }, query: { streamId: power.id, field: 'watts', agg: 'last', tags: { line: '$line' } }, options: { unit: 'W' } },
        ],
      },
    });

    page = await signedInPage(browser, baseUrl, email, 'light');
    await page.goto(`${baseUrl}/dashboards/${hallId}`);
    await page.getByRole('region', { name: 'Line power' }).getByText(/^11\.5\s?W$/).waitFor();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('button', { name: 'Title and description' }).click();
    const details = page.getByRole('dialog', { name: 'Title and description' });
    await details.getByLabel('Title').fill('Hall and lines');
    await details.getByLabel('Description').fill('Temperatures of the hall and the power each line draws.');
    await details.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('heading', { name: 'Hall and lines' }).waitFor();
    await page.getByRole('button', { name: 'Save dashboard' }).click();
    await page.getByText('Dashboard saved').waitFor();
    const saved = await call<{ dashboard: { title: string; description: string } }>(baseUrl, 'GET', `/dashboards/${hallId}`, token);
    expect(saved.dashboard.title === 'Hall and lines', `the new title is saved, not ${saved.dashboard.title}`);
    expect(saved.dashboard.description === 'Temperatures of the hall and the power each line draws.', `the description is saved, not ${saved.dashboard.description}`);

    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const share = page.getByRole('dialog', { name: 'Public link' });
    await share.getByRole('button', { name: 'Turn on link' }).click();
    await share.getByRole('button', { name: 'Turn off link' }).waitFor();
    shareUrl = (await share.locator('code').innerText()).trim();
    expect(new RegExp(`^${baseUrl.replace(/[.]/g, '\\.')}/shared/dashboards/[\\w-]{16,}$`).test(shareUrl), `the link opens the web page, not ${shareUrl}`);
    await share.getByRole('button', { name: 'Close' }).first().click();
  });

  await scenario.step('boards: someone without an account opens the link, reads the dashboard and picks another line', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, colorScheme: 'light' });
    const visitor = await context.newPage();
    visitor.setDefaultTimeout(15_000);
    await visitor.goto(shareUrl);
    await visitor.getByRole('heading', { name: 'Hall and lines' }).waitFor();
    await visitor.getByText('Temperatures of the hall and the power each line draws.').waitFor();
    await visitor.getByText('Shared from Fluxworks · read-only').waitFor();
    expect((await visitor.getByRole('navigation', { name: 'Main' }).count()) === 0, 'the public page shows no signed-in navigation');
    await visitor.getByRole('region', { name: 'Temperature trend' }).locator('.uplot canvas').first().waitFor();
    await visitor.getByRole('region', { name: 'Temperature now' }).getByText(/^\d+\.\d+°C$/).waitFor();
    const power = visitor.getByRole('region', { name: 'Line power' });
    await power.getByText(/^11\.5\s?W$/).waitFor();
    expect((await visitor.getByRole('button', { name: 'Edit', exact: true }).count()) === 0, 'the public page offers no editing');

    const valuesAsked = visitor.waitForRequest((request) => request.url().includes('/api/v1/shared/dashboards/') && request.url().includes('/variables/line/values'));
    await visitor.getByRole('combobox', { name: 'Line' }).click();
    await valuesAsked;
    await visitor.getByRole('option', { name: 'south' }).click();
    await power.getByText(/^42\.5\s?W$/).waitFor();
    expect(new URL(visitor.url()).searchParams.get('var.line') === 'south', `the address keeps the chosen line: ${visitor.url()}`);
    await shot(visitor, 'dashboards-shared');
    await context.close();

    const phoneContext = await browser.newContext({ viewport: { width: 375, height: 812 }, colorScheme: 'dark' });
    const phone = await phoneContext.newPage();
    phone.setDefaultTimeout(15_000);
    await phone.goto(shareUrl);
    await phone.getByRole('region', { name: 'Line power' }).getByText(/^11\.5\s?W$/).waitFor();
    await phone.getByRole('region', { name: 'Temperature trend' }).locator('.uplot canvas').first().waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow <= 0, `the public page scrolls sideways by ${overflow}px`);
    await shot(phone, 'dashboards-shared-phone');
    await phoneContext.close();
  });

  await scenario.step('boards: once the link is turned off, it shows that it no longer leads to a dashboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, colorScheme: 'light' });
    const visitor = await context.newPage();
    visitor.setDefaultTimeout(15_000);
    await visitor.goto(shareUrl);
    await visitor.getByRole('heading', { name: 'Hall and lines' }).waitFor();

    await page!.getByRole('button', { name: 'Share', exact: true }).click();
    const share = page!.getByRole('dialog', { name: 'Public link' });
    await share.getByRole('button', { name: 'Turn off link' }).click();
    await share.getByText('The link is off.').waitFor();
    await page!.context().close();

    // The open page notices on its next refresh; a fresh visit finds nothing.
    await visitor.getByRole('button', { name: 'Refresh', exact: true }).click();
    await visitor.getByRole('heading', { name: 'This link no longer leads to a dashboard' }).waitFor();
    await visitor.goto(shareUrl);
    await visitor.getByRole('heading', { name: 'This link no longer leads to a dashboard' }).waitFor();
    expect((await visitor.getByRole('heading', { name: 'Hall and lines' }).count()) === 0, 'the turned-off link shows nothing of the dashboard');
    await shot(visitor, 'dashboards-shared-gone');
    await context.close();
  });
}
