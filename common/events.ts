import type { LivePoint } from './dashboards-streams.ts';

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
  'document.created': { orgId: string; projectId: string; actorId: string; documentId: string; kind: 'text' | 'board' };
  'document.deleted': { orgId: string; projectId: string; actorId: string; documentId: string };
  'message.posted': { orgId: string; projectId: string; actorId: string; channelId: string; messageId: string; sequence: number; parentId: string | null; mentions: string[]; attachmentIds: string[] };
  'message.edited': { orgId: string; projectId: string; actorId: string; channelId: string; messageId: string };
  'message.deleted': { orgId: string; projectId: string; actorId: string; channelId: string; messageId: string };
  'file.uploaded': { orgId: string; projectId: string; actorId: string; fileId: string; versionId: string; versionNumber: number; name: string; mimeType: string; sizeBytes: number };
  'file.downloaded': { orgId: string; projectId: string; actorId: string; fileId: string; versionId: string };
  'file.deleted': { orgId: string; projectId: string; actorId: string; fileId: string };
  'file.restored': { orgId: string; projectId: string; actorId: string; fileId: string };
  'file.purged': { orgId: string; projectId: string; fileId: string; actorId: string | null };
  'comment.created': { orgId: string; projectId: string; actorId: string; commentId: string; threadId: string; fileId: string | null; mentions: string[] };
  'comment.resolved': { orgId: string; projectId: string; actorId: string; commentId: string };

  // dashboards: one event per written batch, not per point.
  'stream.created': { orgId: string; streamId: string; actorId: string; name: string };
  'stream.deleted': { orgId: string; streamId: string; actorId: string };
  'stream.points_written': { orgId: string; streamId: string; count: number; fromMs: number; toMs: number };
  /** The points themselves, published only while someone watches the stream live (see live.ts). */
  'stream.points': { streamId: string; points: LivePoint[] };
  /** An alert rule started firing or resolved (not sent while silenced); `userIds` are to be told in the app. */
  'alert.state_changed': { orgId: string; ruleId: string; ruleName: string; state: 'firing' | 'resolved'; value: number | null; message: string; userIds: string[] };
  /** An MQTT source was added, changed or removed: nodes running subscriptions reconcile. */
  'mqtt_source.changed': { orgId: string; sourceId: string };
}

export type DomainEventName = keyof DomainEvents;
