// Plain values with no zod, so the web bundle can import them without shipping a validator.

/** Roles in an organisation, strongest first. */
export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;

/** The modules an API key scope may be narrowed to, e.g. `studio:write`. */
export const SCOPE_MODULES = ['identity', 'studio', 'dashboards', 'insights', 'automations', 'growth', 'agents', 'creative'] as const;

/** Scope levels; each includes the ones after it (admin covers write covers read). */
export const SCOPE_LEVELS = ['admin', 'write', 'read'] as const;
