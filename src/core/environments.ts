import type { Dialect } from './model/workflow';

/** Where requests go: a built-in cloud region or a self-hosted server. Holds no secret. */
export interface EnvironmentDef {
  id: string;
  name: string;
  baseUrl: string;
  dialect: Dialect;
  builtin?: boolean;
  /** Allow sending the token over plain http to a non-loopback host (off unless the user says so). */
  allowInsecureHttp?: boolean;
}

export const BUILTIN_ENVIRONMENTS: readonly EnvironmentDef[] = [
  { id: 'coze.cn', name: 'coze.cn', baseUrl: 'https://api.coze.cn', dialect: 'cloud', builtin: true },
  { id: 'coze.com', name: 'coze.com', baseUrl: 'https://api.coze.com', dialect: 'cloud', builtin: true },
];

/** The other cloud region, for the 4100/4101 "wrong region" diagnosis. */
export function otherRegion(env: EnvironmentDef): EnvironmentDef | undefined {
  if (env.id === 'coze.cn') return BUILTIN_ENVIRONMENTS[1];
  if (env.id === 'coze.com') return BUILTIN_ENVIRONMENTS[0];
  return undefined;
}

/**
 * Where a token may go: the scheme, host and port of a base URL (`https://api.coze.cn`), or undefined for a
 * URL that is not http(s). A token is bound to the origin it was entered for and sent to no other.
 */
export function originOf(baseUrl: string): string | undefined {
  try {
    const url = new URL(baseUrl);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export type BaseUrlProblem = 'invalid' | 'scheme' | 'insecure';

/** Checks a base URL before a token is sent to it: http only to loopback unless the user allowed it. */
export function checkBaseUrl(baseUrl: string, allowInsecureHttp = false): BaseUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return 'invalid';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'scheme';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !allowInsecureHttp) return 'insecure';
  return undefined;
}

/** A saved workflow or a test file names an environment that is not configured here. */
export class UnknownEnvironmentError extends Error {
  constructor(readonly id: string) {
    super(`There is no environment "${id}" in your settings. Add it to coze.environments in your user settings, or change the workflow's environment.`);
    this.name = 'UnknownEnvironmentError';
  }
}

/**
 * The one rule for where a saved workflow or a test case runs (the tree, the panel, the Test Explorer, the
 * language model tool, the CLI and the MCP server): the environment it names, or the active one when it
 * names none. A name that is not configured is an error, never the active environment: the workflow's id
 * belongs to another server.
 */
export function environmentFor(named: string | undefined, environments: readonly EnvironmentDef[], active: EnvironmentDef): EnvironmentDef {
  if (!named) return active;
  const found = environments.find((e) => e.id === named);
  if (!found) throw new UnknownEnvironmentError(named);
  return found;
}
