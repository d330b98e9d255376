import type { Comment, CommentThread } from '../../../../common/studio-comments.ts';
import type { UserSummary } from '../../identity/directory.ts';
import type { CommentRow } from './comments.repository.ts';

export interface ThreadView {
  starter: CommentRow;
  replies: CommentRow[];
  replyCount: number;
  people: Map<string, UserSummary>;
}

const person = (people: Map<string, UserSummary>, id: string | null) => (id ? (people.get(id) ?? null) : null);

export function presentComment(row: CommentRow, people: Map<string, UserSummary>): Comment {
  return {
    id: row.id,
    projectId: row.projectId,
    fileId: row.fileId,
    fileVersionId: row.fileVersionId,
    parentId: row.parentId,
    author: person(people, row.authorId),
    body: row.body,
    anchor: row.anchor ?? null,
    mentions: row.mentions,
    editedAt: row.editedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentThread({ starter, replies, replyCount, people }: ThreadView): CommentThread {
  return {
    comment: presentComment(starter, people),
    replies: replies.map((reply) => presentComment(reply, people)),
    replyCount,
    resolvedAt: starter.resolvedAt?.toISOString() ?? null,
    resolvedBy: person(people, starter.resolvedBy),
  };
}
