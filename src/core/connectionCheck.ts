import type { CozeClient } from './client/cozeClient';
import { CozeError } from './errors';

export interface ConnectionReport {
  ok: boolean;
  /** What the check found, for a person: the server answered, the token was accepted or why not. */
  detail: string;
  error?: CozeError;
  workspaces?: number;
  ms: number;
}

/**
 * Checks that the server is a Coze API and that it accepts the token, with a call any token may make:
 * the workspace list on cloud; on Coze Studio, a run-history lookup of an id that cannot exist, where a
 * business error (not an authentication error) proves the token was accepted.
 */
export async function checkConnection(client: CozeClient, signal?: AbortSignal): Promise<ConnectionReport> {
  const t0 = Date.now();
  const opts = signal ? { signal } : {};
  try {
    if (client.dialect === 'cloud') {
      const { totalCount } = await client.listWorkspaces({ pageSize: 1 }, opts);
      return { ok: true, detail: `token accepted; ${totalCount} workspace(s)`, workspaces: totalCount, ms: Date.now() - t0 };
    }
    await client.getRunHistory('1', '1', opts);
    return { ok: true, detail: 'token accepted', ms: Date.now() - t0 };
  } catch (e) {
    const err = e instanceof CozeError ? e : new CozeError({ kind: 'network', message: String(e) });
    const authFailed = err.kind === 'auth' || err.kind === 'wrongRegion';
    const reachedStudio = client.dialect === 'studio' && !authFailed && err.code !== undefined && err.kind !== 'unsupported';
    if (reachedStudio) return { ok: true, detail: 'token accepted', ms: Date.now() - t0 };
    return { ok: false, detail: err.message, error: err, ms: Date.now() - t0 };
  }
}
