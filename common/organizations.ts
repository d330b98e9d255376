import { z } from 'zod';
import { limits } from './limits.ts';
import { ROLES, SCOPE_LEVELS, SCOPE_MODULES } from './roles.ts';

export { ROLES, SCOPE_LEVELS, SCOPE_MODULES };
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

/** Every scope an API key may carry: a level for the whole platform, or a level in one module. */
export const API_KEY_SCOPES = [...SCOPE_LEVELS, ...SCOPE_MODULES.flatMap((m) => SCOPE_LEVELS.map((l) => `${m}:${l}` as const))] as const;
export const API_KEY_MAX_TTL_DAYS = 365;
export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

const timestamp = z.iso.datetime();
const id = z.uuid();

export const organizationSchema = z.object({ id, name: z.string(), slug: z.string(), createdAt: timestamp });
export type Organization = z.infer<typeof organizationSchema>;

/** What the signed-in actor may do in an organisation, so the UI hides what it may not. */
export const organizationPoliciesSchema = z.record(z.string(), z.boolean());

export const organizationWithRoleSchema = z.object({ organization: organizationSchema, role: roleSchema });
export type OrganizationWithRole = z.infer<typeof organizationWithRoleSchema>;
export const organizationDetailSchema = organizationWithRoleSchema.extend({ policies: organizationPoliciesSchema });
export type OrganizationDetail = z.infer<typeof organizationDetailSchema>;

export const organizationNameSchema = z.string().trim().min(limits.organizationName.min).max(limits.organizationName.max);
export const createOrganizationBodySchema = z.object({ name: organizationNameSchema });
export const updateOrganizationBodySchema = z.object({ name: organizationNameSchema });

export const userSummarySchema = z.object({ id, email: z.string(), displayName: z.string() });

export const memberSchema = z.object({ user: userSummarySchema, role: roleSchema, joinedAt: timestamp });
export type Member = z.infer<typeof memberSchema>;
export const changeRoleBodySchema = z.object({ role: roleSchema });

export const invitationStatusSchema = z.enum(['pending', 'expired']);
export const invitationSchema = z.object({
  id,
  email: z.string(),
  role: roleSchema,
  status: invitationStatusSchema,
  invitedBy: userSummarySchema.nullable(),
  expiresAt: timestamp,
  createdAt: timestamp,
});
export type Invitation = z.infer<typeof invitationSchema>;
export const createInvitationBodySchema = z.object({
  email: z.email().max(limits.email.max).transform((e) => e.trim()),
  role: roleSchema,
});
export const invitationPreviewSchema = z.object({
  organization: z.object({ id, name: z.string(), slug: z.string() }),
  email: z.string(),
  role: roleSchema,
  expiresAt: timestamp,
});
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;

export const teamNameSchema = z.string().trim().min(limits.teamName.min).max(limits.teamName.max);
export const teamSchema = z.object({ id, name: z.string(), memberCount: z.number().int(), createdAt: timestamp });
export type Team = z.infer<typeof teamSchema>;
export const teamMemberSchema = z.object({ user: userSummarySchema, addedAt: timestamp });
export const teamDetailSchema = z.object({ team: teamSchema, members: z.array(teamMemberSchema) });
export type TeamDetail = z.infer<typeof teamDetailSchema>;
export const createTeamBodySchema = z.object({ name: teamNameSchema });
export const updateTeamBodySchema = z.object({ name: teamNameSchema });
export const addTeamMemberBodySchema = z.object({ userId: id });

export const apiKeySchema = z.object({
  id,
  name: z.string(),
  /** The first characters of the secret, enough to recognise it. */
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdBy: userSummarySchema.nullable(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;
export const createApiKeyBodySchema = z.object({
  name: z.string().trim().min(limits.apiKeyName.min).max(limits.apiKeyName.max),
  scopes: z
    .array(apiKeyScopeSchema)
    .min(1)
    .refine((s) => new Set(s).size === s.length, 'Each scope may appear once'),
  expiresInDays: z.number().int().min(1).max(API_KEY_MAX_TTL_DAYS).optional(),
});
/** The secret appears in this response only; the server keeps a hash. */
export const createdApiKeySchema = z.object({ apiKey: apiKeySchema, secret: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const auditEventSchema = z.object({
  id: z.string(),
  action: z.string(),
  orgId: id.nullable(),
  actor: userSummarySchema.nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: timestamp,
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const pageQuerySchema = z.object({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(limits.pageSize.max).default(limits.pageSize.default),
});
export const auditQuerySchema = pageQuerySchema.extend({
  action: z.string().min(1).max(100).optional(),
  actorUserId: id.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const outboxMessageSchema = z.object({
  id,
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  transport: z.enum(['outbox', 'smtp']),
  status: z.enum(['stored', 'queued', 'sent', 'failed']),
  error: z.string().nullable(),
  createdAt: timestamp,
  sentAt: timestamp.nullable(),
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

/** A page of a cursor-paginated list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
