import type { RunMode, RunRequest } from '../client/types';

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The JSON body a run sends, as the client would build it (no bot_id together with app_id). */
export function runBodyFor(req: RunRequest, mode: RunMode): Record<string, unknown> {
  const body: Record<string, unknown> = { workflow_id: req.workflowId, parameters: req.parameters ?? {} };
  if (req.botId) body.bot_id = req.botId;
  else if (req.appId) body.app_id = req.appId;
  if (req.ext && Object.keys(req.ext).length) body.ext = req.ext;
  if (req.workflowVersion) body.workflow_version = req.workflowVersion;
  if (req.connectorId) body.connector_id = req.connectorId;
  if (req.executeMode) body.execute_mode = req.executeMode;
  if (req.version) body.version = req.version;
  if (mode === 'async') body.is_async = true;
  return body;
}

/**
 * A curl command that repeats a run. The token is never written: it reads $COZE_API_TOKEN, so the command
 * can be pasted into chats and tickets as it is.
 */
export function curlForRun(baseUrl: string, req: RunRequest, mode: RunMode): string {
  const path = mode === 'stream' ? '/v1/workflow/stream_run' : '/v1/workflow/run';
  return [
    `curl ${mode === 'stream' ? '-N ' : ''}-X POST ${shellQuote(baseUrl.replace(/\/+$/, '') + path)}`,
    `  -H "Authorization: Bearer $COZE_API_TOKEN"`,
    `  -H 'Content-Type: application/json'`,
    `  -d ${shellQuote(JSON.stringify(runBodyFor(req, mode)))}`,
  ].join(' \\\n');
}
