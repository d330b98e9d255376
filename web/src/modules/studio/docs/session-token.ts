import { onSessionChange, refreshSession } from '../../../lib/api.ts';

let accessToken: string | null = null;
onSessionChange((session) => {
  accessToken = session?.accessToken ?? null;
});

/** The access token for the collaboration socket and downloads; a page opened before this module loaded refreshes it once. */
export async function currentAccessToken(): Promise<string> {
  if (accessToken) return accessToken;
  return (await refreshSession())?.accessToken ?? '';
}

/** After the server refused an expired token: a fresh one from the refresh cookie. */
export async function renewedAccessToken(): Promise<string> {
  return (await refreshSession())?.accessToken ?? '';
}
