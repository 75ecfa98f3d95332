import { CozeClient, type CozeClientOptions } from '../../../src/core/client/cozeClient';
import { startCozeServer, TOKENS, type CozeTestServer, type Dialect } from '../../server/index';

/** Starts one local Coze server per dialect for a describe block; delays off unless asked. */
export function useServers(timeScale = 0): Record<Dialect, CozeTestServer> {
  const servers = {} as Record<Dialect, CozeTestServer>;
  before(async () => {
    servers.cloud = await startCozeServer({ dialect: 'cloud', timeScale, asyncDurationMs: 300 });
    servers.studio = await startCozeServer({ dialect: 'studio', timeScale, asyncDurationMs: 300 });
  });
  beforeEach(() => {
    servers.cloud.reset();
    servers.studio.reset();
  });
  after(async () => {
    await Promise.all([servers.cloud?.close(), servers.studio?.close()]);
  });
  return servers;
}

export function clientFor(server: CozeTestServer, options: Partial<CozeClientOptions> = {}): CozeClient {
  return new CozeClient({ baseUrl: server.url, token: TOKENS.valid, dialect: server.dialect, maxRetries: 0, ...options });
}
