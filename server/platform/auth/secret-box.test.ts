import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box.ts';

const secret = 'k'.repeat(48);

describe('secret box', () => {
  it('opens what it sealed, and never stores the plaintext', () => {
    const box = createSecretBox(secret, 'totp');
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP')).not.toBe(sealed);
  });

  it('refuses a value sealed with another key or purpose, or altered', () => {
    const sealed = createSecretBox(secret, 'totp').seal('JBSWY3DPEHPK3PXP');
    expect(createSecretBox('x'.repeat(48), 'totp').open(sealed)).toBeUndefined();
    expect(createSecretBox(secret, 'other').open(sealed)).toBeUndefined();
    const parts = sealed.split('.');
    parts[3] = `${parts[3]!.slice(0, -2)}AA`;
    expect(createSecretBox(secret, 'totp').open(parts.join('.'))).toBeUndefined();
    expect(createSecretBox(secret, 'totp').open('JBSWY3DPEHPK3PXP')).toBeUndefined();
  });
});
