import { mentionedUserIds } from '../../../../common/studio-messaging.ts';
import { commentLimits, type CommentAnchor, type CommentEventPayload, type CommentListQuery } from '../../../../common/studio-comments.ts';
import { projectRoom } from '../../../../common/realtime.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { AppError, forbidden } from '../../../platform/http/errors.ts';
import { createOnce } from '../../../platform/idempotency/index.ts';
import { decodeCursor, pageOf } from '../../../platform/pagination/cursor.ts';
import { directory } from '../../identity/directory.ts';
import type { StudioContext } from '../context.ts';
import { projectResource } from '../policy.ts';
import type { ProjectAccess } from '../project-access.ts';
import type { ProjectRow } from '../projects.repository.ts';
import { presentThread, type ThreadView } from './comments.presenter.ts';
import {
  countReplies,
  deleteComment,
  findComment,
  insertComment,
  listReplies,
  listThreadStarters,
  threadParticipants,
  updateComment,
  type CommentRow,
} from './comments.repository.ts';
import type { ProjectEventDelivery } from './integrations.service.ts';
import type { NotificationInput, NotificationsService } from './notifications.service.ts';

/**
 * What comments need from the files area: that a file belongs to the project (422 otherwise),
 * its name, who added it and its versions.
 */
export interface CommentFileLookup {
  describeAttachments(actor: Actor, projectId: string, fileIds: string[]): Promise<{ id: string; name: string }[]>;
  get(actor: Actor, fileId: string): Promise<{ file: { createdBy: { id: string } | null }; versions: { version: { id: string } }[] }>;
}

export interface CreateCommentInput {
  body: string;
  fileId?: string;
  fileVersionId?: string;
  anchor?: CommentAnchor;
}

const commentNotFound = () => new AppError('comment_not_found', 404, 'No such comment');
const excerpt = (body: string) => {
  const plain = body.replace(/@\[([^\]\n]{1,80})\]\([0-9a-f-]{36}\)/gi, '@$1').replace(/\s+/g, ' ').trim();
  return plain.length > 160 ? `${plain.slice(0, 159)}…` : plain;
};

export function commentsService(
  ctx: StudioContext,
  deps: { access: ProjectAccess; notifications: NotificationsService; integrations: ProjectEventDelivery; files: CommentFileLookup },
) {
  const { db } = ctx;
  const { access, notifications, integrations, files } = deps;
  const sockets = () => ctx.realtime.namespace('/');

  const threadLink = (comment: CommentRow) => {
    const threadId = comment.parentId ?? comment.id;
    return comment.fileId
      ? `/projects/${comment.projectId}/files?file=${comment.fileId}&thread=${threadId}`
      : `/projects/${comment.projectId}/discussion?thread=${threadId}`;
  };

  /** Mentioned people who can read the project; others are dropped so nobody learns of a project they cannot see. */
  const readableMentions = async (project: ProjectRow, body: string): Promise<string[]> => {
    const ids = mentionedUserIds(body);
    const resource = projectResource(project);
    const allowed = await Promise.all(ids.map((userId) => ctx.policies.can({ type: 'user', userId, sessionId: '' }, 'read', resource)));
    return ids.filter((_, i) => allowed[i]);
  };

  /** Comments are always about a comment's own project: the caller gets 404 when they cannot read it. */
  const load = async (actor: Actor, commentId: string, action: 'read' | 'contribute') => {
    const comment = await findComment(db, commentId);
    if (!comment) throw commentNotFound();
    const { project, role } = await access.authorize(actor, comment.projectId, action).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'project_not_found') throw commentNotFound();
      throw err;
    });
    return { comment, project, role };
  };

  const threads = async (starters: CommentRow[]): Promise<ThreadView[]> => {
    const ids = starters.map((s) => s.id);
    const [replies, counts] = await Promise.all([listReplies(db, ids, commentLimits.repliesPerThread), countReplies(db, ids)]);
    const all = [...starters, ...replies];
    const people = await directory.userSummaries(db, all.flatMap((c) => [c.authorId, c.resolvedBy].filter((id): id is string => id !== null)));
    return starters.map((starter) => ({
      starter,
      replies: replies.filter((reply) => reply.parentId === starter.id),
      replyCount: counts.get(starter.id) ?? 0,
      people,
    }));
  };

  const threadOf = async (threadId: string): Promise<ThreadView | undefined> => {
    const starter = await findComment(db, threadId);
    return starter ? (await threads([starter]))[0] : undefined;
  };

  /** An earlier result of an idempotent create, if the thread still exists and the actor may still read it. */
  const reloadThread = async (actor: Actor, threadId: string): Promise<ThreadView | undefined> => {
    if (!(await findComment(db, threadId))) return undefined;
    await load(actor, threadId, 'read');
    return threadOf(threadId);
  };

  const broadcast = (event: 'comment:created' | 'comment:updated' | 'comment:deleted', payload: CommentEventPayload) => {
    sockets().to(projectRoom(payload.projectId)).emit(event, payload);
  };

  const announceThread = async (event: 'comment:created' | 'comment:updated', comment: CommentRow): Promise<ThreadView> => {
    const threadId = comment.parentId ?? comment.id;
    const view = (await threadOf(threadId))!;
    broadcast(event, { projectId: comment.projectId, fileId: comment.fileId, thread: presentThread(view), commentId: comment.id, threadId });
    return view;
  };

  const mentionNotices = (actor: Actor, project: ProjectRow, comment: CommentRow, userIds: string[], authorName: string): NotificationInput[] =>
    userIds.map((userId) => ({
      userId,
      orgId: project.orgId,
      projectId: project.id,
      kind: 'mention',
      title: `${authorName} mentioned you in ${project.name}`,
      body: excerpt(comment.body),
      link: threadLink(comment),
      actorId: actor.userId,
    }));

  /** For other modules (insights, automations) on the bus. */
  const published = (project: ProjectRow, actor: Actor, comment: CommentRow) =>
    ctx.bus.publish('comment.created', {
      orgId: project.orgId,
      projectId: project.id,
      actorId: actor.userId,
      commentId: comment.id,
      threadId: comment.parentId ?? comment.id,
      fileId: comment.fileId,
      mentions: comment.mentions,
    });

  const nameOf = async (userId: string) => (await directory.userSummaries(db, [userId])).get(userId)?.displayName ?? 'Someone';

  return {
    async listThreads(actor: Actor, projectId: string, query: Omit<CommentListQuery, 'resolved'> & { limit: number; resolved?: boolean }) {
      await access.authorize(actor, projectId, 'read');
      const target = query.target ?? 'all';
      const rows = await listThreadStarters(
        db,
        { projectId, target, fileId: target === 'file' ? query.fileId : undefined, resolved: query.resolved },
        decodeCursor(query.cursor),
        query.limit,
      );
      const page = pageOf(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
      return { items: await threads(page.rows), nextCursor: page.nextCursor };
    },

    async getThread(actor: Actor, commentId: string): Promise<ThreadView> {
      const { comment } = await load(actor, commentId, 'read');
      return (await threadOf(comment.parentId ?? comment.id))!;
    },

    /** Starts a thread on the project or on one of its files (checked with the files area); accepts an Idempotency-Key. */
    async create(actor: Actor, projectId: string, input: CreateCommentInput, idempotencyKey?: string): Promise<ThreadView> {
      return createOnce(ctx.cache, {
        scope: `studio:comment-create:${actor.userId}`,
        key: idempotencyKey,
        idOf: (view) => view.starter.id,
        reload: (threadId) => reloadThread(actor, threadId),
        create: async () => {
          const { project } = await access.authorize(actor, projectId, 'contribute');
          const [file] = input.fileId ? await files.describeAttachments(actor, projectId, [input.fileId]) : [];
          const fileDetail = input.fileId ? await files.get(actor, input.fileId) : undefined;
          if (input.fileVersionId && !fileDetail?.versions.some(({ version }) => version.id === input.fileVersionId)) {
            throw new AppError('file_version_not_found', 422, 'That version does not belong to the file');
          }
          const mentions = await readableMentions(project, input.body);
          const comment = await insertComment(db, {
            projectId,
            fileId: input.fileId ?? null,
            fileVersionId: input.fileVersionId ?? null,
            anchor: input.anchor ?? null,
            authorId: actor.userId,
            body: input.body,
            mentions,
          });
          const view = await announceThread('comment:created', comment);
          await published(project, actor, comment);
          const authorName = await nameOf(actor.userId);
          const fileOwner = fileDetail?.file.createdBy?.id;
          await notifications.notify([
            ...mentionNotices(actor, project, comment, mentions, authorName),
            ...(file && fileOwner && !mentions.includes(fileOwner)
              ? [
                  {
                    userId: fileOwner,
                    orgId: project.orgId,
                    projectId,
                    kind: 'comment' as const,
                    title: `${authorName} commented on ${file.name}`,
                    body: excerpt(comment.body),
                    link: threadLink(comment),
                    actorId: actor.userId,
                  },
                ]
              : []),
          ]);
          await integrations.deliver(projectId, {
            type: 'comment.created',
            actorId: actor.userId,
            summary: `${authorName} commented${file ? ` on ${file.name}` : ''} in ${project.name}: ${excerpt(comment.body)}`,
            link: threadLink(comment),
            data: { commentId: comment.id, threadId: comment.id, fileId: comment.fileId, body: comment.body, anchor: comment.anchor },
          });
          return view;
        },
      });
    },

    /**
     * Replies in a thread; replying to a reply answers its thread. Participants (and the file's
     * owner) hear of it; mentioned people get a mention instead.
     */
    async reply(actor: Actor, commentId: string, body: string, idempotencyKey?: string): Promise<ThreadView> {
      return createOnce(ctx.cache, {
        scope: `studio:comment-reply:${actor.userId}`,
        key: idempotencyKey,
        idOf: (view) => view.starter.id,
        reload: (threadId) => reloadThread(actor, threadId),
        create: async () => {
          const { comment: target, project } = await load(actor, commentId, 'contribute');
          const threadId = target.parentId ?? target.id;
          const starter = target.parentId ? await findComment(db, threadId) : target;
          if (!starter) throw commentNotFound();
          const mentions = await readableMentions(project, body);
          const reply = await insertComment(db, {
            projectId: project.id,
            fileId: starter.fileId,
            fileVersionId: starter.fileVersionId,
            parentId: threadId,
            authorId: actor.userId,
            body,
            mentions,
          });
          const view = await announceThread('comment:created', reply);
          await published(project, actor, reply);
          const authorName = await nameOf(actor.userId);
          const mentioned = new Set(mentions);
          const fileOwner = starter.fileId ? (await files.get(actor, starter.fileId).catch(() => undefined))?.file.createdBy?.id : undefined;
          const participants = [...new Set([...(await threadParticipants(db, threadId)), ...(fileOwner ? [fileOwner] : [])])].filter((userId) => !mentioned.has(userId));
          await notifications.notify([
            ...mentionNotices(actor, project, reply, mentions, authorName),
            ...participants.map(
              (userId): NotificationInput => ({
                userId,
                orgId: project.orgId,
                projectId: project.id,
                kind: 'reply',
                title: `${authorName} replied in ${project.name}`,
                body: excerpt(body),
                link: threadLink(reply),
                actorId: actor.userId,
              }),
            ),
          ]);
          await integrations.deliver(project.id, {
            type: 'comment.created',
            actorId: actor.userId,
            summary: `${authorName} replied in ${project.name}: ${excerpt(body)}`,
            link: threadLink(reply),
            data: { commentId: reply.id, threadId, fileId: reply.fileId, body: reply.body, anchor: null },
          });
          return view;
        },
      });
    },

    /** Authors edit their own comments; newly mentioned people are notified. */
    async edit(actor: Actor, commentId: string, body: string): Promise<ThreadView> {
      const { comment, project } = await load(actor, commentId, 'contribute');
      if (comment.authorId !== actor.userId) throw forbidden('Only the author may edit a comment');
      const mentions = await readableMentions(project, body);
      const updated = (await updateComment(db, commentId, { body, mentions, editedAt: new Date() }))!;
      const view = await announceThread('comment:updated', updated);
      const added = mentions.filter((userId) => !comment.mentions.includes(userId));
      await notifications.notify(mentionNotices(actor, project, updated, added, await nameOf(actor.userId)));
      return view;
    },

    /** Authors delete their own comments, moderators anyone's; a thread's first comment takes its replies with it. */
    async remove(actor: Actor, commentId: string): Promise<void> {
      const { comment, project } = await load(actor, commentId, 'read');
      const own = comment.authorId === actor.userId;
      await access.authorize(actor, project.id, own ? 'contribute' : 'moderate');
      await deleteComment(db, commentId);
      const threadId = comment.parentId ?? comment.id;
      const remaining = comment.parentId ? await threadOf(threadId) : undefined;
      broadcast('comment:deleted', {
        projectId: project.id,
        fileId: comment.fileId,
        thread: remaining ? presentThread(remaining) : null,
        commentId,
        threadId,
      });
    },

    async resolve(actor: Actor, commentId: string): Promise<ThreadView> {
      const { comment, project } = await load(actor, commentId, 'contribute');
      const starter = comment.parentId ? (await findComment(db, comment.parentId))! : comment;
      if (starter.resolvedAt) return (await threadOf(starter.id))!;
      const updated = (await updateComment(db, starter.id, { resolvedAt: new Date(), resolvedBy: actor.userId }))!;
      const view = await announceThread('comment:updated', updated);
      await ctx.bus.publish('comment.resolved', { orgId: project.orgId, projectId: project.id, actorId: actor.userId, commentId: starter.id });
      const authorName = await nameOf(actor.userId);
      if (starter.authorId) {
        await notifications.notify([
          {
            userId: starter.authorId,
            orgId: project.orgId,
            projectId: project.id,
            kind: 'comment',
            title: `${authorName} resolved your comment in ${project.name}`,
            body: excerpt(starter.body),
            link: threadLink(starter),
            actorId: actor.userId,
          },
        ]);
      }
      await integrations.deliver(project.id, {
        type: 'comment.resolved',
        actorId: actor.userId,
        summary: `${authorName} resolved a comment in ${project.name}: ${excerpt(starter.body)}`,
        link: threadLink(starter),
        data: { commentId: starter.id, threadId: starter.id, fileId: starter.fileId },
      });
      return view;
    },

    async reopen(actor: Actor, commentId: string): Promise<ThreadView> {
      const { comment } = await load(actor, commentId, 'contribute');
      const starter = comment.parentId ? (await findComment(db, comment.parentId))! : comment;
      if (!starter.resolvedAt) return (await threadOf(starter.id))!;
      const updated = (await updateComment(db, starter.id, { resolvedAt: null, resolvedBy: null }))!;
      return announceThread('comment:updated', updated);
    },
  };
}

export type CommentsService = ReturnType<typeof commentsService>;
