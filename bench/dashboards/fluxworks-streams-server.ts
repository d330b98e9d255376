import { callApi, createOrganisation, numberedPeople, signIn, startFluxworks } from '../lib/fluxworks-child.ts';
import { announce } from '../lib/server-child.ts';
import type { StreamsServerOptions, StreamsTarget } from './streams-protocol.ts';

/**
 * The real app in production mode for the dashboards query and fan-out benchmarks, on the
 * PostgreSQL database the options name or on embedded PGlite: one organisation with a signed-in
 * owner, `viewers` signed-in viewers (one session each) and the streams, created by the owner
 * through the API. Job workers are not started (JOBS_IN_PROCESS=false), so the rollup and
 * retention jobs cannot run inside a measurement; the query benchmark refreshes rollups itself.
 * Stops on SIGTERM or when its parent goes away.
 */

if (!process.argv[2]) throw new Error('usage: fluxworks-streams-server.ts <options as JSON>');
const options = JSON.parse(process.argv[2]) as StreamsServerOptions;

const { app, url } = await startFluxworks({ name: 'streams', env: { JOBS_IN_PROCESS: 'false', DATABASE_URL: options.databaseUrl }, orParentGone: true });
const people = await signIn(app, numberedPeople(options.viewers + 1), 'bench/dashboards');
const orgId = await createOrganisation(app, { name: 'Bench Dashboards', slug: 'bench-dashboards' }, people.map((person) => person.id), 'viewer');
const ownerToken = people[0]!.token;
const streamIds: string[] = [];
for (const stream of options.streams) streamIds.push((await callApi<{ id: string }>(app, ownerToken, 'POST', `/orgs/${orgId}/streams`, stream)).id);
announce({ url, orgId, ownerToken, viewerTokens: people.slice(1).map((person) => person.token), streamIds } satisfies StreamsTarget);
