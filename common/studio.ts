import { z } from 'zod';
import { studioLimits } from './limits.ts';
import { roleSchema, userSummarySchema } from './organizations.ts';

export { pageQuerySchema, pageSchema } from './organizations.ts';

const id = z.uuid();
const timestamp = z.iso.datetime();

export const PROJECT_STATUSES = ['active', 'archived'] as const;
/** `organization`: every member of the organisation sees it. `private`: only its members and organisation admins. */
export const PROJECT_VISIBILITIES = ['organization', 'private'] as const;
/** Roles a project membership may set; a project only narrows the organisation role, never raises it. */
export const PROJECT_ROLES = ['admin', 'member', 'viewer'] as const;

export const projectStatusSchema = z.enum(PROJECT_STATUSES);
export const projectVisibilitySchema = z.enum(PROJECT_VISIBILITIES);
export const projectRoleSchema = z.enum(PROJECT_ROLES);
export type ProjectStatus = z.infer<typeof projectStatusSchema>;
export type ProjectVisibility = z.infer<typeof projectVisibilitySchema>;
export type ProjectRole = z.infer<typeof projectRoleSchema>;

/** What the actor may do in a project, so the UI hides what it may not. */
export const projectPoliciesSchema = z.record(z.string(), z.boolean());

export const projectSchema = z.object({
  id,
  orgId: id,
  name: z.string(),
  description: z.string(),
  status: projectStatusSchema,
  visibility: projectVisibilitySchema,
  /** A file of the project shown as its cover (its thumbnail), or null. */
  coverFileId: id.nullable(),
  /** A short-lived URL of the cover's thumbnail; null without a cover or while its preview is not ready. */
  coverUrl: z.string().nullable(),
  createdBy: userSummarySchema.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  archivedAt: timestamp.nullable(),
});
export type Project = z.infer<typeof projectSchema>;

export const projectDetailSchema = z.object({ project: projectSchema, role: roleSchema, policies: projectPoliciesSchema });
export type ProjectDetail = z.infer<typeof projectDetailSchema>;

const projectName = z.string().trim().min(studioLimits.projectName.min).max(studioLimits.projectName.max);
const projectDescription = z.string().trim().max(studioLimits.projectDescription.max);

export const createProjectBodySchema = z.object({
  name: projectName,
  description: projectDescription.default(''),
  visibility: projectVisibilitySchema.default('organization'),
});
export type CreateProjectBody = z.input<typeof createProjectBodySchema>;

export const updateProjectBodySchema = z
  .object({ name: projectName, description: projectDescription, visibility: projectVisibilitySchema, coverFileId: id.nullable() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change' });
export type UpdateProjectBody = z.input<typeof updateProjectBodySchema>;

export const projectListQuerySchema = z.object({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Matches name or description, case-insensitive. */
  q: z.string().trim().max(studioLimits.projectSearch.max).optional(),
  status: projectStatusSchema.default('active'),
});
export type ProjectListQuery = z.input<typeof projectListQuerySchema>;

export const projectMemberSchema = z.object({
  user: userSummarySchema,
  /** The role the project grants: the organisation role, narrowed by the project membership when it sets one. */
  role: roleSchema,
  organizationRole: roleSchema,
  projectRole: projectRoleSchema.nullable(),
  addedAt: timestamp.nullable(),
});
export type ProjectMember = z.infer<typeof projectMemberSchema>;

export const setProjectMemberBodySchema = z.object({ userId: id, role: projectRoleSchema });
export type SetProjectMemberBody = z.infer<typeof setProjectMemberBodySchema>;
