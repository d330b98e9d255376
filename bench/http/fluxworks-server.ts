import { signIn, startFluxworks } from '../lib/fluxworks-child.ts';
import { announce } from '../lib/server-child.ts';
import type { ReadyMessage } from './protocol.ts';

/**
 * The real app as `npm start` runs it (embedded: PGlite, in-process bus and cache), with one
 * signed-in user whose access token the load generator sends on every request.
 */
const { app, url } = await startFluxworks({ name: 'http' });
const [user] = await signIn(app, [{ email: 'bench@fluxworks.local', displayName: 'Bench User' }], 'bench/http');

announce({ url: `${url}/api/v1/me`, headers: { authorization: `Bearer ${user!.token}` } } satisfies ReadyMessage);
