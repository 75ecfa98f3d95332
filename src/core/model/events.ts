/** What a workflow's and a chatflow's event stream says, once read (the readers are in ../sse/). */

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

export type ChatStatus = 'created' | 'in_progress' | 'completed' | 'failed' | 'requires_action' | 'canceled';

export interface ChatInfo {
  id?: string;
  conversationId?: string;
  executeId?: string;
  status?: ChatStatus | string;
  usage?: Usage;
  lastError?: { code?: number; msg?: string };
  requiredAction?: unknown;
}

export interface ChatMessage {
  id?: string;
  conversationId?: string;
  chatId?: string;
  role: string;
  type: string;
  content: string;
  contentType: string;
}

export type ChatEvent =
  | { kind: 'chat'; event: string; chat: ChatInfo }
  | { kind: 'delta'; message: ChatMessage }
  | { kind: 'completed'; message: ChatMessage }
  | { kind: 'error'; code?: number; message: string; debugUrl?: string }
  | { kind: 'done'; debugUrl?: string }
  | { kind: 'unknown'; event: string; data: string };
