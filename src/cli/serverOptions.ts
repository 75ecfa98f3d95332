import { BUILTIN_ENVIRONMENTS, checkBaseUrl, originOf } from '../core/environments';
import { DIALECTS, type Dialect } from '../core/dialect';

/** Bad input or configuration: one clear line, exit code 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ServerConfig {
  baseUrl: string;
  dialect: Dialect;
  token: string;
  /** What the output calls the server. */
  name: string;
}

/** The flags every subcommand shares, as node:util parseArgs reads them. */
export const SERVER_FLAGS = {
  'base-url': { type: 'string' },
  dialect: { type: 'string' },
  region: { type: 'string' },
  'allow-insecure-http': { type: 'boolean' },
} as const;

/**
 * Where the CLI sends requests and with what token: `--base-url`/`--dialect`, else COZE_BASE_URL/COZE_DIALECT,
 * else `--region cn|com` (default cn); the token only from COZE_API_TOKEN, never from a flag (flags land in
 * shell history and process lists). Plain http only to this machine unless `--allow-insecure-http`.
 */
export function serverConfig(flags: { 'base-url'?: string; dialect?: string; region?: string; 'allow-insecure-http'?: boolean }, env: NodeJS.ProcessEnv): ServerConfig {
  const token = env.COZE_API_TOKEN?.trim();
  if (!token) throw new UsageError('Set COZE_API_TOKEN to a personal access token (the CLI takes the token from the environment only).');
  const explicit = flags['base-url'] ?? env.COZE_BASE_URL;
  if (explicit) {
    const dialect = (flags.dialect ?? env.COZE_DIALECT ?? (/(^|\.)coze\.(cn|com)$/.test(safeHost(explicit)) ? 'cloud' : undefined)) as Dialect | undefined;
    if (!dialect || !DIALECTS.includes(dialect)) throw new UsageError(`Say which server family ${explicit} is: --dialect cloud or --dialect studio (or COZE_DIALECT).`);
    const problem = checkBaseUrl(explicit, flags['allow-insecure-http'] === true);
    if (problem === 'insecure') throw new UsageError(`${explicit} is plain http: the token would travel unencrypted. Use https, or --allow-insecure-http if you mean it.`);
    if (problem) throw new UsageError(`--base-url ${explicit} is not a valid http(s) URL.`);
    return { baseUrl: explicit.replace(/\/+$/, ''), dialect, token, name: originOf(explicit) ?? explicit };
  }
  const region = flags.region ?? 'cn';
  const env2 = BUILTIN_ENVIRONMENTS.find((e) => e.id === `coze.${region}`);
  if (!env2) throw new UsageError(`--region takes cn or com (got "${region}").`);
  return { baseUrl: env2.baseUrl, dialect: 'cloud', token, name: env2.name };
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
