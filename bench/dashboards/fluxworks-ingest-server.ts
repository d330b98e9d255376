import { callApi, createOrganisation, signIn, startFluxworks } from '../lib/fluxworks-child.ts';
import { announce } from '../lib/server-child.ts';
import { STREAM, type IngestTarget } from './ingest-protocol.ts';

/**
 * The real app in production mode on the PostgreSQL database whose URL is the first argument,
 * with one organisation owned by a signed-in user and one stream, `cpu`, created through the API.
 * The once-a-minute rollup job is left to a worker that is not started (JOBS_IN_PROCESS=false),
 * so it cannot land inside one measurement and not another.
 */

const databaseUrl = process.argv[2];
if (!databaseUrl) throw new Error('usage: fluxworks-ingest-server.ts <postgres database url>');

const { app, url } = await startFluxworks({ name: 'ingest', env: { DATABASE_URL: databaseUrl, JOBS_IN_PROCESS: 'false' } });
const [owner] = await signIn(app, [{ email: 'bench@fluxworks.local', displayName: 'Bench User' }], 'bench/dashboards');
const orgId = await createOrganisation(app, { name: 'Bench Dashboards', slug: 'bench-dashboards' }, [owner!.id]);
const stream = await callApi<{ id: string }>(app, owner!.token, 'POST', `/orgs/${orgId}/streams`, STREAM);
announce({ url, token: owner!.token, orgId, streamId: stream.id } satisfies IngestTarget);
