/**
 * The local Coze-compatible HTTP server used by tests, benchmarks and the demo. Two dialects: `cloud`
 * (api.coze.cn / api.coze.com) and `studio` (self-hosted Coze Studio / Coze Plus); see
 * /work/shared/reference/coze-api.md for the wire protocol it reproduces.
 *
 * Control over HTTP (no auth, not recorded; shapes in control.ts and types.ts): GET/DELETE /_test/requests,
 * PUT /_test/fault, POST /_test/reset, GET /_test/catalogue, PUT /_test/hold, POST /_test/release,
 * GET /_test/held?atLeast=N, PUT/GET /_test/limits, POST/GET /_test/clock, PUT /_test/echo-token. The object startCozeServer returns has
 * the same controls as methods.
 */
import type { CozeTestServer, ServerOptions } from './types';
import { createCozeServer } from './server';

export type { CozeTestServer, Dialect, Fault, FaultKind, HeldState, Hold, LimitAnswer, LimitCounters, Limits, RecordedRequest, ServerOptions } from './types';
export { APP_ID, SPACE_ID, TOKENS, WORKFLOWS } from './constants';

export function startCozeServer(options: ServerOptions): Promise<CozeTestServer> {
  return createCozeServer(options);
}
