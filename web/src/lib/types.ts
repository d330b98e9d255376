/** Response shapes of /api/v1, inferred from the zod schemas the server validates with. */
import type { z } from 'zod';
import type {
  deviceSessionSchema,
  enrollmentSchema,
  linkedAccountSchema,
  meSchema,
  oauthProvidersSchema,
  signedInSchema,
  userSchema,
} from '../../../common/auth.ts';
import type {
  apiKeySchema,
  auditEventSchema,
  createdApiKeySchema,
  invitationPreviewSchema,
  invitationSchema,
  memberSchema,
  organizationDetailSchema,
  organizationWithRoleSchema,
  outboxMessageSchema,
  teamDetailSchema,
  teamSchema,
} from '../../../common/organizations.ts';

export type { ApiKeyScope, Role } from '../../../common/organizations.ts';

export type User = z.infer<typeof userSchema>;
export type Me = z.infer<typeof meSchema>;
export type Membership = Me['memberships'][number];
export type AuthSuccess = z.infer<typeof signedInSchema>;
export type LoginResult = AuthSuccess | { twoFactorRequired: true; challengeToken: string };
export type TwoFactorEnrollment = z.infer<typeof enrollmentSchema>;
export type DeviceSession = z.infer<typeof deviceSessionSchema>;
export type OAuthProvider = z.infer<typeof oauthProvidersSchema>['providers'][number];
export type LinkedAccount = z.infer<typeof linkedAccountSchema>;

export type OrganizationWithRole = z.infer<typeof organizationWithRoleSchema>;
export type OrganizationDetail = z.infer<typeof organizationDetailSchema>;
export type Member = z.infer<typeof memberSchema>;
export type Invitation = z.infer<typeof invitationSchema>;
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;
export type Team = z.infer<typeof teamSchema>;
export type TeamDetail = z.infer<typeof teamDetailSchema>;
export type ApiKey = z.infer<typeof apiKeySchema>;
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
export type AuditEvent = z.infer<typeof auditEventSchema>;
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
