import { CozeError } from '../errors';
import { CAPABILITIES } from '../dialect';
import type { Dialect } from '../model/workflow';
import type { RunMode, RunRequest } from '../model/workflow';

/**
 * The JSON body of run and stream_run, as the client sends it and as every snippet repeats it: one builder,
 * so a copied command cannot drift from what the extension sent. bot_id and app_id are never both sent
 * (cloud answers 4000); each dialect gets only the options it knows (cloud: workflow_version, connector_id;
 * Coze Studio: execute_mode, version, connector_id).
 */
export function runBody(dialect: Dialect, req: RunRequest, extra: Record<string, unknown> = {}): Record<string, unknown> {
  if (req.botId && req.appId) {
    throw new CozeError({ kind: 'badRequest', message: 'A run takes either bot_id or app_id, not both. Remove one of them.', operation: 'run' });
  }
  const body: Record<string, unknown> = { workflow_id: req.workflowId, parameters: req.parameters ?? {} };
  if (req.botId) body.bot_id = req.botId;
  if (req.appId) body.app_id = req.appId;
  if (req.ext && Object.keys(req.ext).length > 0) body.ext = req.ext;
  if (CAPABILITIES[dialect].draftRuns) {
    if (req.executeMode) body.execute_mode = req.executeMode;
    if (req.version) body.version = req.version;
  } else if (req.workflowVersion) body.workflow_version = req.workflowVersion;
  if (req.connectorId) body.connector_id = req.connectorId;
  return { ...body, ...extra };
}

/** One run as the HTTP request the client makes for it: where it goes and what it carries (never the token). */
export interface RunCall {
  mode: RunMode;
  dialect: Dialect;
  baseUrl: string;
  path: '/v1/workflow/stream_run' | '/v1/workflow/run';
  body: Record<string, unknown>;
}

export function runCall(dialect: Dialect, baseUrl: string, req: RunRequest, mode: RunMode): RunCall {
  return {
    mode,
    dialect,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    path: mode === 'stream' ? '/v1/workflow/stream_run' : '/v1/workflow/run',
    body: runBody(dialect, req, mode === 'async' ? { is_async: true } : {}),
  };
}
