import type { Page } from 'playwright-core';
import { expect, type Scenario, type ScenarioOptions } from './harness.ts';
import { call, screenshots, seedSharedProject, signedInPage } from './studio-support.ts';

const writers = [
  { name: 'Margaret Hamilton', email: 'margaret@docs.fluxworks.test' },
  { name: 'Katherine Johnson', email: 'katherine@docs.fluxworks.test' },
] as const;

const editorOf = (page: Page) => page.getByTestId('text-editor').locator('.ProseMirror');

/** The editor's text without the other people's caret labels. */
const editorText = (page: Page) =>
  editorOf(page).evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
    return copy.textContent;
  });

/**
 * Two people in two browser contexts open one document, type in it at the same time, and each
 * sees the other's words and the other's named caret; then a board shows the other's pointer.
 */
export async function runStudioDocsScenario(scenario: Scenario, { browser, baseUrl, screenshotDir }: ScenarioOptions): Promise<void> {
  const shot = screenshots(screenshotDir);
  const pages: Page[] = [];
  let projectUrl = '';
  let documentUrl = '';

  try {
    await scenario.step('docs: two people share a project with a document (set up through the API)', async () => {
      const { owner, projectId } = await seedSharedProject(
        baseUrl,
        { owner: writers[0], member: writers[1] },
        { organization: 'Apollo Guidance', project: 'Lunar module manual' },
      );
      const document = await call<{ id: string }>(baseUrl, 'POST', `/projects/${projectId}/documents`, owner.token, { title: 'Descent checklist' });
      projectUrl = `${baseUrl}/projects/${projectId}`;
      documentUrl = `${projectUrl}/docs/${document.id}`;
    });

    await scenario.step('docs: both sign in in their own browser and open the document', async () => {
      for (const [index, writer] of writers.entries()) {
        const page = await signedInPage(browser, baseUrl, writer.email, index === 0 ? 'light' : 'dark');
        pages.push(page);
        await page.goto(documentUrl);
        await page.getByTestId('document-title').getByText('Descent checklist').waitFor();
        await editorOf(page).waitFor();
      }
      for (const page of pages) await page.getByTestId('presence-person').nth(1).waitFor();
    });

    await scenario.step('docs: both type at once and each sees the other’s text', async () => {
      const [first, second] = pages as [Page, Page];
      await editorOf(first).click();
      await editorOf(second).click();
      await Promise.all([
        first.keyboard.type('Engine arm switch to ascent. ', { delay: 15 }),
        second.keyboard.type('Check the abort stage button. ', { delay: 15 }),
      ]);
      for (const page of pages) {
        await editorOf(page).getByText('Engine arm switch to ascent.', { exact: false }).waitFor();
        await editorOf(page).getByText('Check the abort stage button.', { exact: false }).waitFor();
      }
      const texts = await Promise.all(pages.map((page) => editorText(page)));
      expect(texts[0] === texts[1], `the two editors disagree:\n${texts[0]}\n---\n${texts[1]}`);
      for (const page of pages) await page.getByTestId('connection-state').and(page.locator('[data-state="saved"]')).waitFor();
    });

    await scenario.step('docs: each sees the other’s caret with their name', async () => {
      const [first, second] = pages as [Page, Page];
      await editorOf(first).locator('.collaboration-carets__label', { hasText: writers[1].name }).waitFor();
      await editorOf(second).locator('.collaboration-carets__label', { hasText: writers[0].name }).waitFor();
      await shot(first, 'docs-coediting-light');
      await shot(second, 'docs-coediting-dark');
    });

    await scenario.step('docs: formatting from the toolbar reaches the other person', async () => {
      const [first, second] = pages as [Page, Page];
      await editorOf(first).press('End');
      await first.keyboard.press('Enter');
      await first.getByRole('button', { name: 'Heading 2' }).click();
      await first.keyboard.type('Landing');
      await editorOf(second).locator('h2', { hasText: 'Landing' }).waitFor();
    });

    await scenario.step('docs: a named version restored by one person comes back for the other', async () => {
      const [first, second] = pages as [Page, Page];
      await first.getByRole('button', { name: 'Versions' }).click();
      await first.getByLabel('Version name').fill('Before the landing notes');
      await first.getByRole('button', { name: 'Save version' }).click();
      await first.getByText('Before the landing notes', { exact: true }).waitFor();
      await first.getByRole('button', { name: 'Close' }).click();

      await editorOf(second).press('ControlOrMeta+End');
      await second.keyboard.type(' Contact light.');
      await editorOf(first).getByText('Contact light.', { exact: false }).waitFor();
      await first.getByRole('button', { name: 'Versions' }).click();
      await first.getByRole('button', { name: 'Restore' }).click();
      await editorOf(second).getByText('Contact light.', { exact: false }).waitFor({ state: 'detached' });
      await editorOf(second).getByText('Engine arm switch to ascent.', { exact: false }).waitFor();
    });

    await scenario.step('docs: on a board, each sees the other’s pointer with their name', async () => {
      const [first, second] = pages as [Page, Page];
      await first.goto(`${projectUrl}/docs`);
      await first.getByRole('button', { name: 'New board' }).click();
      await first.getByLabel('Title').fill('Landing site moodboard');
      await first.getByRole('button', { name: 'Create' }).click();
      await first.getByTestId('board-canvas').waitFor();
      await second.goto(first.url());
      await second.getByTestId('board-canvas').waitFor();

      await first.getByRole('button', { name: 'Rectangle' }).click();
      const canvas = first.getByRole('application', { name: 'Design board' });
      const box = (await canvas.boundingBox())!;
      await first.mouse.move(box.x + 120, box.y + 120);
      await first.mouse.down();
      await first.mouse.move(box.x + 360, box.y + 260, { steps: 6 });
      await first.mouse.up();
      await second.locator('[data-shape-kind="rect"]').waitFor();

      await second.mouse.move(box.x + 500, box.y + 300, { steps: 4 });
      await first.getByTestId('peer-pointer').filter({ hasText: writers[1].name }).waitFor();
      await first.mouse.move(box.x + 200, box.y + 400, { steps: 4 });
      await second.getByTestId('peer-pointer').filter({ hasText: writers[0].name }).waitFor();
      await shot(second, 'docs-board');
    });

    await scenario.step('docs: the list of documents works on a phone', async () => {
      const [first] = pages as [Page, Page];
      await first.setViewportSize({ width: 375, height: 740 });
      await first.goto(`${projectUrl}/docs`);
      await first.getByRole('link', { name: 'Descent checklist' }).waitFor();
      await first.getByRole('link', { name: 'Landing site moodboard' }).waitFor();
      const overflows = await first.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(!overflows, 'the documents list is wider than a 375 px screen');
      await shot(first, 'docs-list-phone');
      await first.getByRole('link', { name: 'Descent checklist' }).click();
      await editorOf(first).getByText('Engine arm switch to ascent.', { exact: false }).waitFor();
      const editorOverflows = await first.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(!editorOverflows, 'the document page is wider than a 375 px screen');
      await shot(first, 'docs-editor-phone');
    });
  } finally {
    for (const page of pages) await page.context().close().catch(() => undefined);
  }
}
