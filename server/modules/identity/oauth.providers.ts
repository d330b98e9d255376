import type { OAuthProviderId } from '../../../common/auth.ts';
import type { Config, OAuthProviderConfig } from '../../config.ts';

export interface OAuthProfile {
  providerUserId: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

export interface OAuthEndpoints {
  authorization: string;
  token: string;
}

/** One OAuth 2.0 provider: where to send the browser, where to redeem the code, and how to read who signed in. */
export interface OAuthProvider {
  id: OAuthProviderId;
  name: string;
  scopes: string[];
  credentials: OAuthProviderConfig;
  endpoints(): Promise<OAuthEndpoints>;
  fetchProfile(accessToken: string): Promise<OAuthProfile>;
}

const REQUEST_TIMEOUT_MS = 10_000;

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/**
 * Google through OpenID Connect discovery, so the same code talks to accounts.google.com or, when
 * `baseUrl` is set, to any OAuth 2.0 / OIDC server (a local one in tests).
 */
function google(credentials: OAuthProviderConfig): OAuthProvider {
  const issuer = (credentials.baseUrl ?? 'https://accounts.google.com').replace(/\/$/, '');
  let discovery: Promise<{ authorization_endpoint: string; token_endpoint: string; userinfo_endpoint: string }> | undefined;
  const discover = () => {
    discovery ??= getJson(`${issuer}/.well-known/openid-configuration`, {}).then((doc) => doc as never);
    discovery.catch(() => (discovery = undefined));
    return discovery;
  };
  return {
    id: 'google',
    name: 'Google',
    scopes: ['openid', 'email', 'profile'],
    credentials,
    async endpoints() {
      const doc = await discover();
      return { authorization: doc.authorization_endpoint, token: doc.token_endpoint };
    },
    async fetchProfile(accessToken) {
      const doc = await discover();
      const info = (await getJson(doc.userinfo_endpoint, { authorization: `Bearer ${accessToken}` })) as Record<string, unknown>;
      const sub = str(info.sub);
      if (!sub) throw new Error('userinfo has no subject');
      return { providerUserId: sub, email: str(info.email), emailVerified: info.email_verified === true, name: str(info.name) };
    },
  };
}

/** GitHub's OAuth app flow and REST API; `baseUrl` and `apiUrl` point both elsewhere in tests. */
function github(credentials: OAuthProviderConfig): OAuthProvider {
  const base = (credentials.baseUrl ?? 'https://github.com').replace(/\/$/, '');
  const api = (credentials.apiUrl ?? 'https://api.github.com').replace(/\/$/, '');
  const headers = (accessToken: string) => ({
    authorization: `Bearer ${accessToken}`,
    accept: 'application/vnd.github+json',
    'user-agent': 'Fluxworks',
  });
  return {
    id: 'github',
    name: 'GitHub',
    scopes: ['read:user', 'user:email'],
    credentials,
    async endpoints() {
      return { authorization: `${base}/login/oauth/authorize`, token: `${base}/login/oauth/access_token` };
    },
    async fetchProfile(accessToken) {
      const user = (await getJson(`${api}/user`, headers(accessToken))) as Record<string, unknown>;
      if (typeof user.id !== 'number' && typeof user.id !== 'string') throw new Error('GitHub user has no id');
      const emails = (await getJson(`${api}/user/emails`, headers(accessToken))) as { email: string; primary: boolean; verified: boolean }[];
      const primary = Array.isArray(emails) ? (emails.find((e) => e.primary && e.verified) ?? emails.find((e) => e.primary)) : undefined;
      return {
        providerUserId: String(user.id),
        email: primary?.email ?? str(user.email),
        emailVerified: primary?.verified === true,
        name: str(user.name) ?? str(user.login),
      };
    },
  };
}

/** The providers configured in this deployment, in display order. */
export function configuredProviders(config: Config): Map<OAuthProviderId, OAuthProvider> {
  const providers = new Map<OAuthProviderId, OAuthProvider>();
  if (config.oauth.google) providers.set('google', google(config.oauth.google));
  if (config.oauth.github) providers.set('github', github(config.oauth.github));
  return providers;
}
