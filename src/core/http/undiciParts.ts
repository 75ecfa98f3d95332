import type { Dispatcher, EnvHttpProxyAgent as EnvHttpProxyAgentClass } from 'undici';
import api from 'undici/lib/api/index.js';
import DispatcherClass from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgentModule from 'undici/lib/dispatcher/env-http-proxy-agent.js';

/*
 * The parts of undici the client uses, taken from their own modules rather than undici's index. The index
 * also loads fetch, WebSocket, EventSource, the mocks, the cache and cookie code, and the cookie code reads
 * `globalThis.Headers`, which makes Node load its own copy of undici as well: 225 kB more to parse and about
 * 25 ms more at every start of the CLI (docs/benchmarks.md). undici's version is pinned in package.json;
 * every test that makes a request, directly or through a proxy, goes through here.
 */

// What undici's index does first: request, stream, pipeline, upgrade and connect become methods of every
// dispatcher (ProxyAgent opens its tunnel with `connect`).
Object.assign(DispatcherClass.prototype, api);

export const EnvHttpProxyAgent = EnvHttpProxyAgentModule as unknown as typeof EnvHttpProxyAgentClass;

/** `undici.request` for a request that names its dispatcher: the same options, the same answer. */
export function request(url: URL, options: Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Dispatcher }): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  return dispatcher.request({ ...rest, origin: url.origin, path: `${url.pathname}${url.search}` });
}
