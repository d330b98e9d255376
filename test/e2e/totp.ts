import { execFileSync } from 'node:child_process';

/** The current TOTP code for a base32 secret, from oathtool as any user's authenticator would compute it. */
export function totp(secret: string): string {
  return execFileSync('oathtool', ['--totp', '-b', secret.replace(/\s/g, '')], { encoding: 'utf8' }).trim();
}

/** A code different from `used`: the server accepts each time step once, so this waits for the next step. */
export async function freshTotp(secret: string, used: string): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const code = totp(secret);
    if (code !== used) return code;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('oathtool kept returning the code that was already used');
}
