import type { Channel, Message, MessagePage, SearchHit } from '../../../../../common/studio-messaging.ts';
import { api, query } from '../../../lib/api.ts';

/** Query keys of the chat, under the project's key so a project invalidation covers them. */
export const chatKeys = {
  channels: (projectId: string) => ['projects', projectId, 'chat', 'channels'] as const,
  search: (projectId: string, q: string) => ['projects', projectId, 'chat', 'search', q] as const,
};

export const chatApi = {
  channels: async (projectId: string) => (await api.get<{ items: Channel[] }>(`/projects/${projectId}/chat/channels`)).items,
  history: (channelId: string, params: { before?: number; after?: number; parentId?: string | null; limit?: number }) =>
    api.get<MessagePage>(`/chat/channels/${channelId}/messages${query({ before: params.before, after: params.after, parentId: params.parentId, limit: params.limit })}`),
  message: (messageId: string) => api.get<Message>(`/chat/messages/${messageId}`),
  openDirect: (projectId: string, userId: string) => api.post<Channel>(`/projects/${projectId}/chat/direct`, { userId }),
  search: async (projectId: string, q: string) => (await api.get<{ items: SearchHit[] }>(`/projects/${projectId}/chat/search${query({ q, limit: 30 })}`)).items,
  post: (channelId: string, body: { body: string; clientId: string; parentId?: string; attachmentIds?: string[] }) =>
    api.post<Message>(`/chat/channels/${channelId}/messages`, body),
};
