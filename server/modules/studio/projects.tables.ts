import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { PROJECT_ROLES, PROJECT_STATUSES, PROJECT_VISIBILITIES } from '../../../common/studio.ts';
import { organizations, users } from '../identity/tables.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: PROJECT_STATUSES }).notNull().default('active'),
    visibility: text('visibility', { enum: PROJECT_VISIBILITIES }).notNull().default('organization'),
    coverFileId: uuid('cover_file_id'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    archivedAt: at('archived_at'),
  },
  (t) => [
    index('projects_org_status_created_idx').on(t.orgId, t.status, t.createdAt, t.id),
    index('projects_org_name_idx').on(t.orgId, sql`lower(${t.name})`),
  ],
);

/** A person's place in a project: it narrows their organisation role (never raises it) and admits them to private projects. */
export const projectMembers = pgTable(
  'project_members',
  {
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: PROJECT_ROLES }).notNull(),
    addedAt: at('added_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index('project_members_user_idx').on(t.userId)],
);
