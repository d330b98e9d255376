import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../../common/organizations.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { createStudioServices } from './services.ts';

export const DEMO_PROJECT_NAME = 'Spring campaign';

const actorFor = (userId: string): Actor => ({ type: 'user', userId, sessionId: randomUUID() });

/**
 * Gives the demo organisation a project to open: a chat with a few messages, a brief and a
 * moodboard, and a discussion thread. Running it again leaves an existing demo project alone.
 */
export async function seedDemoProject(app: FastifyInstance, orgId: string, people: Record<Role, string>): Promise<string> {
  const services = createStudioServices(app);
  const owner = actorFor(people.owner);
  const member = actorFor(people.member);
  const existing = await services.projects.list(owner, orgId, { q: DEMO_PROJECT_NAME, status: 'active', limit: 1 });
  if (existing.items.some((view) => view.project.name === DEMO_PROJECT_NAME)) return `Demo project "${DEMO_PROJECT_NAME}" is already there.`;

  const { project } = await services.projects.create(owner, orgId, {
    name: DEMO_PROJECT_NAME,
    description: 'Posters, social cuts and the landing page for the spring launch.',
  });
  await services.documents.create(owner, project.id, { title: 'Campaign brief', kind: 'text' });
  await services.documents.create(member, project.id, { title: 'Moodboard', kind: 'board' });

  const general = await services.messaging.projectChannel(owner, project.id);
  const send = (actor: Actor, body: string) => services.messaging.send(actor, general.id, { body });
  await send(owner, 'Welcome to the spring campaign! The brief is in Docs; drop references on the moodboard.');
  await send(member, `On it. @[Ari Admin](${people.admin}) can you check the poster sizes for the print shop?`);
  await send(actorFor(people.admin), 'A2 and A1, both with 3 mm bleed.');

  await services.comments.create(owner, project.id, { body: 'Which headline do we test first: “Spring forward” or “Fresh start”?' });
  return `Demo project "${project.name}" is ready, with chat, a brief, a moodboard and a discussion.`;
}
