import type { Dispatcher } from 'undici';
import { EnvHttpProxyAgent } from './undiciParts';

export interface DispatcherOptions {
  /** An explicit proxy (VS Code's `http.proxy`); without it HTTP_PROXY / HTTPS_PROXY / NO_PROXY apply. */
  proxy?: string;
  /** Verify the proxy's and servers' certificates (VS Code's `http.proxyStrictSSL`). */
  strictSSL?: boolean;
  connectTimeoutMs?: number;
}

const LOOPBACK = 'localhost,127.0.0.1,::1,[::1]';

/**
 * The one dispatcher every request goes through. undici's EnvHttpProxyAgent reads the proxy environment
 * variables itself; an explicit proxy overrides them. Loopback addresses never go through a proxy.
 */
export function createDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const envNoProxy = process.env.NO_PROXY ?? process.env.no_proxy ?? '';
  const noProxy = [envNoProxy, LOOPBACK].filter(Boolean).join(',');
  const proxy = options.proxy?.trim() || undefined;
  return new EnvHttpProxyAgent({
    ...(proxy ? { httpProxy: proxy, httpsProxy: proxy } : {}),
    noProxy,
    connect: {
      timeout: options.connectTimeoutMs ?? 15_000,
      rejectUnauthorized: options.strictSSL ?? true,
    },
  });
}
