import type { ResourcePolicy } from '../../platform/policy/index.ts';

/** The streams of an organisation as a whole: who may list them, start new ones and write points by name. */
export interface StreamCollectionResource {
  type: 'stream_collection';
  orgId: string;
}

export interface StreamResource {
  type: 'stream';
  orgId: string;
  streamId: string;
}

export const streamCollectionResource = (orgId: string): StreamCollectionResource => ({ type: 'stream_collection', orgId });
export const streamResource = (stream: { id: string; orgId: string }): StreamResource => ({ type: 'stream', orgId: stream.orgId, streamId: stream.id });

export const streamCollectionPolicy = {
  type: 'stream_collection',
  module: 'dashboards',
  actions: {
    list: { role: 'viewer', scope: 'read' },
    create: { role: 'member', scope: 'write' },
    /** Alert rules and silences: members set them up for the streams they read. */
    manageAlerts: { role: 'member', scope: 'write' },
    /** MQTT sources hold broker addresses and credentials. */
    manageSources: { role: 'admin', scope: 'admin' },
  },
} satisfies ResourcePolicy<StreamCollectionResource>;

/** `write` covers ingesting points, which may add fields and tag keys; `manage` renames, sets retention and deletes. */
export const streamPolicy = {
  type: 'stream',
  module: 'dashboards',
  actions: {
    read: { role: 'viewer', scope: 'read' },
    write: { role: 'member', scope: 'write' },
    manage: { role: 'admin', scope: 'admin' },
  },
} satisfies ResourcePolicy<StreamResource>;
