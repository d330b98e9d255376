import { jwtVerify, SignJWT } from 'jose';

const AUDIENCE = 'fluxworks:2fa-challenge';
const TTL_SECONDS = 5 * 60;

/**
 * The short-lived proof that a password was right, exchanged with a second factor for a session.
 * Its own audience keeps it from ever passing as an access token.
 */
export function createChallengeTokens(secret: string) {
  const key = new TextEncoder().encode(secret);
  return {
    sign(userId: string): Promise<string> {
      return new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer('fluxworks')
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${TTL_SECONDS}s`)
        .sign(key);
    },
    /** The user id, or undefined when the token is forged, expired or of another kind. */
    async verify(token: string): Promise<string | undefined> {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: 'fluxworks', audience: AUDIENCE });
        return typeof payload.sub === 'string' ? payload.sub : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
