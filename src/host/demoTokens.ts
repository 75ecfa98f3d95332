import { isLoopbackHost } from '../core/environments';
import type { EnvironmentService } from './environments/environmentService';
import type { TokenStore } from './secrets/tokenStore';
import { DEMO_TOKENS_ENV } from './ids';
import type { Log } from './log';

/**
 * `npm run demo` and the host tests start VS Code with COZE_WORKFLOWS_DEMO_TOKENS = {"<env id>": "<token>"}
 * so the embedded local server needs no sign-in. Called only when the extension runs in development or
 * test mode (never installed from a .vsix or the marketplace). Only environments whose base URL is a
 * loopback address are seeded, and an existing token is never replaced.
 */
export async function seedDemoTokens(envs: EnvironmentService, tokens: TokenStore, log: Log): Promise<void> {
  const raw = process.env[DEMO_TOKENS_ENV];
  if (!raw) return;
  let map: unknown;
  try {
    map = JSON.parse(raw);
  } catch {
    log.warn('demo', `${DEMO_TOKENS_ENV} is not JSON; ignored`);
    return;
  }
  if (typeof map !== 'object' || map === null) return;
  for (const [envId, token] of Object.entries(map)) {
    const env = envs.all().find((e) => e.id === envId);
    if (!env || typeof token !== 'string' || !isLoopbackHost(new URL(env.baseUrl).hostname)) continue;
    if ((await tokens.state(env)).state === 'none') {
      await tokens.set(env, token);
      log.info('demo', `seeded the local token of ${env.name}`);
    }
  }
}
