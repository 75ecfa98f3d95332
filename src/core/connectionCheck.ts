import type { CozeClient } from './client/cozeClient';
import { AUTH_KINDS } from './model/errorKind';
import { CozeError } from './errors';
import { CAPABILITIES } from './dialect';

/** A workflow id no workflow has: a run of it can only be refused, so asking costs nothing and starts nothing. */
export const PROBE_WORKFLOW_ID = '0';

export interface ConnectionReport {
  ok: boolean;
  /** What the check found, for a person: the server answered, the token was accepted or why not. */
  detail: string;
  /** Why the token was refused (when !ok), with its code and logid. */
  error?: CozeError;
  /** Cloud: whether the token may run workflows, and list workspaces (which only importing needs). */
  canRun?: boolean;
  canListWorkspaces?: boolean;
  /** Cloud: the token owner's workspaces, when it may list them. */
  workspaces?: number;
  ms: number;
}

function asCozeError(e: unknown): CozeError {
  return e instanceof CozeError ? e : new CozeError({ kind: 'network', message: String(e) });
}

/**
 * Checks that the server is a Coze API and that it accepts the token, with calls that start nothing:
 * - the permission every use needs, `run`: a run of a workflow id that cannot exist. A refusal of the id
 *   (not published, bad request) proves the token was accepted and may run; 4100 means the token is not
 *   valid, 4101 that it may not run (or, on coze.cn/coze.com, that it belongs to the other region).
 * - on cloud, `listWorkspace` (only importing workflows needs it): its absence is reported, not a failure.
 * On Coze Studio, which has no permissions per call, a run-history lookup of an id that cannot exist: a
 * business error, not an authentication error, proves the token was accepted.
 */
export async function checkConnection(client: CozeClient, signal?: AbortSignal): Promise<ConnectionReport> {
  const t0 = Date.now();
  const opts = signal ? { signal } : {};
  const failed = (err: CozeError): ConnectionReport => ({
    ok: false,
    detail: err.message,
    error: err,
    ...(CAPABILITIES[client.dialect].permissionsPerCall && err.kind === 'permission' ? { canRun: false } : {}),
    ms: Date.now() - t0,
  });
  if (!CAPABILITIES[client.dialect].permissionsPerCall) {
    try {
      await client.getRunHistory('1', '1', opts);
    } catch (e) {
      const err = asCozeError(e);
      const reached = !AUTH_KINDS.includes(err.kind) && err.code !== undefined && err.kind !== 'unsupported';
      if (!reached) return failed(err);
    }
    return { ok: true, detail: 'token accepted', ms: Date.now() - t0 };
  }
  try {
    await client.runSync({ workflowId: PROBE_WORKFLOW_ID }, opts);
  } catch (e) {
    const err = asCozeError(e);
    if (AUTH_KINDS.includes(err.kind) || err.code === undefined) return failed(err);
  }
  try {
    const { totalCount } = await client.listWorkspaces({ pageSize: 1 }, opts);
    return {
      ok: true,
      detail: `token accepted; may run workflows; ${totalCount} workspace(s)`,
      canRun: true,
      canListWorkspaces: true,
      workspaces: totalCount,
      ms: Date.now() - t0,
    };
  } catch (e) {
    const err = asCozeError(e);
    if (err.kind !== 'permission') return failed(err);
    return {
      ok: true,
      detail: 'token accepted; may run workflows; may not list workspaces (permission listWorkspace)',
      canRun: true,
      canListWorkspaces: false,
      ms: Date.now() - t0,
    };
  }
}
