import type { DoneEvent, ErrorEvent, InterruptEvent, InterruptInfo, MessageEvent, PingEvent, UnknownEvent, Usage, WorkflowEvent } from '../model/events';
import { asIdString, asNumber, asString, isRecord, parseJsonLossless, tryParseJson } from '../model/json';
import type { RawSseEvent } from './rawEvent';

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

/**
 * The hot path of a stream, a Message as both servers spell it: one plain JSON.parse. A Message reads one
 * field that can be an int64 number (studio's node_id), so only a rounded one of those costs a lossless
 * second parse; anything unusual (broken JSON, not an object) takes the general path.
 */
function messageAsSent(raw: RawSseEvent): MessageEvent | undefined {
  let data: unknown;
  try {
    data = JSON.parse(raw.data);
  } catch {
    return undefined;
  }
  if (!isRecord(data)) return undefined;
  let nodeId = data.node_id;
  if (typeof nodeId === 'number' && Number.isInteger(nodeId) && !Number.isSafeInteger(nodeId))
    nodeId = (parseJsonLossless(raw.data) as Record<string, unknown>).node_id;
  return messageEvent(data, nodeId, raw.id);
}

/**
 * One object of one shape for every Message (a field the server left out is undefined rather than absent),
 * so V8 builds each from the same map with no transitions; one read of each field.
 */
function messageEvent(data: Record<string, unknown>, nodeIdValue: unknown, rawId: string | undefined): MessageEvent {
  const { content, node_title: title, node_type: type, node_seq_id: seq, node_execute_uuid: uuid, usage } = data;
  return {
    kind: 'message',
    id: rawId === '' ? undefined : rawId,
    content: typeof content === 'string' ? content : '',
    nodeId: asIdString(nodeIdValue),
    nodeTitle: typeof title === 'string' ? title : undefined,
    nodeType: typeof type === 'string' ? type : undefined,
    nodeSeqId: typeof seq === 'number' ? seq : typeof seq === 'string' && seq !== '' ? finite(Number(seq)) : undefined,
    nodeIsFinish: data.node_is_finish === true,
    nodeExecuteUuid: typeof uuid === 'string' ? uuid : undefined,
    usage: usage !== undefined && usage !== null ? parseUsage(usage) : data.token !== undefined ? tokenUsage(data.token) : undefined,
  };
}

const finite = (n: number): number | undefined => (Number.isFinite(n) ? n : undefined);

/** Studio's `token` total as usage; a zero count is no usage. */
function tokenUsage(value: unknown): Usage | undefined {
  const token = asNumber(value);
  return token ? { tokenCount: token } : undefined;
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
  if (raw.event === 'Message') {
    const message = messageAsSent(raw);
    if (message) return message;
  }
  const name = raw.event ?? '';
  // the names as both servers spell them skip the lower-casing (one string per event on a fast stream)
  const lower = name === 'Message' ? 'message' : name === 'PING' ? 'ping' : name.toLowerCase();
  const json = raw.data === '' ? undefined : tryParseJson(raw.data);
  const data = isRecord(json) ? json : undefined;
  switch (lower) {
    case 'message':
      if (data) return messageEvent(data, data.node_id, raw.id);
      break;
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
