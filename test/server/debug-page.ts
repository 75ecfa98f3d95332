/** GET /work_flow?execute_id=… (the studio debug_url target) and GET /local_storage/… (studio upload URLs). */
import type { ServerCtx } from './context';
import { findWorkflow } from './catalogue';
import { type Reply, escapeHtml } from './http';
import { stringify } from './json';

export function handleDebugPage(server: ServerCtx, reply: Reply, query: Record<string, string>): void {
  const exe = query.execute_id ?? '';
  const run = server.runs.get(exe);
  const e = escapeHtml;
  if (!run) {
    const body = `<!doctype html><html><head><meta charset="utf-8"><title>Run not found</title></head><body><h1>Run not found</h1><p>No execution <code>${e(exe)}</code> on this local Coze server.</p></body></html>`;
    reply.text(404, 'text/html; charset=utf-8', body);
    return;
  }
  const { state } = server.runs.view(run);
  const wf = findWorkflow(run.workflowId);
  const rows: [string, string][] = [
    ['Workflow', `${wf?.name ?? 'unknown'} (${run.workflowId})`],
    ['Execute id', run.executeId],
    ['Status', state.status],
    ['Mode', ['sync', 'stream', 'async'][run.runMode] ?? String(run.runMode)],
    ['Started', new Date(run.createdAt).toISOString()],
    ['Input', run.input],
  ];
  if (state.output) rows.push(['Output', stringify(state.output)]);
  if (state.error) rows.push(['Error', `${state.error.code}: ${state.error.message}`]);
  if (state.interrupt) rows.push(['Waiting for', `event ${state.interrupt.eventId} (interrupt type ${state.interrupt.spec.type})`]);
  const table = rows.map(([k, v]) => `<tr><th>${e(k)}</th><td><code>${e(v)}</code></td></tr>`).join('');
  const body =
    `<!doctype html><html><head><meta charset="utf-8"><title>${e(`Run ${run.executeId}: ${state.status}`)}</title>` +
    '<style>body{font-family:sans-serif;margin:2em}th{text-align:left;padding-right:1em;vertical-align:top}code{white-space:pre-wrap;word-break:break-all}</style>' +
    `</head><body><h1>${e(wf?.name ?? run.workflowId)} — ${e(state.status)}</h1><p>Local Coze test server (${e(server.dialect)}).</p><table>${table}</table></body></html>`;
  reply.text(200, 'text/html; charset=utf-8', body);
}

/** The server keeps no file contents; the storage URL answers with what it knows about the upload. */
export function handleStorage(server: ServerCtx, reply: Reply, path: string): void {
  const m = /^\/local_storage\/bot_files\/(\d+)\//.exec(path);
  const up = m ? server.uploads.get(m[1]!) : undefined;
  if (!up) {
    reply.text(404, 'text/plain; charset=utf-8', 'not found\n');
    return;
  }
  reply.text(200, 'text/plain; charset=utf-8', `${up.fileName}\n${up.bytes} bytes\nsha256 ${up.sha256}\n(the local test server does not keep file contents)\n`);
}
