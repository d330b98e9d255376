import type { Channel, Message, Reaction, SearchHit } from '../../../../common/studio-messaging.ts';
import type { UserSummary } from '../../identity/directory.ts';
import { MATCH_END, MATCH_START, type ChannelRow, type MessageRow, type ReactionRow } from './repository.ts';

/** Groups reactions by emoji, in the order each emoji was first used. */
function presentReactions(rows: ReactionRow[]): Reaction[] {
  const byEmoji = new Map<string, string[]>();
  for (const row of rows) byEmoji.set(row.emoji, [...(byEmoji.get(row.emoji) ?? []), row.userId]);
  return [...byEmoji].map(([emoji, userIds]) => ({ emoji, count: userIds.length, userIds }));
}

export function presentMessage(row: MessageRow, authors: Map<string, UserSummary>, reactions: ReactionRow[]): Message {
  return {
    id: row.id,
    channelId: row.channelId,
    projectId: row.projectId,
    sequence: row.sequence,
    changeSequence: row.changeSequence,
    clientId: row.clientId,
    author: row.authorId ? (authors.get(row.authorId) ?? null) : null,
    body: row.body,
    mentions: row.mentions,
    attachments: row.attachments,
    parentId: row.parentId,
    replyCount: row.replyCount,
    lastReplyAt: row.lastReplyAt?.toISOString() ?? null,
    reactions: row.deletedAt ? [] : presentReactions(reactions.filter((reaction) => reaction.messageId === row.id)),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface ChannelView {
  channel: ChannelRow;
  participants: UserSummary[];
  lastReadSequence: number;
  unreadCount: number;
  mentionCount: number;
}

/** A direct conversation is named after the other person; the project channel is `general`. */
export function presentChannel(view: ChannelView, readerId: string): Channel {
  const other = view.participants.find((person) => person.id !== readerId) ?? view.participants[0];
  return {
    id: view.channel.id,
    projectId: view.channel.projectId,
    kind: view.channel.kind,
    name: view.channel.kind === 'project' ? 'general' : (other?.displayName ?? 'Direct message'),
    participants: view.participants,
    lastSequence: view.channel.lastSequence,
    lastMessageAt: view.channel.lastMessageAt?.toISOString() ?? null,
    lastReadSequence: view.lastReadSequence,
    unreadCount: view.unreadCount,
    mentionCount: view.mentionCount,
  };
}

/** Splits a database excerpt at the match markers into plain-text pieces. */
export function presentExcerpt(headline: string): SearchHit['excerpt'] {
  const pieces: SearchHit['excerpt'] = [];
  for (const part of headline.split(MATCH_START)) {
    const end = part.indexOf(MATCH_END);
    if (end === -1) {
      if (part) pieces.push({ text: part, match: false });
      continue;
    }
    pieces.push({ text: part.slice(0, end), match: true });
    if (end + 1 < part.length) pieces.push({ text: part.slice(end + 1), match: false });
  }
  return pieces;
}
