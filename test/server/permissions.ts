/**
 * cloud token permissions (reference §1.2): each OpenAPI endpoint needs one permission of the token, and a token
 * without it gets HTTP 200 {"code":4101} (§11). Coze Studio has no permission model, so only cloud checks them.
 */
import { TOKENS } from './constants';

export type Permission = 'run' | 'listRunHistory' | 'getMetaData' | 'listWorkflow' | 'listWorkspace' | 'uploadFile';

export const ALL_PERMISSIONS: readonly Permission[] = ['run', 'listRunHistory', 'getMetaData', 'listWorkflow', 'listWorkspace', 'uploadFile'];

const WHAT: Record<Permission, string> = {
  run: 'run workflows',
  listRunHistory: 'read run history',
  getMetaData: 'read workflow metadata',
  listWorkflow: 'list workflows',
  listWorkspace: 'list workspaces',
  uploadFile: 'upload files',
};

/** The 4101 message, naming the missing permission so a person knows what to add to the token. */
export function noPermissionMsg(p: Permission): string {
  return `The token has no permission to ${WHAT[p]} (missing permission: ${p}). Add the permission to the token on the Coze platform.`;
}

/** `base` itself or `base_<suffix>` (so tests can tell tokens of one kind apart). */
export function isTokenOf(token: string | null, base: string): boolean {
  return token === base || (token !== null && token.startsWith(`${base}_`) && token.length > base.length + 1);
}

const except = (...missing: Permission[]): ReadonlySet<Permission> => new Set(ALL_PERMISSIONS.filter((p) => !missing.includes(p)));

const FAMILIES: [string, ReadonlySet<Permission>][] = [
  [TOKENS.valid, except()],
  [TOKENS.runOnly, except('listWorkspace', 'listWorkflow')],
  [TOKENS.noRun, except('run')],
];

/** The permissions of a scoped demo token (demo, run-only, no-run families), or null for any other token. */
export function scopedPermissions(token: string | null): ReadonlySet<Permission> | null {
  for (const [base, perms] of FAMILIES) if (isTokenOf(token, base)) return perms;
  return null;
}

export const EVERY_PERMISSION = except();
