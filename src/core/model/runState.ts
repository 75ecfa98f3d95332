import type { InterruptInfo, MessageEvent, Usage } from './events';
import type { RunErrorView, RunUpdate } from './runUpdate';
import { kindForCode } from './errorKind';
import { parseJsonForDisplay, stringifyExact } from './json';

export type RunStatus = 'pending' | 'running' | 'interrupted' | 'succeeded' | 'failed' | 'cancelled';
export type NodeState = 'running' | 'finished' | 'failed';

export interface NodeView {
  key: string;
  nodeId?: string;
  /** Cloud's id of this node's execution: where its complete output can be read back (execute_nodes). */
  executeUuid?: string;
  title: string;
  type?: string;
  /** Chunks merged in order. */
  text: string;
  /** Characters of the text not held here: the panel is sent what it shows, the host keeps the rest (TextWindow). */
  omitted?: number;
  chunks: number;
  state: NodeState;
  firstAt: number;
  lastAt: number;
  isEnd: boolean;
}

export interface RunState {
  status: RunStatus;
  nodes: NodeView[];
  /** The End node's output (JSON text or plain text) or the sync result's data. */
  output?: string;
  /** Characters of the output not held here (the panel is sent its beginning; the host keeps the rest). */
  outputOmitted?: number;
  error?: RunErrorView;
  /**
   * The pending question: its payload, the node's title (a heading), and the text the question node
   * streamed just before it (cloud sends the question there and leaves the interrupt's data empty).
   */
  interrupt?: InterruptInfo & { nodeTitle?: string; streamed?: string };
  debugUrl?: string;
  executeId?: string;
  /** An async run's latest polled status (Running, Success, Fail, Cancel) and how often it was polled. */
  asyncStatus?: string;
  polls?: number;
  /** logid of the latest response (stream or sync). */
  logid?: string;
  usage?: Usage;
  startedAt?: number;
  firstEventAt?: number;
  endedAt?: number;
  messageCount: number;
  /** The latest wait before a retry, until the run answers; the webview says why nothing happens yet. */
  retry?: { attempt: number; maxAttempts: number; delayMs: number; reason: string; at: number };
  /** Events of a known type whose data could not be read (broken JSON): skipped, and the run goes on. */
  unreadable: number;
  /** Titles of the nodes whose text may lack what those events carried (the run then succeeded with warnings). */
  incomplete: string[];
  /** Segments: the first stream and each resume. */
  segments: number;
  /** How many times each interrupt (by event_id) has been answered; cloud allows three per question. */
  resumes: Record<string, number>;
}

export function emptyRunState(): RunState {
  return { status: 'pending', nodes: [], messageCount: 0, unreadable: 0, incomplete: [], segments: 0, resumes: {} };
}

/** What a person is told of a run: its status, where a success whose text may lack a chunk says so. */
export type DisplayStatus = RunStatus | 'succeededWithWarnings';

export function displayStatus(view: Pick<RunState, 'status' | 'incomplete'>): DisplayStatus {
  return view.status === 'succeeded' && view.incomplete.length > 0 ? 'succeededWithWarnings' : view.status;
}

/** The node a message event's text belongs to, within a segment (the first stream or a resume). */
export function nodeKey(segments: number, e: MessageEvent): string {
  return `${segments}:${e.nodeExecuteUuid ?? e.nodeId ?? (isEndMessage(e.nodeTitle, e.nodeType) ? 'end' : (e.nodeTitle ?? '?'))}`;
}

/** The text held is all there is, or `length` characters of which the rest are held by the host. */
function setOmitted(node: NodeView, length: number | undefined): void {
  if (length !== undefined && length > node.text.length) node.omitted = length - node.text.length;
  else delete node.omitted;
}

function setOutput(view: RunState, text: string, length: number | undefined): void {
  view.output = text;
  if (length !== undefined && length > text.length) view.outputOmitted = length - text.length;
  else delete view.outputOmitted;
}

function isEndMessage(title: string | undefined, type: string | undefined): boolean {
  return type === 'End' || title === '' || title === undefined || title === 'End';
}

function addUsage(a: Usage | undefined, b: Usage): Usage {
  if (!a) return { ...b };
  const sum = (x?: number, y?: number) => (x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0));
  const out: Usage = {};
  const i = sum(a.inputCount, b.inputCount);
  const o = sum(a.outputCount, b.outputCount);
  const t = sum(a.tokenCount, b.tokenCount);
  if (i !== undefined) out.inputCount = i;
  if (o !== undefined) out.outputCount = o;
  if (t !== undefined) out.tokenCount = t;
  return out;
}

/**
 * The run state machine: folds one update into the view. Used by the host (status bar, history) and by the
 * webview (what it draws), so both always agree. Mutates `view` for speed on long streams.
 */
export function applyUpdate(view: RunState, update: RunUpdate): RunState {
  switch (update.u) {
    case 'started':
      view.status = 'running';
      view.segments++;
      view.startedAt ??= update.at;
      if (update.resume && view.interrupt) view.resumes[view.interrupt.eventId] = (view.resumes[view.interrupt.eventId] ?? 0) + 1;
      delete view.interrupt;
      delete view.error;
      delete view.endedAt;
      break;
    case 'result':
      delete view.retry;
      if (update.data !== undefined) setOutput(view, update.data, update.dataLength);
      if (update.executeId) view.executeId = update.executeId;
      if (update.debugUrl) view.debugUrl = update.debugUrl;
      if (update.tokenCount !== undefined) view.usage = addUsage(view.usage, { tokenCount: update.tokenCount });
      view.status = 'succeeded';
      view.endedAt = update.at;
      break;
    case 'failed':
      delete view.retry;
      view.error = update.error;
      if (update.error.debugUrl) view.debugUrl ??= update.error.debugUrl;
      for (const n of view.nodes) if (n.state === 'running') n.state = 'failed';
      view.status = 'failed';
      view.endedAt = update.at;
      break;
    case 'cancelled':
      delete view.retry;
      for (const n of view.nodes) if (n.state === 'running') n.state = 'failed';
      view.status = 'cancelled';
      view.endedAt = update.at;
      break;
    case 'event':
      applyEvent(view, update);
      break;
    case 'logid':
      view.logid = update.logid;
      break;
    case 'accepted':
      view.executeId = update.executeId;
      if (update.debugUrl) view.debugUrl = update.debugUrl;
      view.asyncStatus = 'Running';
      break;
    case 'retrying':
      view.retry = { attempt: update.attempt, maxAttempts: update.maxAttempts, delayMs: update.delayMs, reason: update.reason, at: update.at };
      break;
    case 'polled':
      view.asyncStatus = update.status;
      view.polls = (view.polls ?? 0) + 1;
      break;
    case 'fetched':
      // the complete text read back from the server's run history replaces what the stream left incomplete
      for (const f of update.nodes) {
        const node = view.nodes.find((n) => n.key === f.key);
        if (!node) continue;
        node.text = f.text;
        setOmitted(node, f.length);
        view.incomplete = view.incomplete.filter((t) => t !== node.title);
        if (node.isEnd) setOutput(view, node.text, f.length);
      }
      if (update.output !== undefined) {
        setOutput(view, update.output, update.outputLength);
        view.incomplete = view.incomplete.filter((t) => t !== 'End');
      }
      if (update.complete) view.incomplete = [];
      break;
  }
  return view;
}

/**
 * More of a node's text, following what the view holds (the panel's "more", TextWindow.more), with the
 * node's whole length. False when the view has no such node.
 */
export function appendNodeText(view: RunState, key: string, text: string, length: number): boolean {
  const node = view.nodes.find((n) => n.key === key);
  if (!node) return false;
  // the output grows with it when it is this node's text (the End node that finished last)
  const isOutput = node.isEnd && view.output === node.text;
  node.text += text;
  setOmitted(node, length);
  if (isOutput) setOutput(view, node.text, length);
  return true;
}

/**
 * Which node a broken event belonged to: the title its text still shows when it can be read, else the node
 * that was streaming when it came, else the End node (the run's output).
 */
function brokenEventNode(view: RunState, data: string): string {
  const named = /"node_title"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(data)?.[1];
  if (named !== undefined) return named === '' ? 'End' : named;
  for (let i = view.nodes.length - 1; i >= 0; i--) if (view.nodes[i]!.state === 'running') return view.nodes[i]!.title;
  return view.nodes.at(-1)?.title ?? 'End';
}

/** Event names whose data must be JSON: an unknown event of one of these names is a broken one. */
const READ_AS_JSON = new Set(['message', 'interrupt']);

function applyEvent(view: RunState, update: Extract<RunUpdate, { u: 'event' }>): void {
  const e = update.event;
  if (view.retry) delete view.retry;
  const firstAt = update.merged?.firstAt ?? update.at;
  if (e.kind !== 'ping' && e.kind !== 'unknown') view.firstEventAt ??= firstAt;
  switch (e.kind) {
    case 'message': {
      const count = update.merged?.count ?? 1;
      view.messageCount += count;
      const isEnd = isEndMessage(e.nodeTitle, e.nodeType);
      const key = nodeKey(view.segments, e);
      let node: NodeView | undefined = view.nodes[view.nodes.length - 1];
      if (!node || node.key !== key) node = view.nodes.find((n) => n.key === key);
      if (!node) {
        node = { key, title: isEnd ? 'End' : e.nodeTitle || e.nodeId || '?', text: '', chunks: 0, state: 'running', firstAt, lastAt: update.at, isEnd };
        if (e.nodeId !== undefined) node.nodeId = e.nodeId;
        if (e.nodeExecuteUuid !== undefined) node.executeUuid = e.nodeExecuteUuid;
        if (e.nodeType !== undefined) node.type = e.nodeType;
        view.nodes.push(node);
      }
      node.text += e.content;
      setOmitted(node, update.nodeLength);
      node.chunks += count;
      node.lastAt = update.at;
      if (e.nodeIsFinish) node.state = 'finished';
      if (isEnd && e.nodeIsFinish) setOutput(view, node.text, update.nodeLength);
      if (e.usage) view.usage = addUsage(view.usage, e.usage);
      break;
    }
    case 'error':
      view.error = {
        // Coze's code says what failed: a workflow node, or the account (4008's daily limit, 4011's balance)
        kind: e.code !== undefined && kindForCode(e.code) !== 'server' ? kindForCode(e.code) : 'workflow',
        message: e.message,
        hint: '',
        ...(e.code !== undefined ? { code: e.code } : {}),
        ...(e.debugUrl ? { debugUrl: e.debugUrl } : {}),
        ...(view.logid ? { logid: view.logid } : {}),
      };
      if (e.debugUrl) view.debugUrl = e.debugUrl;
      for (const n of view.nodes) if (n.state === 'running') n.state = 'failed';
      view.status = 'failed';
      view.endedAt = update.at;
      break;
    case 'interrupt': {
      const streamed = questionNodeText(view, e.nodeTitle);
      view.interrupt = { ...e.interrupt, ...(e.nodeTitle ? { nodeTitle: e.nodeTitle } : {}), ...(streamed ? { streamed } : {}) };
      if (e.debugUrl) view.debugUrl = e.debugUrl;
      view.status = 'interrupted';
      view.endedAt = update.at;
      break;
    }
    case 'done':
      if (e.debugUrl) view.debugUrl = e.debugUrl;
      for (const n of view.nodes) if (n.state === 'running') n.state = 'finished';
      if (view.status === 'running') view.status = 'succeeded';
      view.endedAt = update.at;
      break;
    case 'unknown':
      if (READ_AS_JSON.has(e.event.toLowerCase())) {
        view.unreadable++;
        const title = brokenEventNode(view, e.data);
        if (!view.incomplete.includes(title)) view.incomplete.push(title);
      }
      break;
    case 'ping':
      break;
  }
}

/**
 * What the question node streamed in this segment before its interrupt: the node of that title (cloud
 * names it in the Interrupt) or of type Question (Coze Studio says the type, not the title). Never another
 * node's output: no text is better than the wrong one.
 */
function questionNodeText(view: RunState, nodeTitle: string | undefined): string | undefined {
  const prefix = `${view.segments}:`;
  for (let i = view.nodes.length - 1; i >= 0; i--) {
    const n = view.nodes[i]!;
    if (!n.key.startsWith(prefix)) break;
    if ((nodeTitle && n.title === nodeTitle) || n.type === 'Question') return n.text;
  }
  return undefined;
}

/** The run's execute_id: given by sync and async runs, and for a stream in its debug URL (`execute_id=`). */
export function executeIdOf(view: Pick<RunState, 'executeId' | 'debugUrl'>): string | undefined {
  if (view.executeId) return view.executeId;
  const id = view.debugUrl ? /[?&]execute_id=(\d+)/.exec(view.debugUrl)?.[1] : undefined;
  return id && id !== '0' ? id : undefined;
}

/** A run that asked to stream but got its output in one piece: the End node is not set to stream. */
export function streamedInOneChunk(view: RunState): boolean {
  return view.status === 'succeeded' && view.messageCount === 1 && view.nodes.length === 1 && view.nodes[0]?.isEnd === true;
}

/**
 * Unwraps JSON held in strings (`data`, `output`, `content`…) so the output reads as one JSON value, with
 * every digit the server sent (a 19-digit id stays the number it was).
 */
export function prettyOutput(text: string): string {
  const unwrap = (v: unknown, depth: number): unknown => {
    if (depth > 4) return v;
    if (typeof v === 'string') {
      const t = v.trim();
      if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
        try {
          return unwrap(parseJsonForDisplay(t), depth + 1);
        } catch {
          return v;
        }
      }
      return v;
    }
    if (Array.isArray(v)) return v.map((x) => unwrap(x, depth + 1));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x, depth + 1)]));
    return v;
  };
  const value = unwrap(text, 0);
  return typeof value === 'string' ? value : stringifyExact(value, 2);
}
