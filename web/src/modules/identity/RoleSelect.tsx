import { ROLES } from '../../../../common/roles.ts';
import type { Role } from '../../lib/types.ts';

export const roleDescriptions: Record<Role, string> = {
  owner: 'Full control, including deleting the organisation',
  admin: 'Manages members, teams, API keys and the audit log',
  member: 'Works in projects and teams',
  viewer: 'Read-only access',
};

/** Roles the acting user may hand out: only owners appoint owners. */
export function assignableRoles(actorRole: Role): readonly Role[] {
  return actorRole === 'owner' ? ROLES : ROLES.filter((role) => role !== 'owner');
}

export function RoleSelect({ value, roles, onChange, label, disabled }: { value: Role; roles: readonly Role[]; onChange: (role: Role) => void; label: string; disabled?: boolean }) {
  return (
    <select
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value as Role)}
      className="h-8 rounded-lg border border-border bg-surface px-2 text-[13px] capitalize shadow-card disabled:opacity-60"
    >
      {(roles.includes(value) ? roles : [value, ...roles]).map((role) => (
        <option key={role} value={role} className="capitalize">
          {role}
        </option>
      ))}
    </select>
  );
}
