/** Per-dialect JSON of stream events (reference §4.5) and debug URLs. */
import { NODES, SPACE_ID, USAGE } from './constants';
import type { NodeInfo } from './constants';
import type { ServerCtx } from './context';
import { contentPieces } from './content';
import { nodeExecuteUuid } from './ids';
import { stringify } from './json';
import type { DataParts } from './sse';
import type { BigContent, InterruptSpec } from './script';

/** debug_url of a run. `history` adds cloud's trailing execute_mode=2 seen in run-history bodies. */
export function debugUrl(server: ServerCtx, executeId: string, workflowId: string, history = false): string {
  // a hostile server's run (ServerOptions.echoToken) carries the caller's token in its debug_url too
  const echo = server.runs.get(executeId)?.echo;
  const tail = echo ? `&caller=${echo}` : '';
  if (server.dialect === 'cloud') {
    const host = server.region === 'com' ? 'www.coze.com' : 'www.coze.cn';
    return `https://${host}/work_flow?execute_id=${executeId}&space_id=${SPACE_ID}&workflow_id=${workflowId}${history ? '&execute_mode=2' : ''}${tail}`;
  }
  return `${server.url}/work_flow?execute_id=${executeId}&execute_mode=2&space_id=${SPACE_ID}&workflow_id=${workflowId}${tail}`;
}

/** studio error bodies with no execution carry a debug_url with zero ids. */
export function zeroDebugUrl(server: ServerCtx): string {
  return `${server.url}/work_flow?execute_id=0&execute_mode=2&space_id=0&workflow_id=0`;
}

export interface RenderCtx {
  server: ServerCtx;
  executeId: string;
  workflowId: string;
}

/** Joins `{"content":` + content + the rest of the object, streaming big content in pieces. */
function withContent(content: string | BigContent, rest: Record<string, unknown>): DataParts {
  const tail = stringify(rest).slice(1);
  const sep = tail === '}' ? '' : ',';
  if (typeof content === 'string') return `{"content":${JSON.stringify(content)}${sep}${tail}`;
  return {
    *parts() {
      yield '{"content":"';
      yield* contentPieces(content);
      yield `"${sep}${tail}`;
    },
  };
}

/** A Message event of an output node chunk. */
export function messageData(rc: RenderCtx, node: NodeInfo, seq: number, finish: boolean, content: string | BigContent): DataParts {
  if (rc.server.dialect === 'cloud') {
    return withContent(content, {
      node_title: node.title,
      node_seq_id: String(seq),
      node_is_finish: finish,
      node_id: node.id,
      node_execute_uuid: nodeExecuteUuid(rc.executeId, node.id),
    });
  }
  return withContent(content, {
    content_type: 'text',
    node_seq_id: String(seq),
    node_id: node.id,
    node_is_finish: finish,
    node_type: node.type,
    node_title: node.title,
  });
}

/** The End node's Message: the output object as JSON text. */
export function endMessageData(rc: RenderCtx, output: Record<string, unknown>, end: NodeInfo = NODES.end): string {
  const content = stringify(output);
  if (rc.server.dialect === 'cloud') {
    return stringify({
      content,
      node_title: '',
      node_seq_id: '0',
      node_is_finish: true,
      node_id: end.id,
      node_execute_uuid: nodeExecuteUuid(rc.executeId, end.id),
      cost: '0.00',
      token: 0,
      usage: USAGE,
    });
  }
  return stringify({
    content,
    content_type: 'text',
    node_seq_id: '0',
    node_id: end.id,
    node_is_finish: true,
    node_type: end.type,
    node_title: end.title,
    token: USAGE.token_count,
  });
}

export function errorData(rc: RenderCtx, code: number, message: string): string {
  if (rc.server.dialect === 'cloud') return stringify({ error_code: code, error_message: message });
  return stringify({ error_code: code, error_message: message, debug_url: debugUrl(rc.server, rc.executeId, rc.workflowId) });
}

export function interruptData(rc: RenderCtx, eventId: string, spec: InterruptSpec): string {
  if (rc.server.dialect === 'cloud') {
    const interrupt_data: Record<string, unknown> = { event_id: eventId, type: spec.type, data: spec.cloudData };
    if (spec.requiredParameters) interrupt_data.required_parameters = spec.requiredParameters;
    return stringify({ interrupt_data, node_title: spec.node.title });
  }
  return stringify({
    debug_url: debugUrl(rc.server, rc.executeId, rc.workflowId),
    interrupt_data: { event_id: eventId, type: spec.type, data: spec.studioData },
  });
}

export function doneData(rc: RenderCtx): string {
  return stringify({ debug_url: debugUrl(rc.server, rc.executeId, rc.workflowId) });
}
