import { callApi, createOrganisation, numberedPeople, signIn, startFluxworks } from '../lib/fluxworks-child.ts';
import { announce } from '../lib/server-child.ts';
import type { FanoutTarget } from './fanout-protocol.ts';

/**
 * The real app as `npm start` runs it (embedded: PGlite, in-process bus, cache and presence;
 * on PostgreSQL when a database URL follows the receiver count),
 * with an organisation of one sender and `receivers` members, and one project whose general
 * channel they all join over the /messaging namespace.
 */
const receivers = Number(process.argv[2] ?? 500);
const { app, url } = await startFluxworks({ name: 'chat', env: { DATABASE_URL: process.argv[3] } });

const people = await signIn(app, numberedPeople(receivers + 1), 'bench/studio');
const sender = people[0]!;
const orgId = await createOrganisation(app, { name: 'Bench Studio', slug: 'bench-studio' }, people.map((person) => person.id));
const { project } = await callApi<{ project: { id: string } }>(app, sender.token, 'POST', `/orgs/${orgId}/projects`, { name: 'Fan-out' });
const channels = await callApi<{ items: { id: string }[] }>(app, sender.token, 'GET', `/projects/${project.id}/chat/channels`);

announce({
  url,
  namespace: '/messaging',
  channelId: channels.items[0]!.id,
  receiverTokens: people.slice(1).map((person) => person.token),
  senderToken: sender.token,
} satisfies FanoutTarget);
