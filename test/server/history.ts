/**
 * Run history: cloud GET /v1/workflows/{wf}/run_histories/{exe} (§6.1, string ids) and its execute_nodes
 * (§6.2); studio GET /v1/workflow/get_run_history (§6.3, int64 ids as raw JSON numbers, no code/msg).
 */
import { USAGE } from './constants';
import type { RequestCtx } from './context';
import { rawNumber, stringify } from './json';
import { debugUrl } from './render';
import type { RunRecord } from './runs';

const sec = (ms: number) => Math.floor(ms / 1000);

/** cloud history `output`: {"Output": <End output>} (the End output's single text value when it has one). */
function cloudOutput(output: Record<string, unknown> | undefined): string {
  if (!output) return '{"Output":""}';
  const keys = Object.keys(output);
  const text = keys.length === 1 && typeof output[keys[0]!] === 'string' ? output[keys[0]!] : stringify(output);
  return stringify({ Output: text });
}

function cloudItem(rc: RequestCtx, run: RunRecord): Record<string, unknown> {
  const { state, updatedAt } = rc.server.runs.view(run);
  const status = state.status === 'Cancel' ? 'Fail' : state.status;
  const ok = status === 'Success';
  const item: Record<string, unknown> = {
    execute_id: run.executeId,
    execute_status: status,
    bot_id: '0',
    connector_id: '1024',
    connector_uid: run.connectorUid,
    run_mode: run.runMode,
    logid: run.logid,
    create_time: sec(run.createdAt),
    update_time: sec(updatedAt),
    output: cloudOutput(ok ? state.output : undefined),
    token: ok ? String(USAGE.token_count) : '0',
    cost: '0.00000',
    usage: ok ? USAGE : { input_count: 0, output_count: 0, token_count: 0 },
    error_code: state.error?.code ?? '',
    error_message: state.error?.message ?? '',
    debug_url: debugUrl(rc.server, run.executeId, run.workflowId, true),
    is_output_trimmed: false,
    node_execute_status: {},
  };
  const intr = state.interrupt;
  if (intr) {
    const d: Record<string, unknown> = { event_id: intr.eventId, type: intr.spec.type, data: intr.spec.cloudData };
    if (intr.spec.requiredParameters) d.required_parameters = intr.spec.requiredParameters;
    item.interrupt_data = d;
  }
  return item;
}

/** GET /v1/workflows/{wf}/run_histories/{exe} */
export function handleCloudHistory(rc: RequestCtx, workflowId: string, executeId: string): void {
  const run = rc.server.runs.get(executeId);
  if (!run || run.workflowId !== workflowId) {
    rc.reply.error(4000, `Request parameter error: no execution ${executeId} of workflow ${workflowId}`);
    return;
  }
  rc.reply.ok({ data: [cloudItem(rc, run)] });
}

/** GET /v1/workflows/{wf}/run_histories/{exe}/execute_nodes/{uuid} */
export function handleCloudNodeHistory(rc: RequestCtx, workflowId: string, executeId: string, uuid: string): void {
  const run = rc.server.runs.get(executeId);
  const node = run && run.workflowId === workflowId ? run.nodeOutputs.get(uuid) : undefined;
  if (!node) {
    rc.reply.error(4000, `Request parameter error: no output node execution ${uuid} in execution ${executeId}`);
    return;
  }
  rc.reply.ok({ data: { is_finish: node.finished, node_output: node.text } });
}

/** GET /v1/workflow/get_run_history?workflow_id=&execute_id= (studio). */
export function handleStudioHistory(rc: RequestCtx): void {
  const { workflow_id: wf, execute_id: exe } = rc.query;
  if (!wf || !exe) {
    rc.reply.error(400, `missing required query parameter ${!wf ? 'workflow_id' : 'execute_id'}`, 400);
    return;
  }
  const run = rc.server.runs.get(exe);
  if (!run || run.workflowId !== wf || !/^\d+$/.test(exe)) {
    rc.reply.error(777777775, `workflow operation failure: execute history of ${exe} not found`);
    return;
  }
  const { state, updatedAt } = rc.server.runs.view(run);
  const ok = state.status === 'Success';
  const item = {
    execute_id: rawNumber(run.executeId),
    execute_status: state.status,
    bot_id: null,
    connector_id: rawNumber('1024'),
    connector_uid: run.connectorUid,
    run_mode: run.runMode,
    log_id: run.logid,
    create_time: sec(run.createdAt),
    update_time: sec(updatedAt),
    debug_url: debugUrl(rc.server, run.executeId, run.workflowId),
    input: run.input,
    output: ok ? stringify(state.output) : null,
    token: ok ? USAGE.token_count : null,
    cost: ok ? '0.00000' : null,
    cost_unit: null,
    ext: null,
    error_code: state.error?.code ?? null,
    error_msg: state.error?.message ?? null,
  };
  // Built as text so the 19-digit ids are JSON numbers with every digit (never through a JS number).
  rc.reply.json(200, stringify({ data: [item], BaseResp: null }));
}
