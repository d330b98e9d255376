import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { expect, type Scenario, type ScenarioOptions } from './harness.ts';
import { call, screenshots, signIn, verifiedPerson } from './studio-support.ts';

/** A poster-like PNG with some colour, so the thumbnail is worth looking at. */
async function poster(hue: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${hue}"/><stop offset="1" stop-color="#111827"/></linearGradient></defs><rect width="1200" height="900" fill="url(#g)"/><circle cx="820" cy="330" r="190" fill="#fbbf24" opacity="0.9"/><rect x="120" y="560" width="560" height="70" rx="14" fill="#fff" opacity="0.85"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/**
 * A designer uploads posters into a project through the file picker, sees progress and
 * thumbnails, files one into a new folder, opens it, uploads a second version, and restores a
 * deleted file from the trash.
 */
export async function runStudioFilesScenario(scenario: Scenario, { browser, baseUrl, screenshotDir }: ScenarioOptions): Promise<void> {
  const shot = screenshots(screenshotDir);
  const unique = randomBytes(4).toString('hex');
  const email = `files-${unique}@fluxworks.test`;
  let projectId = '';
  let page: Page | undefined;

  await scenario.step('files: seeds a verified designer with an organisation and a project', async () => {
    const { token } = await verifiedPerson(baseUrl, 'Dana Designer', email);
    const { organization } = await call<{ organization: { id: string } }>(baseUrl, 'POST', '/orgs', token, { name: `Poster Studio ${unique}` });
    const created = await call<{ project: { id: string } }>(baseUrl, 'POST', `/orgs/${organization.id}/projects`, token, { name: 'Summer posters' });
    projectId = created.project.id;
  });

  await scenario.step('files: uploads two images through the picker and shows their thumbnails', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    page = await context.newPage();
    await signIn(page, baseUrl, email);
    await page.goto(`${baseUrl}/projects/${projectId}/files`);
    await page.getByText('No files here yet').waitFor();
    await page.getByLabel('Choose files to upload').setInputFiles([
      { name: 'sunrise.png', mimeType: 'image/png', buffer: await poster('#f97316') },
      { name: 'ocean.png', mimeType: 'image/png', buffer: await poster('#0ea5e9') },
    ]);
    await page.getByText('Uploads finished').waitFor({ timeout: 20_000 });
    await page.locator('img[src*="thumb.webp"]').nth(1).waitFor({ timeout: 30_000 });
    expect((await page.locator('img[src*="thumb.webp"]').count()) === 2, 'both thumbnails are shown');
    await shot(page, 'studio-files-grid');
  });

  await scenario.step('files: creates a folder and moves a file into it', async () => {
    await page!.getByRole('button', { name: 'New folder' }).click();
    await page!.getByLabel('Folder name').fill('Finals');
    await page!.getByRole('button', { name: 'Create folder' }).click();
    await page!.getByRole('button', { name: 'Finals' }).first().waitFor();
    await page!.getByRole('button', { name: /sunrise\.png/ }).click();
    await page!.getByRole('button', { name: 'Move' }).click();
    await page!.getByRole('dialog', { name: 'Move sunrise.png' }).getByRole('button', { name: 'Finals' }).click();
    await page!.getByRole('button', { name: 'Move here' }).click();
    await page!.getByText('Project root').waitFor({ state: 'detached' });
  });

  await scenario.step('files: opens a file with its preview and uploads a new version', async () => {
    await page!.locator('dialog[open] header').getByText('sunrise.png').waitFor();
    await page!.getByLabel('Upload a new version').setInputFiles({ name: 'sunrise-v2.png', mimeType: 'image/png', buffer: await poster('#a855f7') });
    await page!.getByText('Versions (2)').waitFor({ timeout: 20_000 });
    await page!.locator('dialog[open] img[src*="preview.webp"]').waitFor({ timeout: 30_000 });
    await shot(page!, 'studio-files-detail');
    await page!.getByRole('button', { name: 'Close' }).first().click();
  });

  await scenario.step('files: deletes a file and restores it from the trash', async () => {
    await page!.getByRole('button', { name: /ocean\.png/ }).click();
    await page!.locator('dialog[open]').getByRole('button', { name: 'Delete' }).click();
    await page!.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Trash' }).click();
    await page!.getByRole('button', { name: /ocean\.png/ }).click();
    await page!.getByRole('button', { name: 'Restore' }).click();
    await page!.getByText('ocean.png restored').waitFor();
    await page!.getByRole('button', { name: 'Restore' }).waitFor({ state: 'detached' });
    await page!.locator('dialog[open]').getByRole('button', { name: 'Download', exact: true }).waitFor();
    await shot(page!, 'studio-files-restored');
    await page!.context().close();
  });

  await scenario.step('files: the file browser fits a 375px phone screen in the dark theme', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, colorScheme: 'dark' });
    const phone = await context.newPage();
    await signIn(phone, baseUrl, email);
    await phone.goto(`${baseUrl}/projects/${projectId}/files`);
    await phone.locator('img[src*="thumb.webp"]').first().waitFor({ timeout: 20_000 });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    await shot(phone, 'studio-files-phone');
    await context.close();
  });
}
