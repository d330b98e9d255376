import type { User } from '../../../common/auth.ts';
import type { UserRow } from './users.repository.ts';

export function presentUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    emailVerified: row.emailVerifiedAt !== null,
    twoFactorEnabled: row.totpEnabledAt !== null,
    isPlatformAdmin: row.isPlatformAdmin,
    createdAt: row.createdAt.toISOString(),
  };
}
