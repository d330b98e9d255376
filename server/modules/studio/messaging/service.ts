import { userRoom } from '../../../../common/realtime.ts';
import {
  mentionedUserIds,
  messagingLimits,
  type CatchUpResult,
  type Channel,
  type Message,
  type MessageAttachment,
  type MessagePage,
  type SearchHit,
  type SendMessageBody,
} from '../../../../common/studio-messaging.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { AppError, forbidden } from '../../../platform/http/errors.ts';
import { directory } from '../../identity/directory.ts';
import type { ProjectEventDelivery } from '../comments/integrations.service.ts';
import type { NotificationInput, NotificationsService } from '../comments/notifications.service.ts';
import type { StudioContext } from '../context.ts';
import type { ProjectAccess, ProjectBasics } from '../project-access.ts';
import { channelCache, type ChannelInProject } from './channel-cache.ts';
import { presentChannel, presentExcerpt, presentMessage } from './presenter.ts';
import {
  addReaction,
  advanceReadSequence,
  changeMessage,
  ensureDirectChannel,
  ensureProjectChannel,
  findLastSequence,
  findMessage,
  findMessageByClientId,
  insertMessage,
  listChangesSince,
  listChannelSummaries,
  listHistory,
  participantsOf,
  reactionsOf,
  removeReaction,
  removeReactionsOf,
  searchMessages,
  type MessageRow,
} from './repository.ts';
import { channelRoom, MESSAGING_NAMESPACE } from './rooms.ts';

/** Checks that every file belongs to the project and describes it for display (the files area provides it). */
export type DescribeAttachments = (actor: Actor, projectId: string, fileIds: string[]) => Promise<MessageAttachment[]>;

export interface MessagingDependencies {
  access: ProjectAccess;
  notifications: Pick<NotificationsService, 'notify'>;
  /** The project's Slack and webhook integrations; they hear of project-channel messages, never of direct ones. */
  integrations: ProjectEventDelivery;
  describeAttachments: DescribeAttachments;
}

const channelNotFound = () => new AppError('channel_not_found', 404, 'No such conversation');
const messageNotFound = () => new AppError('message_not_found', 404, 'No such message');
const messageDeleted = () => new AppError('message_deleted', 409, 'This message was deleted');
/** Someone the policy layer can evaluate as a reader, for checking who a mention or a conversation may reach. */
const personAsActor = (userId: string): Actor => ({ type: 'user', userId, sessionId: '' });

function isUniqueViolation(err: unknown): boolean {
  const withCode = (value: unknown) => (value as { code?: unknown } | null)?.code === '23505';
  return withCode(err) || withCode((err as { cause?: unknown } | null)?.cause);
}

export function messagingService(ctx: StudioContext, deps: MessagingDependencies) {
  const { db, bus } = ctx;
  const { access } = deps;
  const channels = channelCache(ctx, access);
  const sockets = () => ctx.realtime.namespace(MESSAGING_NAMESPACE);
  /** Where the chat page opens a message: its channel, and its thread for a reply. */
  const linkTo = (message: MessageRow) => `/projects/${message.projectId}/chat?channel=${message.channelId}${message.parentId ? `&thread=${message.parentId}` : ''}`;

  /**
   * The channel, if the actor may do the action in its project (404 for people who cannot see
   * the project, as for a channel that does not exist; 403 for a viewer who writes). A direct
   * conversation opens only for its two people.
   */
  async function openChannel(actor: Actor, channelId: string, action: 'read' | 'contribute' | 'moderate'): Promise<ChannelInProject> {
    const found = await channels.find(channelId);
    if (!found) throw channelNotFound();
    const { channel } = found;
    const { project } = await access.authorizeLoaded(actor, found.project, action).catch((err: unknown) => {
      throw err instanceof AppError && err.status === 404 ? channelNotFound() : err;
    });
    if (channel.kind === 'direct' && !channel.participantIds.includes(actor.userId)) throw channelNotFound();
    return { channel, project };
  }

  async function openMessage(actor: Actor, messageId: string, action: 'read' | 'contribute'): Promise<ChannelInProject & { message: MessageRow }> {
    const message = await findMessage(db, messageId);
    if (!message) throw messageNotFound();
    const opened = await openChannel(actor, message.channelId, action).catch((err: unknown) => {
      throw err instanceof AppError && err.code === 'channel_not_found' ? messageNotFound() : err;
    });
    return { ...opened, message };
  }

  /** Pass `fresh` for messages just stored: they cannot have reactions yet. */
  async function present(rows: MessageRow[], fresh = false): Promise<Message[]> {
    const [authors, reactions] = await Promise.all([
      directory.cachedUserSummaries(db, ctx.cache, rows.flatMap((row) => (row.authorId ? [row.authorId] : []))),
      fresh
        ? []
        : reactionsOf(
            db,
            rows.map((row) => row.id),
          ),
    ]);
    return rows.map((row) => presentMessage(row, authors, reactions));
  }

  const presentOne = async (row: MessageRow) => (await present([row]))[0]!;

  /** The mentioned people who can read the channel: the project's readers, or the two people of a direct conversation. */
  async function reachableMentions({ channel, project }: ChannelInProject, body: string): Promise<string[]> {
    const mentioned = mentionedUserIds(body);
    if (mentioned.length === 0) return [];
    if (channel.kind === 'direct') return mentioned.filter((id) => channel.participantIds.includes(id));
    const allowed = await Promise.all(mentioned.map((id) => access.can(personAsActor(id), project, 'read')));
    return mentioned.filter((_, i) => allowed[i]);
  }

  async function channelViews(actor: Actor, projectId: string): Promise<Channel[]> {
    await ensureProjectChannel(db, projectId);
    const summaries = await listChannelSummaries(db, projectId, actor.userId);
    const participants = await participantsOf(
      db,
      summaries.filter((row) => row.channel.kind === 'direct').map((row) => row.channel.id),
    );
    const people = await directory.userSummaries(db, [...participants.values()].flat());
    return summaries.map((summary) =>
      presentChannel(
        { ...summary, participants: (participants.get(summary.channel.id) ?? []).flatMap((id) => people.get(id) ?? []) },
        actor.userId,
      ),
    );
  }

  function emitChanged(messages: Message[]): void {
    for (const message of messages) sockets().to(channelRoom(message.channelId)).emit('chat:message-changed', message);
  }

  return {
    /** The project's `general` channel and the actor's direct conversations in it, with unread counts. */
    async listChannels(actor: Actor, projectId: string): Promise<Channel[]> {
      await access.authorize(actor, projectId, 'read');
      return channelViews(actor, projectId);
    },

    async getChannel(actor: Actor, channelId: string): Promise<Channel> {
      const { channel } = await openChannel(actor, channelId, 'read');
      const views = await channelViews(actor, channel.projectId);
      return views.find((view) => view.id === channel.id)!;
    },

    /** The project's `general` channel, created on first use. */
    async projectChannel(actor: Actor, projectId: string): Promise<Channel> {
      await access.authorize(actor, projectId, 'read');
      const channel = await ensureProjectChannel(db, projectId);
      return (await channelViews(actor, projectId)).find((view) => view.id === channel.id)!;
    },

    /** The direct conversation between the actor and another person of the project, opened on first use. */
    async openDirect(actor: Actor, projectId: string, userId: string): Promise<Channel> {
      const { project } = await access.authorize(actor, projectId, 'contribute');
      if (userId === actor.userId) throw new AppError('direct_with_self', 422, 'Pick someone other than yourself');
      if (!(await access.can(personAsActor(userId), project, 'read'))) {
        throw new AppError('participant_not_in_project', 422, 'That person cannot open this project');
      }
      const { channel, created } = await ensureDirectChannel(db, projectId, [actor.userId, userId], actor.userId);
      if (created) {
        const theirs = (await channelViews(personAsActor(userId), projectId)).find((view) => view.id === channel.id);
        if (theirs) sockets().to(userRoom(userId)).emit('chat:channel-created', theirs);
      }
      return (await channelViews(actor, projectId)).find((view) => view.id === channel.id)!;
    },

    /** A page of top-level messages (or of one thread) before or after a sequence; the newest page without either. */
    async history(actor: Actor, channelId: string, query: { before?: number; after?: number; parentId?: string; limit: number }): Promise<MessagePage> {
      const { channel } = await openChannel(actor, channelId, 'read');
      if (query.parentId) {
        const parent = await findMessage(db, query.parentId);
        if (parent?.channelId !== channel.id) throw messageNotFound();
      }
      const page = await listHistory(db, channel.id, { parentId: query.parentId ?? null, before: query.before, after: query.after, limit: query.limit });
      return { items: await present(page.rows), hasMore: page.hasMore };
    },

    async getMessage(actor: Actor, messageId: string): Promise<Message> {
      const { message } = await openMessage(actor, messageId, 'read');
      return presentOne(message);
    },

    /** What a client that last saw `since` missed: new messages, edits, deletions, reactions and reply counts. */
    async catchUp(actor: Actor, channelId: string, since: number): Promise<CatchUpResult> {
      const { channel } = await openChannel(actor, channelId, 'read');
      // Read before the changes, so a message stored in between shows in the page rather than being skipped.
      const lastSequence = await findLastSequence(db, channel.id);
      const page = await listChangesSince(db, channel.id, since, messagingLimits.catchUp.max);
      return { messages: await present(page.rows), lastSequence, hasMore: page.hasMore };
    },

    /**
     * Stores the message, then broadcasts it to the channel and tells other modules. A repeated
     * `clientId` returns the stored message without storing or broadcasting it again.
     */
    async send(actor: Actor, channelId: string, input: SendMessageBody): Promise<{ message: Message; created: boolean }> {
      const opened = await openChannel(actor, channelId, 'contribute');
      const { channel, project } = opened;
      const clientId = input.clientId ?? null;

      let thread: MessageRow | undefined;
      if (input.parentId) {
        thread = await findMessage(db, input.parentId);
        if (thread?.channelId !== channel.id || thread.deletedAt) throw new AppError('thread_not_found', 422, 'The message you reply to is gone');
        // A reply to a reply belongs to the same thread.
        if (thread.parentId) thread = await findMessage(db, thread.parentId);
        if (!thread) throw new AppError('thread_not_found', 422, 'The message you reply to is gone');
      }
      const mentions = await reachableMentions(opened, input.body);
      // Thumbnail links are short-lived signed URLs: readers fetch fresh ones from the files area instead.
      const attachments = input.attachmentIds?.length
        ? (await deps.describeAttachments(actor, project.id, [...new Set(input.attachmentIds)])).map((file) => ({ ...file, thumbnailUrl: null }))
        : [];

      let stored: Awaited<ReturnType<typeof insertMessage>>;
      try {
        stored = await insertMessage(db, {
          channelId: channel.id,
          projectId: project.id,
          authorId: actor.userId,
          clientId,
          body: input.body,
          mentions,
          attachments,
          parentId: thread?.id ?? null,
        });
      } catch (err) {
        // A repeated client id violates its unique index and rolls the insert back: answer with the first message.
        const earlier = clientId && isUniqueViolation(err) ? await findMessageByClientId(db, channel.id, actor.userId, clientId) : undefined;
        if (earlier) return { message: await presentOne(earlier), created: false };
        throw err;
      }

      const [message, parent] = stored.parent ? await present([stored.message, stored.parent]) : await present([stored.message], true);
      sockets().to(channelRoom(channel.id)).emit('chat:message', message!);
      if (parent) emitChanged([parent]);
      await bus.publish('message.posted', {
        orgId: project.orgId,
        projectId: project.id,
        actorId: actor.userId,
        channelId: channel.id,
        messageId: message!.id,
        sequence: message!.sequence,
        parentId: message!.parentId,
        mentions,
        attachmentIds: attachments.map((file) => file.id),
      });
      if (channel.kind === 'project') {
        await deps.integrations.deliver(project.id, {
          type: 'message.posted',
          actorId: actor.userId,
          summary: `posted in #general: ${clip(excerptOf(input.body), 200)}`,
          link: linkTo(stored.message),
          data: { channelId: channel.id, messageId: message!.id, parentId: message!.parentId, attachmentIds: attachments.map((file) => file.id) },
        });
      }
      const notifications = notificationsFor(stored.message, stored.parent, project, message!.author?.displayName ?? 'Someone', linkTo(stored.message));
      if (notifications.length) await deps.notifications.notify(notifications);
      return { message: message!, created: true };
    },

    /** Changes the text of the actor's own message; people newly mentioned are notified. */
    async edit(actor: Actor, messageId: string, body: string): Promise<Message> {
      const opened = await openMessage(actor, messageId, 'contribute');
      const { message, project } = opened;
      if (message.authorId !== actor.userId) throw forbidden('Only the author can edit a message');
      if (message.deletedAt) throw messageDeleted();
      const mentions = await reachableMentions(opened, body);
      const updated = await presentOne(await changeMessage(db, message, { body, mentions, editedAt: new Date() }));
      emitChanged([updated]);
      await bus.publish('message.edited', { orgId: project.orgId, projectId: project.id, actorId: actor.userId, channelId: message.channelId, messageId });
      const added = mentions.filter((id) => !message.mentions.includes(id));
      if (added.length) {
        await deps.notifications.notify(added.map((userId) => mentionNotification(userId, project, actor.userId, updated.author?.displayName ?? 'Someone', body, linkTo(message))));
      }
      return updated;
    },

    /** Leaves a tombstone: the text, mentions, attachments and reactions go; thread replies stay. Authors and moderators only. */
    async remove(actor: Actor, messageId: string): Promise<Message> {
      const { message, project } = await openMessage(actor, messageId, 'read');
      await access.authorize(actor, project.id, message.authorId === actor.userId ? 'contribute' : 'moderate');
      if (message.deletedAt) return presentOne(message);
      const updated = await presentOne(
        await changeMessage(db, message, { body: '', mentions: [], attachments: [], deletedAt: new Date() }, (tx) => removeReactionsOf(tx, message.id)),
      );
      emitChanged([updated]);
      await bus.publish('message.deleted', { orgId: project.orgId, projectId: project.id, actorId: actor.userId, channelId: message.channelId, messageId });
      return updated;
    },

    /** Adds (`on`) or takes back the actor's reaction with one emoji. */
    async react(actor: Actor, messageId: string, emoji: string, on: boolean): Promise<Message> {
      const { message } = await openMessage(actor, messageId, 'contribute');
      if (message.deletedAt) throw messageDeleted();
      const updated = await presentOne(
        await changeMessage(db, message, {}, (tx) => (on ? addReaction(tx, message.id, actor.userId, emoji) : removeReaction(tx, message.id, actor.userId, emoji))),
      );
      emitChanged([updated]);
      return updated;
    },

    /** Moves the actor's read position forward (never past the channel's end); their other tabs hear of it. */
    async markRead(actor: Actor, channelId: string, sequence: number): Promise<number> {
      const { channel } = await openChannel(actor, channelId, 'read');
      const position = await advanceReadSequence(db, channel.id, actor.userId, Math.min(sequence, await findLastSequence(db, channel.id)));
      sockets().to(userRoom(actor.userId)).emit('chat:read', { channelId: channel.id, userId: actor.userId, sequence: position });
      return position;
    },

    /** Full-text search over the project channel and the actor's direct conversations in the project. */
    async search(actor: Actor, projectId: string, text: string, limit: number): Promise<SearchHit[]> {
      await access.authorize(actor, projectId, 'read');
      const channels = await channelViews(actor, projectId);
      const names = new Map(channels.map((channel) => [channel.id, channel.name]));
      const hits = await searchMessages(
        db,
        channels.map((channel) => channel.id),
        text,
        limit,
      );
      const messages = await present(hits.map((hit) => hit.row));
      return hits.map((hit, i) => ({ message: messages[i]!, channelName: names.get(hit.row.channelId) ?? '', excerpt: presentExcerpt(hit.headline) }));
    },
  };
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const excerptOf = (body: string) => body.replace(/@\[([^\]\n]{1,80})\]\([0-9a-f-]{36}\)/gi, '@$1');

function mentionNotification(userId: string, project: ProjectBasics, actorId: string, actorName: string, body: string, link: string): NotificationInput {
  return { userId, orgId: project.orgId, projectId: project.id, kind: 'mention', title: `${actorName} mentioned you in ${project.name}`, body: excerptOf(body), link, actorId };
}

/** Mentioned people hear of the mention; the thread's author hears of a reply (once, as a mention if both). */
function notificationsFor(message: MessageRow, thread: MessageRow | null, project: ProjectBasics, actorName: string, link: string): NotificationInput[] {
  const actorId = message.authorId!;
  const items = message.mentions.map((userId) => mentionNotification(userId, project, actorId, actorName, message.body, link));
  if (thread?.authorId && !message.mentions.includes(thread.authorId)) {
    items.push({
      userId: thread.authorId,
      orgId: project.orgId,
      projectId: project.id,
      kind: 'reply',
      title: `${actorName} replied to your message in ${project.name}`,
      body: excerptOf(message.body),
      link,
      actorId,
    });
  }
  return items;
}

export type MessagingService = ReturnType<typeof messagingService>;
