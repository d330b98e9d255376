import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect, type Scenario, type ScenarioOptions } from './harness.ts';
import { call, screenshots, seedSharedProject, signedInPage, signIn, type Person } from './studio-support.ts';

/**
 * Two people of one organisation chat in one project, each in their own browser context: a
 * message arrives live, the typing indicator shows, a reaction reaches the sender.
 */
export async function runStudioChatScenario(scenario: Scenario, { browser, baseUrl, screenshotDir }: ScenarioOptions): Promise<void> {
  const shot = screenshots(screenshotDir);
  const unique = randomBytes(4).toString('hex');
  let ada: Person | undefined;
  let max: Person | undefined;
  let projectId = '';
  let adaPage: Page | undefined;
  let maxPage: Page | undefined;
  const message = `Moodboard is up — thoughts? ${unique}`;

  await scenario.step('chat: seeds two verified members of one organisation and a project through the API', async () => {
    ({ owner: ada, member: max, projectId } = await seedSharedProject(
      baseUrl,
      { owner: { name: 'Ada Chat', email: `ada-chat-${unique}@fluxworks.test` }, member: { name: 'Max Chat', email: `max-chat-${unique}@fluxworks.test` } },
      { organization: `Chat Studio ${unique}`, project: 'Autumn campaign' },
    ));
  });

  await scenario.step('chat: both sign in in their own browser and open the project chat', async () => {
    adaPage = await signedInPage(browser, baseUrl, ada!.email, 'light');
    maxPage = await signedInPage(browser, baseUrl, max!.email, 'light');
    for (const page of [adaPage, maxPage]) {
      await page.goto(`${baseUrl}/projects/${projectId}/chat`);
      await page.getByRole('textbox', { name: 'Message #general' }).waitFor();
    }
  });

  await scenario.step('chat: the other person sees the typing indicator while one types', async () => {
    await adaPage!.getByRole('textbox', { name: 'Message #general' }).pressSequentially('Moodboard', { delay: 30 });
    await maxPage!.getByTestId('typing-indicator').getByText('Ada Chat is typing…').waitFor();
  });

  await scenario.step('chat: a sent message appears live for the other person', async () => {
    const box = adaPage!.getByRole('textbox', { name: 'Message #general' });
    await box.fill(message);
    await box.press('Enter');
    const log = maxPage!.getByRole('log', { name: 'Messages in general' });
    await log.getByText(message).waitFor();
    // The indicator goes away once the message arrives.
    await maxPage!.getByTestId('typing-indicator').getByText('Ada Chat is typing…').waitFor({ state: 'detached' });
    expect(await adaPage!.getByRole('log', { name: 'Messages in general' }).getByText(message).count() === 1, 'the sender sees the message once');
  });

  await scenario.step('chat: a reaction reaches the sender live', async () => {
    const item = maxPage!.locator('article', { hasText: message });
    await item.hover();
    await item.getByRole('button', { name: 'Add reaction' }).click();
    await item.getByRole('menuitem', { name: 'React with 🎉' }).click();
    await adaPage!.locator('article', { hasText: message }).getByRole('button', { name: '🎉 1' }).waitFor();
    await shot(adaPage!, 'studio-chat-light');
  });

  await scenario.step('chat: replies in a thread and shows the reply count', async () => {
    const item = maxPage!.locator('article', { hasText: message });
    await item.hover();
    await item.getByRole('button', { name: 'Reply in thread' }).click();
    const reply = maxPage!.getByRole('textbox', { name: 'Reply…' });
    await reply.fill('Love the palette');
    await reply.press('Enter');
    await adaPage!.locator('article', { hasText: message }).getByRole('button', { name: /1 reply/ }).waitFor();
    await shot(maxPage!, 'studio-chat-thread');
  });

  await scenario.step('chat: mentions someone picked from the @ suggestions, highlighted for them', async () => {
    const box = adaPage!.getByRole('textbox', { name: 'Message #general' });
    await box.fill('Thanks ');
    await box.pressSequentially('@Max', { delay: 20 });
    await adaPage!.getByRole('listbox', { name: 'People to mention' }).getByRole('option', { name: /Max Chat/ }).waitFor();
    await box.press('Enter');
    await box.pressSequentially('for the palette', { delay: 10 });
    await box.press('Enter');
    const mention = maxPage!.getByRole('log', { name: 'Messages in general' }).locator('article', { hasText: 'for the palette' }).getByText('@Max Chat');
    await mention.waitFor();
    expect((await mention.getAttribute('class'))?.includes('bg-warning-soft'), 'a mention of the reader is highlighted for them');
  });

  await scenario.step('chat: a direct message shows up for the other person with an unread badge', async () => {
    await adaPage!.getByRole('button', { name: 'New direct message' }).click();
    await adaPage!.getByRole('dialog', { name: 'New direct message' }).getByRole('button', { name: /Max Chat/ }).click();
    const box = adaPage!.getByRole('textbox', { name: 'Message Max Chat' });
    await box.fill('Can you review the brief today?');
    await box.press('Enter');
    const conversations = maxPage!.getByRole('navigation', { name: 'Conversations' });
    await conversations.getByRole('button', { name: /Ada Chat/ }).getByLabel('1 unread').waitFor();
    await conversations.getByRole('button', { name: /Ada Chat/ }).click();
    await maxPage!.getByRole('log', { name: 'Messages in Ada Chat' }).getByText('Can you review the brief today?').waitFor();
    await conversations.getByRole('button', { name: /Ada Chat/ }).getByLabel('1 unread').waitFor({ state: 'detached' });
  });

  await scenario.step('chat: finds a message with full-text search', async () => {
    await maxPage!.getByRole('button', { name: 'Search messages' }).last().click();
    const search = maxPage!.getByRole('region', { name: 'Search messages' });
    await search.getByRole('searchbox').or(search.getByLabel('Search messages')).first().fill('moodboards');
    await search.getByLabel('Search messages').first().press('Enter');
    await search.getByRole('button', { name: /Moodboard is up/ }).waitFor();
    await shot(maxPage!, 'studio-chat-search');
  });

  await scenario.step('chat: loads older messages when scrolling up', async () => {
    const [general] = (await call<{ items: { id: string }[] }>(baseUrl, 'GET', `/projects/${projectId}/chat/channels`, ada!.token)).items;
    for (let i = 1; i <= 60; i++) await call(baseUrl, 'POST', `/chat/channels/${general!.id}/messages`, ada!.token, { body: `Backlog item ${String(i)}` });
    await maxPage!.goto(`${baseUrl}/projects/${projectId}/chat?channel=${general!.id}`);
    const log = maxPage!.getByRole('log', { name: 'Messages in general' });
    await log.getByText('Backlog item 60', { exact: true }).waitFor();
    expect((await log.getByText(message).count()) === 0, 'the first page holds only the newest 50 messages');
    for (let attempt = 0; attempt < 20 && (await log.getByText(message).count()) === 0; attempt++) {
      await log.evaluate((element) => element.scrollTo({ top: 0 }));
      await maxPage!.waitForTimeout(250);
    }
    await log.getByText(message).waitFor();
    await log.getByText('This is the beginning of the conversation.').waitFor();
  });

  await scenario.step('chat: works on a 375 px phone in the dark theme', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, colorScheme: 'dark', isMobile: true, hasTouch: true });
    try {
      const page = await phone.newPage();
      page.setDefaultTimeout(15_000);
      await signIn(page, baseUrl, max!.email);
      await page.goto(`${baseUrl}/projects/${projectId}/chat`);
      await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /general/ }).click();
      await page.getByRole('log', { name: 'Messages in general' }).getByText('Backlog item 60', { exact: true }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow <= 0, `the page scrolls sideways by ${overflow}px at 375px`);
      await shot(page, 'studio-chat-phone-dark');
    } finally {
      await phone.close();
    }
  });

  await adaPage?.context().close();
  await maxPage?.context().close();
}
