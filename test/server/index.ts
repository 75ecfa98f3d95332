/**
 * The local Coze-compatible HTTP server used by tests, benchmarks and the demo. Two dialects: `cloud`
 * (api.coze.cn / api.coze.com) and `studio` (self-hosted Coze Studio / Coze Plus); see
 * /work/shared/reference/coze-api.md for the wire protocol it reproduces.
 *
 * Control over HTTP (no auth, not recorded): GET/DELETE /_test/requests, PUT /_test/fault, POST /_test/reset,
 * GET /_test/catalogue.
 */
import type { CozeTestServer, ServerOptions } from './types';
import { createCozeServer } from './server';

export type { CozeTestServer, Dialect, Fault, FaultKind, RecordedRequest, ServerOptions } from './types';
export { SPACE_ID, TOKENS, WORKFLOWS } from './constants';

export function startCozeServer(options: ServerOptions): Promise<CozeTestServer> {
  return createCozeServer(options);
}
