/**
 * Which handler answers which path in each dialect, and which cloud token permission it needs (§1.2). studio:
 * only its OpenAPI allow-list accepts a PAT; any other path gets HTTP 401 "missing session_key in cookie"
 * (§1.5, §2). cloud: unknown paths get 404.
 */
import type { Dialect } from './types';
import type { RequestCtx } from './context';
import { handleChat, handleConversationCreate } from './chat';
import { handleCloudHistory, handleCloudNodeHistory, handleStudioHistory } from './history';
import { handleCloudList, handleCloudVersions, handleCloudWorkflowInfo, handleStudioRole, handleWorkspaces } from './meta';
import { handleCloudResume, handleRun, handleStreamResume, handleStreamRun } from './run-routes';
import { handleRetrieve, handleUpload } from './uploads';
import type { Permission } from './permissions';

type Handler = (rc: RequestCtx, m: string[]) => void | Promise<void>;

interface Route {
  method: string;
  re: RegExp;
  dialects: Dialect[];
  /** What a cloud token needs to call it (studio checks no permissions). */
  permission: Permission;
  handler: Handler;
}

const BOTH: Dialect[] = ['cloud', 'studio'];

const ROUTES: Route[] = [
  { method: 'POST', re: /^\/v1\/workflow\/run$/, dialects: BOTH, permission: 'run', handler: handleRun },
  { method: 'POST', re: /^\/v1\/workflow\/stream_run$/, dialects: BOTH, permission: 'run', handler: handleStreamRun },
  { method: 'POST', re: /^\/v1\/workflow\/stream_resume$/, dialects: BOTH, permission: 'run', handler: handleStreamResume },
  { method: 'POST', re: /^\/v1\/workflows\/chat$/, dialects: BOTH, permission: 'run', handler: handleChat },
  { method: 'POST', re: /^\/v1\/files\/upload$/, dialects: BOTH, permission: 'uploadFile', handler: handleUpload },
  { method: 'POST', re: /^\/v1\/workflows\/resume$/, dialects: ['cloud'], permission: 'run', handler: handleCloudResume },
  { method: 'GET', re: /^\/v1\/files\/retrieve$/, dialects: ['cloud'], permission: 'uploadFile', handler: handleRetrieve },
  {
    method: 'GET',
    re: /^\/v1\/workflows\/([^/]+)\/run_histories\/([^/]+)\/execute_nodes\/([^/]+)$/,
    dialects: ['cloud'],
    permission: 'listRunHistory',
    handler: (rc, m) => handleCloudNodeHistory(rc, m[1]!, m[2]!, m[3]!),
  },
  {
    method: 'GET',
    re: /^\/v1\/workflows\/([^/]+)\/run_histories\/([^/]+)$/,
    dialects: ['cloud'],
    permission: 'listRunHistory',
    handler: (rc, m) => handleCloudHistory(rc, m[1]!, m[2]!),
  },
  { method: 'GET', re: /^\/v1\/workflows$/, dialects: ['cloud'], permission: 'listWorkflow', handler: handleCloudList },
  {
    method: 'GET',
    re: /^\/v1\/workflows\/([^/]+)\/versions$/,
    dialects: ['cloud'],
    permission: 'getMetaData',
    handler: (rc, m) => handleCloudVersions(rc, decodeURIComponent(m[1]!)),
  },
  { method: 'GET', re: /^\/v1\/workspaces$/, dialects: ['cloud'], permission: 'listWorkspace', handler: handleWorkspaces },
  {
    method: 'GET',
    re: /^\/v1\/workflows\/([^/]+)$/,
    dialects: ['cloud'],
    permission: 'getMetaData',
    handler: (rc, m) => handleCloudWorkflowInfo(rc, decodeURIComponent(m[1]!)),
  },
  { method: 'GET', re: /^\/v1\/workflow\/get_run_history$/, dialects: ['studio'], permission: 'listRunHistory', handler: handleStudioHistory },
  { method: 'POST', re: /^\/v1\/workflow\/conversation\/create$/, dialects: ['studio'], permission: 'run', handler: handleConversationCreate },
  { method: 'GET', re: /^\/v1\/workflows\/([0-9]+)$/, dialects: ['studio'], permission: 'getMetaData', handler: (rc, m) => handleStudioRole(rc, m[1]!) },
];

/** studio's OpenAPI allow-list (workflow-related entries, §2). */
const STUDIO_ALLOW = [
  /^\/v1\/files\/upload$/,
  /^\/v1\/workflow\/run$/,
  /^\/v1\/workflow\/stream_run$/,
  /^\/v1\/workflow\/stream_resume$/,
  /^\/v1\/workflow\/get_run_history$/,
  /^\/v1\/workflows\/chat$/,
  /^\/v1\/workflow\/conversation\/create$/,
  /^\/v1\/workflows\/[0-9]+$/,
];

export type Resolution = { kind: 'route'; handler: Handler; match: string[]; permission: Permission } | { kind: 'not-found' } | { kind: 'no-session' };

export function resolve(dialect: Dialect, method: string, path: string): Resolution {
  if (dialect === 'studio' && !STUDIO_ALLOW.some((re) => re.test(path))) return { kind: 'no-session' };
  for (const r of ROUTES) {
    if (!r.dialects.includes(dialect) || r.method !== method) continue;
    const m = r.re.exec(path);
    if (m) return { kind: 'route', handler: r.handler, match: [...m], permission: r.permission };
  }
  return { kind: 'not-found' };
}
