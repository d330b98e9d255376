import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect, expectEventually, type Scenario, type ScenarioOptions } from './harness.ts';
import { screenshots, seedSharedProject, signedInPage, type Person } from './studio-support.ts';

/**
 * Two people of one organisation discuss a project: a thread with a mention lights the other
 * person's notification badge live, they open it from the bell, reply, and the thread resolves.
 */
export async function runStudioCommentsScenario(scenario: Scenario, { browser, baseUrl, screenshotDir }: ScenarioOptions): Promise<void> {
  const shot = screenshots(screenshotDir);
  const unique = randomBytes(4).toString('hex');
  let ada: Person | undefined;
  let max: Person | undefined;
  let projectId = '';
  let adaPage: Page | undefined;
  let maxPage: Page | undefined;

  await scenario.step('comments: seeds two verified members of one organisation and a project through the API', async () => {
    ({ owner: ada, member: max, projectId } = await seedSharedProject(
      baseUrl,
      { owner: { name: 'Ada Review', email: `ada-review-${unique}@fluxworks.test` }, member: { name: 'Max Review', email: `max-review-${unique}@fluxworks.test` } },
      { organization: `Review Studio ${unique}`, project: 'Poster review' },
    ));
  });

  await scenario.step('comments: both open the project discussion in their own browser', async () => {
    adaPage = await signedInPage(browser, baseUrl, ada!.email, 'light');
    maxPage = await signedInPage(browser, baseUrl, max!.email, 'dark');
    for (const page of [adaPage, maxPage]) {
      await page.goto(`${baseUrl}/projects/${projectId}/discussion`);
      await page.getByRole('heading', { name: 'Discussion' }).waitFor();
    }
  });

  await scenario.step('comments: a thread with a mention appears live and lights the badge of the person mentioned', async () => {
    const box = adaPage!.getByRole('textbox', { name: 'Start a thread…' });
    await box.pressSequentially('Can you check the headline, @Max', { delay: 10 });
    await adaPage!.getByRole('option', { name: /Max Review/ }).click();
    await box.pressSequentially('before Friday?');
    await box.press('Enter');
    await maxPage!.getByRole('article').getByText('before Friday?').waitFor();
    await maxPage!.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
    await shot(adaPage!, 'studio-comments-discussion-light');
  });

  await scenario.step('comments: the mentioned person opens it from the bell, and it is marked read', async () => {
    await maxPage!.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    const panel = maxPage!.getByRole('dialog', { name: 'Notifications' });
    await panel.getByText('Ada Review mentioned you in Poster review').waitFor();
    await shot(maxPage!, 'studio-comments-bell-dark');
    await panel.getByText('Ada Review mentioned you in Poster review').click();
    await maxPage!.waitForURL((url) => url.searchParams.has('thread'));
    await maxPage!.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
  });

  await scenario.step('comments: a reply reaches the thread starter live, with a reply notification', async () => {
    const thread = maxPage!.getByRole('article').filter({ hasText: 'before Friday?' }).first();
    await thread.getByRole('button', { name: 'Reply' }).click();
    const reply = thread.getByRole('textbox', { name: 'Reply…' });
    await reply.fill('On it — tightening the kerning now.');
    await reply.press('Enter');
    await adaPage!.getByText('On it — tightening the kerning now.').waitFor();
    await adaPage!.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
  });

  await scenario.step('comments: resolving moves the thread out of the open list for everyone', async () => {
    await adaPage!.getByRole('article').filter({ hasText: 'before Friday?' }).getByRole('button', { name: 'Resolve' }).click();
    await adaPage!.getByText('No open threads').waitFor();
    // Max came from a notification link: the thread stays in view and shows its new state live.
    await maxPage!.getByText('Resolved by Ada Review').waitFor();
    await maxPage!.getByRole('tab', { name: 'Resolved' }).click();
    await maxPage!.getByText('Resolved by Ada Review').waitFor();
    await expectEventually(async () => (await maxPage!.getByRole('article').count()) === 1, 'one resolved thread is listed');
    await shot(maxPage!, 'studio-comments-resolved-dark');
  });

  await scenario.step('comments: the notification centre lists the mention and keeps the email digest setting', async () => {
    await maxPage!.goto(`${baseUrl}/notifications`);
    await maxPage!.getByText('Ada Review mentioned you in Poster review').waitFor();
    const digest = maxPage!.getByRole('checkbox', { name: /Email digest of unread mentions/ });
    expect(await digest.isChecked(), 'the digest is on by default');
    await digest.uncheck();
    await maxPage!.reload();
    await maxPage!.getByText('Ada Review mentioned you in Poster review').waitFor();
    expect(!(await maxPage!.getByRole('checkbox', { name: /Email digest of unread mentions/ }).isChecked()), 'the digest stays off after a reload');
    await maxPage!.setViewportSize({ width: 375, height: 760 });
    await shot(maxPage!, 'studio-comments-notifications-mobile-dark');
  });

  await adaPage?.context().close();
  await maxPage?.context().close();
}
