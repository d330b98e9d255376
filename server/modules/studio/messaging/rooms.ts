/** The Socket.IO namespace of studio chat. */
export const MESSAGING_NAMESPACE = '/messaging';

/** Sockets that joined a channel receive its messages, edits, reactions and typing. */
export const channelRoom = (channelId: string) => `channel:${channelId}`;
/** Sockets watching a person's presence. */
export const presenceRoom = (userId: string) => `presence:${userId}`;
