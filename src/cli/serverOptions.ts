import { BUILTIN_ENVIRONMENTS, checkBaseUrl, originOf } from '../core/environments';
import { DIALECTS, type Dialect } from '../core/model/workflow';

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
  /** Where the choice of server came from, as the first line of output says it. */
  source: '--base-url' | '--region' | 'COZE_BASE_URL' | 'the default' | 'the environment it names';
}

/** The flags every subcommand shares, as node:util parseArgs reads them. */
export const SERVER_FLAGS = {
  'base-url': { type: 'string' },
  dialect: { type: 'string' },
  region: { type: 'string' },
  'allow-insecure-http': { type: 'boolean' },
} as const;

/**
 * Where the CLI sends requests and with what token. Explicit beats ambient: a flag (`--base-url`, or
 * `--region cn|com`) wins over COZE_BASE_URL in the environment, which wins over the default (coze.cn). The
 * token only from COZE_API_TOKEN, never from a flag (flags land in shell history and process lists). Plain
 * http only to this machine unless `--allow-insecure-http`.
 */
export function serverConfig(
  flags: { 'base-url'?: string; dialect?: string; region?: string; 'allow-insecure-http'?: boolean },
  env: NodeJS.ProcessEnv,
): ServerConfig {
  const token = env.COZE_API_TOKEN?.trim();
  if (!token) throw new UsageError('Set COZE_API_TOKEN to a personal access token (the CLI takes the token from the environment only).');
  if (flags['base-url'] !== undefined && flags.region !== undefined) throw new UsageError('Give --base-url or --region, not both.');
  const fromFlag = flags['base-url'] !== undefined;
  const explicit = flags['base-url'] ?? (flags.region === undefined ? env.COZE_BASE_URL : undefined);
  if (explicit) {
    const dialect = (flags.dialect ?? env.COZE_DIALECT ?? (/(^|\.)coze\.(cn|com)$/.test(safeHost(explicit)) ? 'cloud' : undefined)) as Dialect | undefined;
    if (!dialect || !DIALECTS.includes(dialect))
      throw new UsageError(`Say which server family ${explicit} is: --dialect cloud or --dialect studio (or COZE_DIALECT).`);
    const problem = checkBaseUrl(explicit, flags['allow-insecure-http'] === true);
    if (problem === 'insecure')
      throw new UsageError(`${explicit} is plain http: the token would travel unencrypted. Use https, or --allow-insecure-http if you mean it.`);
    if (problem) throw new UsageError(`--base-url ${explicit} is not a valid http(s) URL.`);
    return { baseUrl: explicit.replace(/\/+$/, ''), dialect, token, name: originOf(explicit) ?? explicit, source: fromFlag ? '--base-url' : 'COZE_BASE_URL' };
  }
  const region = flags.region ?? 'cn';
  const builtin = BUILTIN_ENVIRONMENTS.find((e) => e.id === `coze.${region}`);
  if (!builtin) throw new UsageError(`--region takes cn or com (got "${region}").`);
  return { baseUrl: builtin.baseUrl, dialect: 'cloud', token, name: builtin.name, source: flags.region !== undefined ? '--region' : 'the default' };
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/**
 * Where a test case or a saved workflow that names the environment `named` runs from the CLI (the editor's
 * rule, src/core/environments.ts, as far as the CLI can see): a flag says where everything runs; otherwise a
 * built-in region it names (coze.cn, coze.com) is honoured, and one of the editor's user settings, which the
 * CLI cannot see, is an error that says which flag to pass.
 */
export function serverFor(named: string | undefined, server: ServerConfig): ServerConfig {
  if (!named || server.source === '--base-url' || server.source === '--region') return server;
  const builtin = BUILTIN_ENVIRONMENTS.find((e) => e.id === named);
  if (!builtin)
    throw new UsageError(
      `"${named}" is an environment of the editor's user settings, which the CLI cannot see: pass --base-url with --dialect (or --region) to say where to run.`,
    );
  return builtin.baseUrl === server.baseUrl
    ? server
    : { ...server, baseUrl: builtin.baseUrl, dialect: 'cloud', name: builtin.name, source: 'the environment it names' };
}
