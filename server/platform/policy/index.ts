import { ROLES, SCOPE_LEVELS, type Role, type ScopeLevel } from '../../../common/organizations.ts';
import type { Actor } from '../auth/actor.ts';
import type { Cache } from '../cache/index.ts';
import { AppError, forbidden } from '../http/errors.ts';

/** Anything guarded by a policy: it always belongs to one organisation. */
export interface PolicyResource {
  type: string;
  orgId: string;
}

export interface RuleContext<R extends PolicyResource> {
  actor: Actor;
  role: Role;
  resource: R;
}

export interface ActionRule<R extends PolicyResource = PolicyResource> {
  /** The weakest role allowed to do it. */
  role: Role;
  /** The API key scope level that covers it. */
  scope: ScopeLevel;
  /** API keys may never do it (managing keys, deleting an organisation). */
  userOnly?: boolean;
  /** A condition beyond the role, e.g. "only the author may edit". */
  when?: (context: RuleContext<R>) => boolean;
}

export interface ResourcePolicy<R extends PolicyResource = PolicyResource> {
  type: R['type'];
  /** The module that owns the resource; API key scopes like `studio:write` are narrowed to it. */
  module: string;
  actions: Record<string, ActionRule<R>>;
  /**
   * The actor's role on this particular resource, given their organisation role: a project may
   * narrow a member to viewer, or hide itself from non-members (undefined reads as "no access", a 404).
   * Without it the organisation role applies.
   */
  roleOn?: (actor: Actor, orgRole: Role, resource: R) => Promise<Role | undefined>;
}

/** Finds a user's role in an organisation; undefined when they are not a member. */
export type RoleResolver = (userId: string, orgId: string) => Promise<Role | undefined>;

export interface Policies {
  /** Registers the rules of one resource type; each module calls it for its own types. */
  define<R extends PolicyResource>(policy: ResourcePolicy<R>): void;
  /** The identity module tells the policy layer how to read memberships. */
  setRoleResolver(resolver: RoleResolver): void;
  /** The actor's effective role in an organisation (undefined for non-members and keys of other organisations). */
  roleOf(actor: Actor, orgId: string): Promise<Role | undefined>;
  /** Drops the cached role after a membership changes. */
  forgetRole(orgId: string, userId: string): Promise<void>;
  can<R extends PolicyResource>(actor: Actor, action: string, resource: R): Promise<boolean>;
  /**
   * Throws 404 `<type>_not_found` when the actor is not a member of the resource's organisation
   * (existence never leaks) and 403 `forbidden` when a member lacks the right; returns the role.
   */
  authorize<R extends PolicyResource>(actor: Actor, action: string, resource: R): Promise<Role>;
  /** Every action of the resource's type mapped to whether the actor may do it. */
  policiesFor<R extends PolicyResource>(actor: Actor, resource: R): Promise<Record<string, boolean>>;
}

const ROLE_CACHE_TTL_SECONDS = 60;
const roleCacheKey = (orgId: string, userId: string) => `policy:role:${orgId}:${userId}`;

const roleRank = (role: Role) => ROLES.length - ROLES.indexOf(role);
/** Whether `role` is at least as strong as `required`. */
export const hasRole = (role: Role, required: Role) => roleRank(role) >= roleRank(required);

const levelRank = (level: ScopeLevel) => SCOPE_LEVELS.length - SCOPE_LEVELS.indexOf(level);

/** Whether a key's scopes cover `level` in `module`: `write` covers every module, `studio:write` only studio. */
export function scopesCover(scopes: readonly string[], module: string, level: ScopeLevel): boolean {
  return scopes.some((scope) => {
    const separator = scope.indexOf(':');
    const scopeLevel = scope.slice(separator + 1);
    if (separator !== -1 && scope.slice(0, separator) !== module) return false;
    return (SCOPE_LEVELS as readonly string[]).includes(scopeLevel) && levelRank(scopeLevel as ScopeLevel) >= levelRank(level);
  });
}

/** The strongest scope level a role may hand to an API key. */
export function maxScopeLevelFor(role: Role): ScopeLevel {
  if (hasRole(role, 'admin')) return 'admin';
  return role === 'member' ? 'write' : 'read';
}

export function createPolicies(cache: Cache): Policies {
  const registry = new Map<string, ResourcePolicy>();
  let resolveRole: RoleResolver = async () => undefined;

  const lookupRole = async (userId: string, orgId: string): Promise<Role | undefined> => {
    const key = roleCacheKey(orgId, userId);
    const cached = await cache.get<{ role: Role | null }>(key);
    if (cached) return cached.role ?? undefined;
    const role = await resolveRole(userId, orgId);
    await cache.set(key, { role: role ?? null }, ROLE_CACHE_TTL_SECONDS);
    return role;
  };

  const policyOf = (type: string): ResourcePolicy => {
    const policy = registry.get(type);
    if (!policy) throw new Error(`No policy is defined for resource type "${type}"`);
    return policy;
  };

  /** Why the actor may not do it, or undefined when it may. */
  const denial = (policy: ResourcePolicy, rule: ActionRule, actor: Actor, role: Role, resource: PolicyResource): string | undefined => {
    if (!hasRole(role, rule.role)) return `Your role does not allow this; it needs ${rule.role} or above`;
    if (actor.type === 'api_key') {
      if (rule.userOnly) return 'API keys may not do this; sign in as a user';
      if (!scopesCover(actor.scopes, policy.module, rule.scope)) return `This API key lacks the "${rule.scope}" scope this needs`;
    }
    if (rule.when && !rule.when({ actor, role, resource })) return 'You may not do this';
    return undefined;
  };

  const effectiveRole = async (policy: ResourcePolicy, actor: Actor, resource: PolicyResource): Promise<Role | undefined> => {
    const orgRole = await policies.roleOf(actor, resource.orgId);
    if (orgRole === undefined || !policy.roleOn) return orgRole;
    return policy.roleOn(actor, orgRole, resource);
  };

  const policies: Policies = {
    define(policy) {
      if (registry.has(policy.type)) throw new Error(`A policy for "${policy.type}" is already defined`);
      registry.set(policy.type, policy as unknown as ResourcePolicy);
    },
    setRoleResolver(resolver) {
      resolveRole = resolver;
    },
    async roleOf(actor, orgId) {
      if (actor.type === 'api_key' && actor.orgId !== orgId) return undefined;
      return lookupRole(actor.userId, orgId);
    },
    async forgetRole(orgId, userId) {
      await cache.delete(roleCacheKey(orgId, userId));
    },
    async can(actor, action, resource) {
      const policy = policyOf(resource.type);
      const rule = ruleOf(policy, action);
      const role = await effectiveRole(policy, actor, resource);
      return role !== undefined && denial(policy, rule, actor, role, resource) === undefined;
    },
    async authorize(actor, action, resource) {
      const policy = policyOf(resource.type);
      const rule = ruleOf(policy, action);
      const role = await effectiveRole(policy, actor, resource);
      if (!role) throw new AppError(`${resource.type}_not_found`, 404, `No such ${resource.type.replace(/_/g, ' ')}`);
      const reason = denial(policy, rule, actor, role, resource);
      if (reason) throw forbidden(reason);
      return role;
    },
    async policiesFor(actor, resource) {
      const policy = policyOf(resource.type);
      const role = await effectiveRole(policy, actor, resource);
      return Object.fromEntries(
        Object.entries(policy.actions).map(([action, rule]) => [action, role !== undefined && denial(policy, rule, actor, role, resource) === undefined]),
      );
    },
  };
  return policies;
}

function ruleOf(policy: ResourcePolicy, action: string): ActionRule {
  const rule = policy.actions[action];
  if (!rule) throw new Error(`No rule for action "${action}" on "${policy.type}"`);
  return rule;
}
