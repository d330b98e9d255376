import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Role } from '../../../../common/organizations.ts';
import type { ProjectDetail } from '../../../../common/studio.ts';
import type { Channel, Message } from '../../../../common/studio-messaging.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../../test/support/factories.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** HTTP calls to /api/v1 as a given user. */
export function apiOf(app: FastifyInstance) {
  return (method: Method, url: string, token: string, payload?: object, headers: Record<string, string> = {}) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, payload });
}

export interface ChatSetup {
  orgId: string;
  projectId: string;
  general: Channel;
  owner: { userId: string; token: string; name: string };
  people: Record<Exclude<Role, 'owner'>, { userId: string; token: string; name: string }>;
  outsider: { userId: string; token: string };
}

/** An organisation with an owner, one person per other role and a project, plus someone from elsewhere. */
export async function buildChatProject(app: FastifyInstance): Promise<ChatSetup> {
  const api = apiOf(app);
  const owner = await buildUser(app, { displayName: 'Olivia Owner' });
  const org = await buildOrganization(app, owner.user.id, 'Chat Org');
  const person = async (role: Exclude<Role, 'owner'>, displayName: string) => {
    const built = await buildMember(app, org.id, role, { displayName });
    return { userId: built.user.id, token: built.token, name: displayName };
  };
  const people = { admin: await person('admin', 'Ada Admin'), member: await person('member', 'Max Member'), viewer: await person('viewer', 'Vera Viewer') };
  const outsider = await buildUser(app);
  const created = await api('POST', `/orgs/${org.id}/projects`, owner.token, { name: 'Chatty project' });
  expect(created.statusCode).toBe(201);
  const projectId = created.json<ProjectDetail>().project.id;
  const channels = await api('GET', `/projects/${projectId}/chat/channels`, owner.token);
  expect(channels.statusCode).toBe(200);
  const general = channels.json<{ items: Channel[] }>().items[0]!;
  return {
    orgId: org.id,
    projectId,
    general,
    owner: { userId: owner.user.id, token: owner.token, name: 'Olivia Owner' },
    people,
    outsider: { userId: outsider.user.id, token: outsider.token },
  };
}

export async function post(app: FastifyInstance, channelId: string, token: string, body: string, extra: object = {}): Promise<Message> {
  const res = await apiOf(app)('POST', `/chat/channels/${channelId}/messages`, token, { body, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Message>();
}
