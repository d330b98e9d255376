import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Server } from 'oauth2-mock-server';

/** Local stand-ins for Google and GitHub: real OAuth 2.0 servers (oauth2-mock-server) plus GitHub's REST shape. */

export interface GoogleProfile {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface GitHubProfile {
  user: { id: number; login: string; name: string | null; email: string | null };
  emails: { email: string; primary: boolean; verified: boolean }[];
}

export async function startGoogle() {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  let profile: GoogleProfile = { sub: 'unset' };
  server.service.on('beforeUserinfo', (response: { body: unknown }) => {
    response.body = profile;
  });
  return {
    url: server.issuer.url!,
    setProfile(next: GoogleProfile) {
      profile = next;
    },
    stop: () => server.stop(),
  };
}

export async function startGitHub() {
  const oauth = new OAuth2Server(undefined, undefined, {
    endpoints: { authorize: '/login/oauth/authorize', token: '/login/oauth/access_token' },
  });
  await oauth.issuer.keys.generate('RS256');
  await oauth.start(0, '127.0.0.1');
  const issued = new Set<string>();
  oauth.service.on('beforeResponse', (response: { body: unknown }) => {
    issued.add((response.body as { access_token: string }).access_token);
  });

  let profile: GitHubProfile = { user: { id: 0, login: 'unset', name: null, email: null }, emails: [] };
  // The API answers only to access tokens the OAuth server really issued.
  const api: Server = createServer((req, res) => {
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    if (!token || !issued.has(token)) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Bad credentials' }));
      return;
    }
    const body = req.url === '/user' ? profile.user : req.url === '/user/emails' ? profile.emails : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? { message: 'Not Found' }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  return {
    url: oauth.issuer.url!,
    apiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
    setProfile(next: GitHubProfile) {
      profile = next;
    },
    async stop() {
      await oauth.stop();
      await new Promise((resolve) => api.close(resolve));
    },
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A minimal browser: follows redirects one by one and keeps the cookies the app sets. */
export class Browser {
  readonly cookies = new Map<string, string>();
  private readonly appOrigin: string;

  constructor(appOrigin: string) {
    this.appOrigin = appOrigin;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Navigates from `url` until the app sends the browser to a page of the web app; returns that URL. */
  async navigate(url: string, headers: Record<string, string> = {}): Promise<URL> {
    let current = new URL(url);
    for (let hop = 0; hop < 10; hop++) {
      const sameOrigin = current.origin === this.appOrigin;
      const res = await fetch(current, { redirect: 'manual', headers: sameOrigin ? { ...headers, cookie: this.cookieHeader() } : {} });
      if (sameOrigin) this.store(res.headers.getSetCookie());
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) throw new Error(`navigation stopped at ${current} with ${res.status}: ${await res.text()}`);
      current = new URL(location, current);
      if (current.origin === this.appOrigin && !current.pathname.startsWith('/api/')) return current;
    }
    throw new Error('too many redirects');
  }

  private store(setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair, ...attributes] = header.split(';');
      const [name, ...value] = pair!.split('=');
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value.join('=') === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join('='));
    }
  }
}
