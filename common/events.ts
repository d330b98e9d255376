/**
 * Domain events published on the platform bus, one entry per event name.
 * Modules add their events here so publishers and subscribers share one type.
 */
export interface DomainEvents {
  'user.registered': { userId: string; email: string };
  'user.signed_in': { userId: string; sessionId: string };
  'organization.created': { orgId: string; ownerId: string };
  'membership.changed': { orgId: string; userId: string; role: string | null };
  'session.revoked': { sessionId: string; userId: string };
}

export type DomainEventName = keyof DomainEvents;
