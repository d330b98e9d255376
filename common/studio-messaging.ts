/**
 * Chat in a project: one `general` channel per project and direct conversations between two of
 * its members. Every message has a per-channel `sequence` (its place, gapless and in commit
 * order) and a `changeSequence` (the channel sequence of its latest edit, deletion, reaction or
 * thread reply); a client that remembers the highest changeSequence it saw catches up with
 * everything it missed by asking for changes after it.
 *
 * Mentions are written in the body as `@[Display Name](user-id)`; the server parses them, keeps
 * the ids of people who can read the channel and notifies them.
 */
import { z } from 'zod';
import { userSummarySchema } from './organizations.ts';
import type { SocketAck } from './socket-ack.ts';
import { fileAttachmentSchema, type FileAttachment } from './studio-files.ts';

const id = z.uuid();
const timestamp = z.iso.datetime();

export const messagingLimits = {
  body: { max: 4000 },
  attachments: { max: 10 },
  emoji: { max: 32 },
  clientId: { max: 64 },
  historyPage: { default: 50, max: 100 },
  catchUp: { max: 500 },
  search: { min: 2, max: 200 },
  /** A client repeats `typing` at most this often while the person types. */
  typingIntervalMs: 2000,
  /** A typing indicator disappears when it is not repeated within this time. */
  typingExpiresMs: 6000,
} as const;

export const CHANNEL_KINDS = ['project', 'direct'] as const;
export const channelKindSchema = z.enum(CHANNEL_KINDS);

/** `online`: at least one tab is active; `away`: every tab is idle or hidden; `offline`: no tab is connected. */
export const PRESENCE_STATUSES = ['online', 'away', 'offline'] as const;
export const presenceStatusSchema = z.enum(PRESENCE_STATUSES);
export type PresenceStatus = z.infer<typeof presenceStatusSchema>;

/** Matches `@[Display Name](user-id)`; group 2 is the user id. */
export const MENTION_PATTERN = /@\[([^\]\n]{1,80})\]\(([0-9a-f-]{36})\)/gi;

/** The user ids mentioned in a message body, each once, in order of appearance. */
export function mentionedUserIds(body: string): string[] {
  return [...new Set([...body.matchAll(MENTION_PATTERN)].map((match) => match[2]!.toLowerCase()))];
}

export const channelSchema = z.object({
  id,
  projectId: id,
  kind: channelKindSchema,
  /** `general` for the project channel; the other person's name for a direct conversation. */
  name: z.string(),
  /** The two people of a direct conversation; empty for the project channel. */
  participants: z.array(userSummarySchema),
  lastSequence: z.number().int(),
  lastMessageAt: timestamp.nullable(),
  /** The highest sequence the actor has read. */
  lastReadSequence: z.number().int(),
  /** Messages by others after the actor's read position. */
  unreadCount: z.number().int(),
  /** Unread messages that mention the actor. */
  mentionCount: z.number().int(),
});
export type Channel = z.infer<typeof channelSchema>;

/** A file of the project attached to a message, as the files area describes it when the message is sent. */
export const messageAttachmentSchema = fileAttachmentSchema;
export type MessageAttachment = FileAttachment;

export const reactionSchema = z.object({ emoji: z.string(), count: z.number().int(), userIds: z.array(id) });
export type Reaction = z.infer<typeof reactionSchema>;

export const messageSchema = z.object({
  id,
  channelId: id,
  projectId: id,
  sequence: z.number().int(),
  changeSequence: z.number().int(),
  /** The id the sending client chose, so it can match the echo to its optimistic copy. */
  clientId: z.string().nullable(),
  author: userSummarySchema.nullable(),
  /** Empty once deleted (or when the message is only attachments). */
  body: z.string(),
  mentions: z.array(id),
  attachments: z.array(messageAttachmentSchema),
  /** The thread's first message when this is a reply. */
  parentId: id.nullable(),
  replyCount: z.number().int(),
  lastReplyAt: timestamp.nullable(),
  reactions: z.array(reactionSchema),
  editedAt: timestamp.nullable(),
  deletedAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type Message = z.infer<typeof messageSchema>;

const body = z.string().trim().min(1, 'Write a message').max(messagingLimits.body.max);
const emoji = z.string().trim().min(1).max(messagingLimits.emoji.max);

const sendFields = {
  /** May be empty when files are attached. */
  body: z.string().trim().max(messagingLimits.body.max).default(''),
  clientId: z.string().min(1).max(messagingLimits.clientId.max).optional(),
  parentId: id.optional(),
  attachmentIds: z.array(id).max(messagingLimits.attachments.max).optional(),
};
const hasContent = (message: { body: string; attachmentIds?: string[] }) => message.body.length > 0 || (message.attachmentIds?.length ?? 0) > 0;
const writeSomething = { message: 'Write a message or attach a file', path: ['body'] };

export const sendMessageBodySchema = z.object(sendFields).refine(hasContent, writeSomething);
export type SendMessageBody = z.output<typeof sendMessageBodySchema>;

export const editMessageBodySchema = z.object({ body });
export const reactionBodySchema = z.object({ emoji });

export const historyQuerySchema = z.object({
  /** Messages with a lower sequence, newest first in the page (scrolling up). */
  before: z.coerce.number().int().min(0).optional(),
  /** Messages with a higher sequence, oldest first (scrolling down). */
  after: z.coerce.number().int().min(0).optional(),
  /** A thread: its replies instead of the channel's top-level messages. */
  parentId: id.optional(),
  limit: z.coerce.number().int().min(1).max(messagingLimits.historyPage.max).default(messagingLimits.historyPage.default),
});
export type HistoryQuery = z.input<typeof historyQuerySchema>;

/** Messages in ascending sequence; `hasMore` says another page exists in the direction asked. */
export const messagePageSchema = z.object({ items: z.array(messageSchema), hasMore: z.boolean() });
export type MessagePage = z.infer<typeof messagePageSchema>;

export const catchUpSchema = z.object({
  channelId: id,
  /** The highest changeSequence the client saw. */
  since: z.number().int().min(0),
});

/** Messages created or changed after `since`, in changeSequence order. */
export const catchUpResultSchema = z.object({ messages: z.array(messageSchema), lastSequence: z.number().int(), hasMore: z.boolean() });
export type CatchUpResult = z.infer<typeof catchUpResultSchema>;

export const searchQuerySchema = z.object({
  q: z.string().trim().min(messagingLimits.search.min).max(messagingLimits.search.max),
  limit: z.coerce.number().int().min(1).max(messagingLimits.historyPage.max).default(20),
});
/** An excerpt of the message as plain-text pieces; `match` marks the words the query found. */
export const searchHitSchema = z.object({
  message: messageSchema,
  channelName: z.string(),
  excerpt: z.array(z.object({ text: z.string(), match: z.boolean() })),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const createDirectBodySchema = z.object({ userId: id });
export const markReadBodySchema = z.object({ sequence: z.number().int().min(0) });

// Socket payloads on the /messaging namespace.
export const joinChannelSchema = z.object({ channelId: id });
export const socketSendSchema = z
  .object({ ...sendFields, channelId: id, clientId: z.string().min(1).max(messagingLimits.clientId.max) })
  .refine(hasContent, writeSomething);
export const socketEditSchema = z.object({ messageId: id, body });
export const socketMessageRefSchema = z.object({ messageId: id });
export const socketReactSchema = z.object({ messageId: id, emoji, on: z.boolean() });
export const socketTypingSchema = z.object({ channelId: id, parentId: id.nullable().default(null) });
export const socketReadSchema = z.object({ channelId: id, sequence: z.number().int().min(0) });
export const presenceSetSchema = z.object({ status: z.enum(['online', 'away']) });
export const presenceWatchSchema = z.object({ projectId: id });

export interface TypingPayload {
  channelId: string;
  parentId: string | null;
  user: { id: string; displayName: string };
}

export interface ReadPayload {
  channelId: string;
  userId: string;
  sequence: number;
}

export interface PresencePayload {
  userId: string;
  status: PresenceStatus;
}

/** A socket answer: `ok: false` carries a stable code (`channel_not_found`, `forbidden`, `validation_failed`...). */
export type ChatAck<T extends object = object> = SocketAck<T>;
