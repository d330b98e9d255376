/** What the studio scenarios share: API calls that seed people and projects, signing in, screenshots. */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';

export const PASSWORD = 'correct horse battery staple';

export interface Person {
  name: string;
  email: string;
  token: string;
}

/** JSON over the public API, as an API client would call it. */
export async function call<T>(baseUrl: string, method: string, route: string, token?: string, body?: object): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${route}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The token in the newest link of the person's outbox mail whose address contains `pathPart`. */
export async function mailToken(baseUrl: string, token: string, pathPart: string): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const { items } = await call<{ items: { text: string }[] }>(baseUrl, 'GET', '/admin/outbox', token);
    for (const mail of items) {
      const match = new RegExp(`${pathPart.replace(/[?]/g, '\\?')}([A-Za-z0-9_-]+)`).exec(mail.text);
      if (match) return match[1]!;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no mail with a ${pathPart} link arrived`);
}

/** Registers, signs in over the API and verifies the email through the link in the embedded outbox. */
export async function verifiedPerson(baseUrl: string, name: string, email: string): Promise<Person> {
  await call(baseUrl, 'POST', '/auth/register', undefined, { email, password: PASSWORD, displayName: name });
  const { accessToken } = await call<{ accessToken: string }>(baseUrl, 'POST', '/auth/login', undefined, { email, password: PASSWORD });
  await call(baseUrl, 'POST', '/auth/verify-email', undefined, { token: await mailToken(baseUrl, accessToken, '/verify-email?token=') });
  return { name, email, token: accessToken };
}

export interface SharedProject {
  owner: Person;
  member: Person;
  projectId: string;
}

/** Two verified people: the owner creates an organisation and a project, the member joins through an emailed invitation. */
export async function seedSharedProject(
  baseUrl: string,
  people: { owner: { name: string; email: string }; member: { name: string; email: string } },
  names: { organization: string; project: string },
): Promise<SharedProject> {
  const owner = await verifiedPerson(baseUrl, people.owner.name, people.owner.email);
  const member = await verifiedPerson(baseUrl, people.member.name, people.member.email);
  const { organization } = await call<{ organization: { id: string } }>(baseUrl, 'POST', '/orgs', owner.token, { name: names.organization });
  await call(baseUrl, 'POST', `/orgs/${organization.id}/invitations`, owner.token, { email: member.email, role: 'member' });
  await call(baseUrl, 'POST', `/invitations/${await mailToken(baseUrl, member.token, '/invitations/')}/accept`, member.token);
  const { project } = await call<{ project: { id: string } }>(baseUrl, 'POST', `/orgs/${organization.id}/projects`, owner.token, { name: names.project });
  return { owner, member, projectId: project.id };
}

/** Signs in through the form and waits until the app has moved on from the sign-in page. */
export async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** A desktop-sized browser context of its own, signed in as `email`; close it with `page.context().close()`. */
export async function signedInPage(browser: Browser, baseUrl: string, email: string, colorScheme: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, colorScheme });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await signIn(page, baseUrl, email);
  return page;
}

/** Saves screenshots of a page under `screenshotDir` by name. */
export function screenshots(screenshotDir: string): (page: Page, name: string) => Promise<Buffer> {
  return (page, name) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}
