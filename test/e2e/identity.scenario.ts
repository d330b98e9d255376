import type { Browser, BrowserContext, Page } from 'playwright-core';
import path from 'node:path';
import { expect, type Scenario } from './harness.ts';
import { freshTotp, totp } from './totp.ts';

interface Options {
  browser: Browser;
  baseUrl: string;
  screenshotDir: string;
}

const PASSWORD = 'correct horse battery staple';
const owner = { name: 'Ada Lovelace', email: 'ada@fluxworks.test' };
const invitee = { name: 'Grace Hopper', email: 'grace@fluxworks.test' };
const ORG_NAME = 'Analytical Engines';

async function signUp(page: Page, baseUrl: string, user: { name: string; email: string }): Promise<void> {
  await page.goto(`${baseUrl}/sign-up`);
  await page.getByLabel('Full name').fill(user.name);
  await page.getByLabel('Work email').fill(user.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
}

/** Clicks the link in the outbox listing whose address contains `pathPart`. */
async function openMailLink(page: Page, pathPart: string): Promise<void> {
  const link = page.locator(`a[href*="${pathPart}"]`).first();
  await link.waitFor({ timeout: 15_000 });
  await link.click();
}

async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Fluxworks' }).waitFor();
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  const isDark = await page.evaluate(() => document.documentElement.classList.contains('dark'));
  if (isDark !== (theme === 'dark')) await page.getByRole('button', { name: `Switch to ${theme} theme` }).first().click();
  const nowDark = await page.evaluate(() => document.documentElement.classList.contains('dark'));
  expect(nowDark === (theme === 'dark'), `the theme toggle did not switch to ${theme}`);
  // Let colour transitions finish so screenshots show the settled theme.
  await page.waitForTimeout(400);
}

export async function runIdentityScenario(scenario: Scenario, { browser, baseUrl, screenshotDir }: Options): Promise<void> {
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
  const ownerContext: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 820 }, colorScheme: 'light' });
  const page = await ownerContext.newPage();
  page.setDefaultTimeout(15_000);
  let secret = '';
  let lastCode = '';
  let memberPage: Page | undefined;

  await scenario.step('signs up and lands on the check-your-inbox page', async () => {
    await signUp(page, baseUrl, owner);
    await page.getByText(owner.email).first().waitFor();
  });

  await scenario.step('opens the verification link from the outbox in the UI', async () => {
    await openMailLink(page, '/verify-email?token=');
    await page.getByRole('heading', { name: 'Email verified' }).waitFor();
  });

  await scenario.step('signs out, and signs in with email and password', async () => {
    await page.getByRole('link', { name: 'Continue to Fluxworks' }).click();
    await page.getByRole('heading', { name: 'Create your first organisation' }).waitFor();
    await signOut(page);
    await shot(page, 'sign-in-light');
    await signIn(page, baseUrl, owner.email);
    await page.getByRole('heading', { name: 'Create your first organisation' }).waitFor();
  });

  await scenario.step('enrols two-factor authentication with a code from oathtool', async () => {
    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('button', { name: 'Set up two-factor' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    secret = (await page.getByLabel('Two-factor secret').textContent())?.trim() ?? '';
    expect(/^[A-Z2-7]+=*$/.test(secret), `expected a base32 secret, got "${secret}"`);
    await setTheme(page, 'dark');
    await shot(page, 'two-factor-dark');
    lastCode = totp(secret);
    await page.getByLabel('6-digit code from the app').fill(lastCode);
    await page.getByRole('button', { name: 'Confirm and turn on' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect((await codes.count()) === 10, `expected 10 recovery codes, saw ${await codes.count()}`);
    await page.getByRole('button', { name: "I've saved them" }).click();
    await page.getByRole('button', { name: 'Turn off' }).waitFor();
    await setTheme(page, 'light');
  });

  await scenario.step('signs out and signs in again through the two-factor step', async () => {
    await signOut(page);
    await signIn(page, baseUrl, owner.email);
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    lastCode = await freshTotp(secret, lastCode);
    await page.getByLabel('Authentication code').fill(lastCode);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('heading', { name: 'Create your first organisation' }).waitFor();
  });

  await scenario.step('creates an organisation and becomes its owner', async () => {
    await page.getByLabel('Organisation name').fill(ORG_NAME);
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.getByRole('heading', { name: 'Members', exact: true }).waitFor();
    await page.getByRole('table', { name: 'Members' }).getByText('owner').waitFor();
    await page.getByRole('button', { name: 'Switch organisation' }).getByText(ORG_NAME).waitFor();
  });

  await scenario.step('invites a member by email as a viewer', async () => {
    await page.getByRole('button', { name: 'Invite member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite a member' });
    await dialog.getByLabel('Email address').fill(invitee.email);
    await dialog.getByLabel('Role').selectOption('viewer');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('table', { name: 'Pending invitations' }).getByText(invitee.email).waitFor();
  });

  await scenario.step('the invited person signs up on a phone and accepts through the link in the outbox', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 760 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: 'light' });
    memberPage = await phone.newPage();
    memberPage.setDefaultTimeout(15_000);
    await signUp(memberPage, baseUrl, invitee);
    await openMailLink(memberPage, '/verify-email?token=');
    await memberPage.getByRole('heading', { name: 'Email verified' }).waitFor();
    await memberPage.goto(`${baseUrl}/check-inbox`);
    await openMailLink(memberPage, '/invitations/');
    await memberPage.getByRole('heading', { name: `Join ${ORG_NAME}` }).waitFor();
    await shot(memberPage, 'invitation-mobile');
    await memberPage.getByRole('button', { name: 'Accept invitation' }).click();
    await memberPage.getByRole('heading', { name: 'Members', exact: true }).waitFor();
    const fits = await memberPage.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(fits, 'the members page scrolls sideways at 375 px');
  });

  await scenario.step("the owner sees the new member and changes the member's role to admin", async () => {
    await page.getByRole('link', { name: 'Members' }).click();
    await page.reload();
    const roleSelect = page.getByLabel(`Role of ${invitee.name}`);
    await roleSelect.waitFor();
    expect((await roleSelect.inputValue()) === 'viewer', 'the invitee did not join as a viewer');
    await roleSelect.selectOption('admin');
    await page.getByText(`${invitee.name} is now an admin`).waitFor();
    await page.reload();
    await page.getByLabel(`Role of ${invitee.name}`).waitFor();
    expect((await page.getByLabel(`Role of ${invitee.name}`).inputValue()) === 'admin', 'the role change did not persist');
    await shot(page, 'members-light');
  });

  await scenario.step('the promoted member gets the admin pages after a reload', async () => {
    expect(memberPage, 'the member page is missing');
    await memberPage.reload();
    await memberPage.getByRole('button', { name: 'Open menu' }).click();
    await memberPage.getByRole('link', { name: 'Audit log' }).waitFor();
    await memberPage.keyboard.press('Escape');
    await memberPage.getByRole('link', { name: 'Audit log' }).waitFor({ state: 'hidden' });
  });

  await scenario.step('the owner reads the audit log with the sign-ins, invitation and role change', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    const table = page.getByRole('table', { name: 'Audit events' });
    await table.waitFor();
    const text = (await table.textContent()) ?? '';
    for (const fragment of ['role', 'invit']) expect(text.includes(fragment), `the audit log shows no "${fragment}" event:\n${text.slice(0, 500)}`);
    await setTheme(page, 'dark');
    await shot(page, 'audit-log-dark');
  });

  await scenario.step('creates a second organisation and switches back to the first', async () => {
    await setTheme(page, 'light');
    await page.getByRole('button', { name: 'Switch organisation' }).click();
    await page.getByRole('menuitem', { name: 'Create organisation' }).click();
    await page.getByLabel('Organisation name').fill('Difference Engines');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.getByRole('button', { name: 'Switch organisation' }).getByText('Difference Engines').waitFor();
    await page.getByRole('button', { name: 'Switch organisation' }).click();
    await page.getByRole('menuitem', { name: ORG_NAME }).click();
    await page.getByRole('button', { name: 'Switch organisation' }).getByText(ORG_NAME).waitFor();
    await page.getByLabel(`Role of ${invitee.name}`).waitFor();
  });
}
