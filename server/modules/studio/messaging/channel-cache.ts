import type { StudioContext } from '../context.ts';
import type { ProjectAccess, ProjectBasics } from '../project-access.ts';
import { findChannelWithProject, participantsOf, type ChannelRow } from './repository.ts';

// Nothing in a channel reference ever changes, so the TTL only keeps the cache from holding channels nobody writes to.
const CHANNEL_CACHE_TTL_SECONDS = 3600;
const channelKey = (channelId: string) => `studio:chat-channel:${channelId}`;

/** What never changes about a channel; its sequence, which changes with every message, is not here. */
export interface ChannelRef {
  id: string;
  projectId: string;
  kind: ChannelRow['kind'];
  /** The two people of a direct conversation (set when it is opened, never changed); empty for a project channel. */
  participantIds: string[];
}

export interface ChannelInProject {
  channel: ChannelRef;
  project: ProjectBasics;
}

/**
 * Channels with their project's basics, read from the cache on every message. The project part is
 * forgotten whenever the project changes (`ProjectAccess.forgetProject`), so archiving or making a
 * project private takes effect at once; a deleted project's channels are gone with it, and its
 * basics are no longer found.
 */
export function channelCache(ctx: StudioContext, access: ProjectAccess) {
  async function load(channelId: string): Promise<ChannelInProject | undefined> {
    const found = await findChannelWithProject(ctx.db, channelId);
    if (!found) return undefined;
    const { channel } = found;
    const participantIds = channel.kind === 'direct' ? ((await participantsOf(ctx.db, [channel.id])).get(channel.id) ?? []) : [];
    const ref: ChannelRef = { id: channel.id, projectId: channel.projectId, kind: channel.kind, participantIds };
    const [project] = await Promise.all([access.rememberBasics(found.project), ctx.cache.set(channelKey(channel.id), ref, CHANNEL_CACHE_TTL_SECONDS)]);
    return { channel: ref, project };
  }

  return {
    /** The channel and its project's basics; undefined when either does not exist. */
    async find(channelId: string): Promise<ChannelInProject | undefined> {
      const channel = await ctx.cache.get<ChannelRef>(channelKey(channelId));
      if (!channel) return load(channelId);
      const project = await access.findBasics(channel.projectId);
      return project && { channel, project };
    },
  };
}
