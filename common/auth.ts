import { z } from 'zod';
import { limits } from './limits.ts';

/** Why a password is refused, as the stable error code both the form and the server report. */
export type PasswordProblem = 'password_too_short' | 'password_too_long';

export function passwordProblem(password: string): PasswordProblem | undefined {
  if (password.length < limits.password.min) return 'password_too_short';
  if (password.length > limits.password.max) return 'password_too_long';
  return undefined;
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isValidEmail(email: string): boolean {
  return email.length <= limits.email.max && EMAIL_SHAPE.test(email);
}

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  emailVerified: z.boolean(),
  twoFactorEnabled: z.boolean(),
  isPlatformAdmin: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const membershipSchema = z.object({
  organization: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }),
  role: z.enum(['owner', 'admin', 'member', 'viewer']),
});

export const meSchema = z.object({ user: userSchema, memberships: z.array(membershipSchema) });
export type Me = z.infer<typeof meSchema>;

// Passwords and emails are bounded loosely here and checked rule by rule by the service,
// so each rule answers with its own code (password_too_short, email_invalid...).
const passwordInput = z.string().max(4096);
const emailInput = z.string().trim().max(1024);

export const registerBody = z.object({
  email: emailInput,
  password: passwordInput,
  displayName: z.string().trim().min(limits.displayName.min).max(limits.displayName.max),
});
export const loginBody = z.object({ email: emailInput, password: passwordInput });
export const twoFactorLoginBody = z.object({ challengeToken: z.string().min(1).max(4096), code: z.string().trim().min(1).max(64) });
export const tokenBody = z.object({ token: z.string().min(1).max(256) });
export const forgotPasswordBody = z.object({ email: emailInput });
export const resetPasswordBody = z.object({ token: z.string().min(1).max(256), password: passwordInput });
export const updateMeBody = z.object({ displayName: z.string().trim().min(limits.displayName.min).max(limits.displayName.max) });
export const changePasswordBody = z.object({ currentPassword: passwordInput, newPassword: passwordInput });
export const changeEmailBody = z.object({ newEmail: emailInput, currentPassword: passwordInput });
export const totpCodeBody = z.object({ code: z.string().trim().min(1).max(64) });
export const disableTwoFactorBody = z.object({ password: passwordInput, code: z.string().trim().min(1).max(64) });

export const signedInSchema = z.object({ accessToken: z.string(), expiresIn: z.number().int(), user: userSchema });
export const loginResultSchema = z.union([
  signedInSchema,
  z.object({ twoFactorRequired: z.literal(true), challengeToken: z.string() }),
]);
export type SignedIn = z.infer<typeof signedInSchema>;

export const enrollmentSchema = z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() });
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const deviceSessionSchema = z.object({
  id: z.uuid(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  current: z.boolean(),
});

export const OAUTH_PROVIDERS = ['google', 'github'] as const;
export type OAuthProviderId = (typeof OAUTH_PROVIDERS)[number];
export const oauthProvidersSchema = z.object({ providers: z.array(z.object({ id: z.enum(OAUTH_PROVIDERS), name: z.string() })) });
export const linkedAccountSchema = z.object({ provider: z.enum(OAUTH_PROVIDERS), email: z.string().nullable(), createdAt: z.string() });
