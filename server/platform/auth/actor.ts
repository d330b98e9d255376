/** Who is making a request: a signed-in user on one device, or an API client acting with a scoped key. */
export type Actor =
  | { type: 'user'; userId: string; sessionId: string }
  | { type: 'api_key'; userId: string; keyId: string; orgId: string; scopes: string[] };

export const API_KEY_PREFIX = 'fwk_';
