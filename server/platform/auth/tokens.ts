import { jwtVerify, SignJWT } from 'jose';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const VERIFIED_CACHE_SIZE = 10_000;

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

interface VerifiedToken {
  claims: AccessClaims;
  expiresAt: number;
}

/** Short-lived access JWTs (HS256). Refresh tokens are opaque and live in the identity module. */
export function createAccessTokens(secret: string) {
  const key = new TextEncoder().encode(secret);
  // A token's signature is checked once; later requests with the same token reuse the result
  // until the token expires. Revocation is checked separately on every request.
  const verified = new Map<string, VerifiedToken>();
  // A keep-alive connection sends the same token request after request. Finding it in `verified`
  // hashes all of its ~250 characters each time; comparing it with the last token the connection
  // sent is a string comparison (docs/benchmarks.md). Keyed by the connection, so it goes with it.
  const lastOnConnection = new WeakMap<object, { token: string; known: VerifiedToken }>();
  const remember = (token: string, claims: AccessClaims, expiresAt: number) => {
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(token, { claims, expiresAt });
  };
  const recall = (token: string, connection?: object): AccessClaims | undefined => {
    const last = connection && lastOnConnection.get(connection);
    let known: VerifiedToken | undefined;
    if (last?.token === token) known = last.known;
    else {
      known = verified.get(token);
      if (known && connection) lastOnConnection.set(connection, { token, known });
    }
    if (!known) return undefined;
    if (known.expiresAt > Date.now()) return known.claims;
    verified.delete(token);
    return undefined;
  };
  return {
    async sign(claims: AccessClaims): Promise<string> {
      return new SignJWT({ sid: claims.sessionId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.userId)
        .setIssuedAt()
        .setIssuer('fluxworks')
        .setAudience('fluxworks')
        .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
        .sign(key);
    },
    /**
     * The claims of a token this process already verified, while it is unexpired; synchronous, so
     * the per-request path skips a promise. Undefined means "call verify()", not "invalid".
     * `connection` (the request's socket) makes a token the connection sent last cheaper to find.
     */
    recall,
    /** Returns the claims, or undefined for a token that is invalid or expired. */
    async verify(token: string): Promise<AccessClaims | undefined> {
      const known = recall(token);
      if (known) return known;
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: 'fluxworks', audience: 'fluxworks' });
        if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') return undefined;
        const claims = { userId: payload.sub, sessionId: payload.sid };
        remember(token, claims, payload.exp * 1000);
        return claims;
      } catch {
        return undefined;
      }
    },
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
