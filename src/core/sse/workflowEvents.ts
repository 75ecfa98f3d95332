import { asIdString, asNumber, asString, isRecord, tryParseJson } from '../json';
import type { RawSseEvent } from './rawEvent';

/** Token usage as cloud reports it; studio reports only a total (`token`). */
export interface Usage {
  inputCount?: number;
  outputCount?: number;
  tokenCount?: number;
}

export interface InterruptInfo {
  /** `<execute_id>/<event_no>`: what stream_resume needs back. */
  eventId: string;
  /** 2 question, 5 input, 7 OAuth plugin, 1 or 6 client-side plugin. */
  type: number;
  /** The question payload, kept raw: plain text on cloud, JSON text `{"messages":[…]}` on studio. */
  data: string;
  /** Input-node fields the answer must carry (newer cloud). */
  requiredParameters?: Record<string, unknown>;
}

export interface MessageEvent {
  kind: 'message';
  id?: string;
  content: string;
  nodeId?: string;
  nodeTitle?: string;
  nodeType?: string;
  nodeSeqId?: number;
  nodeIsFinish: boolean;
  nodeExecuteUuid?: string;
  usage?: Usage;
}
export interface ErrorEvent {
  kind: 'error';
  id?: string;
  code?: number;
  message: string;
  debugUrl?: string;
  /** true for studio's lower-case `error` event: a transport failure with plain-text data. */
  transport: boolean;
}
export interface InterruptEvent {
  kind: 'interrupt';
  id?: string;
  interrupt: InterruptInfo;
  nodeTitle?: string;
  debugUrl?: string;
}
export interface DoneEvent {
  kind: 'done';
  id?: string;
  debugUrl?: string;
}
export interface PingEvent {
  kind: 'ping';
  id?: string;
}
export interface UnknownEvent {
  kind: 'unknown';
  id?: string;
  event: string;
  data: string;
}

export type WorkflowEvent = MessageEvent | ErrorEvent | InterruptEvent | DoneEvent | PingEvent | UnknownEvent;

/** Events after which a server may close the stream without a Done. */
export function isTerminal(e: WorkflowEvent): boolean {
  return e.kind === 'done' || e.kind === 'error' || e.kind === 'interrupt';
}

export function parseUsage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined;
  const usage: Usage = {};
  const input = asNumber(value.input_count);
  const output = asNumber(value.output_count);
  const total = asNumber(value.token_count);
  if (input !== undefined) usage.inputCount = input;
  if (output !== undefined) usage.outputCount = output;
  if (total !== undefined) usage.tokenCount = total;
  return Object.keys(usage).length > 0 ? usage : undefined;
}

export function parseInterrupt(value: unknown): InterruptInfo | undefined {
  if (!isRecord(value)) return undefined;
  const eventId = asIdString(value.event_id);
  if (eventId === undefined) return undefined;
  const info: InterruptInfo = {
    eventId,
    type: asNumber(value.type) ?? 0,
    data: typeof value.data === 'string' ? value.data : value.data === undefined || value.data === null ? '' : JSON.stringify(value.data),
  };
  if (isRecord(value.required_parameters)) info.requiredParameters = value.required_parameters;
  return info;
}

function withId<T extends { id?: string }>(event: T, id: string | undefined): T {
  if (id !== undefined && id !== '') event.id = id;
  return event;
}

/**
 * Gives a raw SSE event its Coze meaning, tolerant where servers differ (reference §4.9): event names in any
 * case, studio's plain-text lower-case `error`, empty `data`, studio's Interrupt without node_title.
 */
export function toWorkflowEvent(raw: RawSseEvent): WorkflowEvent {
  const name = raw.event ?? '';
  // the names as both servers spell them skip the lower-casing (one string per event on a fast stream)
  const lower = name === 'Message' ? 'message' : name === 'PING' ? 'ping' : name.toLowerCase();
  const json = raw.data === '' ? undefined : tryParseJson(raw.data);
  const data = isRecord(json) ? json : undefined;
  switch (lower) {
    case 'message': {
      if (!data) break;
      // the hot path of a stream: one read of each field, no helper allocations when fields are absent
      const content = data.content;
      const event: MessageEvent = { kind: 'message', content: typeof content === 'string' ? content : '', nodeIsFinish: data.node_is_finish === true };
      if (raw.id !== undefined && raw.id !== '') event.id = raw.id;
      const nodeId = asIdString(data.node_id);
      if (nodeId !== undefined) event.nodeId = nodeId;
      if (typeof data.node_title === 'string') event.nodeTitle = data.node_title;
      if (typeof data.node_type === 'string') event.nodeType = data.node_type;
      const seq = data.node_seq_id;
      if (typeof seq === 'number') event.nodeSeqId = seq;
      else if (typeof seq === 'string' && seq !== '') {
        const n = Number(seq);
        if (Number.isFinite(n)) event.nodeSeqId = n;
      }
      if (typeof data.node_execute_uuid === 'string') event.nodeExecuteUuid = data.node_execute_uuid;
      if (data.usage !== undefined && data.usage !== null) {
        const usage = parseUsage(data.usage);
        if (usage) event.usage = usage;
      } else if (data.token !== undefined) {
        const token = asNumber(data.token);
        if (token) event.usage = { tokenCount: token };
      }
      return event;
    }
    case 'error': {
      if (data && (data.error_code !== undefined || data.error_message !== undefined || data.code !== undefined)) {
        const event: ErrorEvent = {
          kind: 'error',
          message: asString(data.error_message) ?? asString(data.msg) ?? raw.data,
          transport: false,
        };
        const code = asNumber(data.error_code) ?? asNumber(data.code);
        if (code !== undefined) event.code = code;
        if (typeof data.debug_url === 'string' && data.debug_url) event.debugUrl = data.debug_url;
        return withId(event, raw.id);
      }
      return withId<ErrorEvent>({ kind: 'error', message: raw.data || name, transport: true }, raw.id);
    }
    case 'interrupt': {
      const interrupt = parseInterrupt(data?.interrupt_data);
      if (!data || !interrupt) break;
      const event: InterruptEvent = { kind: 'interrupt', interrupt };
      if (typeof data.node_title === 'string') event.nodeTitle = data.node_title;
      if (typeof data.debug_url === 'string' && data.debug_url) event.debugUrl = data.debug_url;
      return withId(event, raw.id);
    }
    case 'done': {
      const event: DoneEvent = { kind: 'done' };
      if (data && typeof data.debug_url === 'string' && data.debug_url) event.debugUrl = data.debug_url;
      return withId(event, raw.id);
    }
    case 'ping':
      return withId<PingEvent>({ kind: 'ping' }, raw.id);
  }
  return withId<UnknownEvent>({ kind: 'unknown', event: name, data: raw.data }, raw.id);
}
