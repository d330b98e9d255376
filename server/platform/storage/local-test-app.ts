import { createServer } from 'node:net';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The full app listening on a real port, with PUBLIC_URL pointing at it so signed URLs are fetchable. */
export async function startListeningTestApp(env: Record<string, string> = {}): Promise<TestApp & { baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const testApp = await buildTestApp({ env: { PUBLIC_URL: baseUrl, ...env } });
  await testApp.app.listen({ port, host: '127.0.0.1' });
  return {
    ...testApp,
    baseUrl,
    // fetch() keeps connections alive for reuse; on a loaded machine one was seen holding the
    // server's close past the hook timeout. Connections still open after a grace period are cut.
    async close() {
      const cutConnections = setTimeout(() => testApp.app.server.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await testApp.close();
      } finally {
        clearTimeout(cutConnections);
      }
    },
  };
}

const CLOSE_GRACE_MS = 5_000;
