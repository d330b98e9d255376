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

  // studio: `actorId` is who did it; every event names its organisation and project.
  'project.created': { orgId: string; projectId: string; actorId: string; name: string };
  'project.updated': { orgId: string; projectId: string; actorId: string };
  'project.archived': { orgId: string; projectId: string; actorId: string };
  'project.restored': { orgId: string; projectId: string; actorId: string };
  'project.deleted': { orgId: string; projectId: string; actorId: string };
  'project.member_changed': { orgId: string; projectId: string; actorId: string; userId: string; role: string | null };
}

export type DomainEventName = keyof DomainEvents;
