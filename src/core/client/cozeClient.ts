import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Dispatcher } from 'undici';
import { CozeError } from '../errors';
import { CAPABILITIES, runHistoryPath } from '../dialect';
import type { Dialect } from '../model/workflow';
import { openEventStream, type EventStream } from '../http/eventStream';
import { createDispatcher } from '../http/dispatcher';
import {
  backoffMs,
  DEFAULT_TIMEOUTS,
  readJson,
  send,
  waitToRetry,
  type HttpCall,
  type LogFn,
  type RetryInfo,
  type Timeouts,
  type TokenSource,
  type TransportConfig,
} from '../http/transport';
import { asIdString, asNumber, asString, isRecord } from '../model/json';
import { opt } from '../opt';
import { multipartFileBody } from '../files/multipart';
import { toChatEvent } from '../sse/chatEvents';
import type { ChatEvent } from '../model/events';
import { isTerminal, parseInterrupt, parseUsage, toWorkflowEvent } from '../sse/workflowEvents';
import type { WorkflowEvent } from '../model/events';
import type { RawSseEvent } from '../sse/rawEvent';
import { runBody } from './runRequest';
import { parseParamSchemas, toHistoryRecord, toUploadedFile, toWorkflowSummary, toWorkspace } from './normalize';
import type {
  AsyncRunStarted,
  ChatRequest,
  ResumeRequest,
  RunHistoryRecord,
  RunRequest,
  SyncRunResult,
  UploadedFile,
  WorkflowInfo,
  WorkflowSummary,
  WorkflowVersion,
  Workspace,
} from '../model/workflow';

export interface CozeClientOptions {
  baseUrl: string;
  /** A token, or a function that reads it at each request (so a sign-out takes effect at once, everywhere). */
  token: TokenSource;
  dialect: Dialect;
  /** Defaults to a proxy-aware dispatcher built from the environment variables. */
  dispatcher?: Dispatcher;
  timeouts?: Partial<Timeouts>;
  userAgent?: string;
  /** Retries of a request refused before it started a run (no connection; rate limited: HTTP 429, 4009, 4020). Default 2. */
  maxRetries?: number;
  log?: LogFn;
  onRetry?: TransportConfig['onRetry'];
  sleep?: TransportConfig['sleep'];
  /** Sees each raw SSE event (trace logging). */
  onRawEvent?: (raw: RawSseEvent) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Told before each retry of this call (HTTP 429, a refused connection): how long it waits and why. */
  onRetry?: (info: RetryInfo) => void;
}

export interface UploadOptions extends CallOptions {
  fileName?: string;
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

/**
 * A Coze OpenAPI client for one base URL, token and dialect. Knows nothing of VS Code. Every method throws
 * CozeError; workflow failures during a stream arrive as `error` events instead, with the output before them.
 */
export class CozeClient {
  readonly dialect: Dialect;
  readonly baseUrl: string;
  private readonly cfg: TransportConfig;
  private readonly onRawEvent: ((raw: RawSseEvent) => void) | undefined;
  /** The dispatcher this client made itself (one passed in belongs to whoever passed it). */
  private readonly ownDispatcher: Dispatcher | undefined;

  constructor(options: CozeClientOptions) {
    this.dialect = options.dialect;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.ownDispatcher = options.dispatcher ? undefined : createDispatcher({ connectTimeoutMs: timeouts.connectMs });
    this.cfg = {
      baseUrl: this.baseUrl,
      token: options.token,
      dispatcher: options.dispatcher ?? this.ownDispatcher!,
      timeouts,
      userAgent: options.userAgent ?? 'coze-workflows-vscode',
      maxRetries: options.maxRetries ?? 2,
      ...(options.log ? { log: options.log } : {}),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    };
    this.onRawEvent = options.onRawEvent;
  }

  /**
   * Closes the connections this client keeps open (its own dispatcher's): a program that is done, such as the
   * CLI, then exits at once instead of when the idle keep-alive sockets time out.
   */
  async close(): Promise<void> {
    await this.ownDispatcher?.close();
  }

  /** The JSON body of run and stream_run (the one builder snippets use too). */
  runBody(req: RunRequest, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return runBody(this.dialect, req, extra);
  }

  /**
   * Makes a call, again after a wait while the server says it is rate limited (HTTP 429, 4009 system ceiling,
   * 4020 over quota): such an answer comes before anything started, so sending again cannot run a workflow
   * twice. The wait is what Retry-After asks, else 0.5 s, 1 s, 2 s… 4008 (the daily limit) is not retried.
   */
  private async retryingRateLimits<T>(call: HttpCall, attemptCall: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await attemptCall();
      } catch (e) {
        if (!(e instanceof CozeError) || e.kind !== 'rateLimited' || attempt >= this.cfg.maxRetries || call.signal?.aborted) throw e;
        const code = e.code !== undefined && e.code !== e.httpStatus ? `code ${e.code}` : '';
        const reason = `rate limited (${[e.httpStatus === 429 ? 'HTTP 429' : '', code].filter(Boolean).join(', ')})`;
        try {
          await waitToRetry(this.cfg, call, attempt, backoffMs(attempt, e.retryAfterMs), reason, 'rateLimit', call.signal);
        } catch {
          throw new CozeError({ kind: 'cancelled', message: `${call.operation} was cancelled`, operation: call.operation });
        }
      }
    }
  }

  private json(call: HttpCall): Promise<Record<string, unknown>> {
    return this.retryingRateLimits(call, async () => readJson(await send(this.cfg, call), call.operation));
  }

  private stream<T>(call: HttpCall, toEvent: (raw: RawSseEvent) => T, terminal: (e: T) => boolean): Promise<EventStream<T>> {
    const spec = { operation: call.operation, dialect: this.dialect, toEvent, isTerminal: terminal, ...(this.onRawEvent ? { onRaw: this.onRawEvent } : {}) };
    return this.retryingRateLimits(call, async () => openEventStream(await send(this.cfg, { ...call, streaming: true }), spec));
  }

  /** POST /v1/workflow/run, waiting for the result. */
  async runSync(req: RunRequest, opts: CallOptions = {}): Promise<SyncRunResult> {
    const body = await this.json({ operation: 'run', method: 'POST', path: '/v1/workflow/run', json: this.runBody(req), ...sig(opts) });
    return toSyncResult(body);
  }

  /** POST /v1/workflow/run with is_async: returns at once with the execute_id to poll. */
  async runAsync(req: RunRequest, opts: CallOptions = {}): Promise<AsyncRunStarted> {
    const body = await this.json({
      operation: 'run (async)',
      method: 'POST',
      path: '/v1/workflow/run',
      json: this.runBody(req, { is_async: true }),
      ...sig(opts),
    });
    const executeId = asIdString(body.execute_id);
    if (!executeId) throw new CozeError({ kind: 'protocol', message: 'The async run answer has no execute_id', operation: 'run (async)' });
    return { executeId, ...optGiven('debugUrl', asString(body.debug_url)), ...optGiven('logid', logidOf(body)) };
  }

  /** POST /v1/workflow/stream_run: the run's events as they happen. */
  streamRun(req: RunRequest, opts: CallOptions = {}): Promise<EventStream<WorkflowEvent>> {
    return this.stream(
      { operation: 'stream_run', method: 'POST', path: '/v1/workflow/stream_run', json: this.runBody(req), ...sig(opts) },
      toWorkflowEvent,
      isTerminal,
    );
  }

  /** POST /v1/workflow/stream_resume: answers an interrupt; event ids restart at 0. */
  streamResume(req: ResumeRequest, opts: CallOptions = {}): Promise<EventStream<WorkflowEvent>> {
    const json: Record<string, unknown> = {
      workflow_id: req.workflowId,
      event_id: req.eventId,
      interrupt_type: req.interruptType,
      resume_data: req.resumeData,
    };
    if (req.ext && Object.keys(req.ext).length > 0) json.ext = req.ext;
    if (req.connectorId) json.connector_id = req.connectorId;
    return this.stream({ operation: 'stream_resume', method: 'POST', path: '/v1/workflow/stream_resume', json, ...sig(opts) }, toWorkflowEvent, isTerminal);
  }

  /** Cloud only: POST /v1/workflows/resume, the non-streamed resume of a sync or async run. */
  async resume(req: ResumeRequest, opts: CallOptions = {}): Promise<SyncRunResult> {
    this.require('nonStreamResume', 'resume');
    const json = { workflow_id: req.workflowId, event_id: req.eventId, interrupt_type: req.interruptType, resume_data: req.resumeData };
    return toSyncResult(await this.json({ operation: 'resume', method: 'POST', path: '/v1/workflows/resume', json, ...sig(opts) }));
  }

  /** One run's record: cloud's run_histories path or studio's get_run_history (int64 ids kept exact). */
  async getRunHistory(workflowId: string, executeId: string, opts: CallOptions = {}): Promise<RunHistoryRecord> {
    const { path, query } = runHistoryPath(this.dialect, workflowId, executeId);
    const body = await this.json({ operation: 'run history', method: 'GET', path, ...(query ? { query } : {}), ...sig(opts) });
    const first = Array.isArray(body.data) ? body.data[0] : body.data;
    if (!isRecord(first)) throw new CozeError({ kind: 'notFound', message: `No run history for execute_id ${executeId}`, operation: 'run history' });
    return toHistoryRecord(first, executeId, logidOf(body));
  }

  /**
   * Cloud only: one node execution's complete output (`execute_nodes/{node_execute_uuid}`: Output nodes, kept
   * 24 h), to repair a streamed text that lost a chunk.
   */
  async getNodeOutput(workflowId: string, executeId: string, nodeExecuteUuid: string, opts: CallOptions = {}): Promise<{ finished: boolean; output: string }> {
    this.require('nodeOutput', 'node output');
    const path = `/v1/workflows/${encodeURIComponent(workflowId)}/run_histories/${encodeURIComponent(executeId)}/execute_nodes/${encodeURIComponent(nodeExecuteUuid)}`;
    const body = await this.json({ operation: 'node output', method: 'GET', path, ...sig(opts) });
    const data = isRecord(body.data) ? body.data : {};
    return { finished: data.is_finish === true, output: asString(data.node_output) ?? '' };
  }

  /** POST /v1/files/upload, streamed from disk with progress. */
  async uploadFile(path: string, opts: UploadOptions = {}): Promise<UploadedFile> {
    const info = await stat(path);
    const fileName = opts.fileName ?? basename(path);
    const body = () => multipartFileBody({ path, size: info.size, fileName, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    const res = await this.json({ operation: 'upload', method: 'POST', path: '/v1/files/upload', body, ...sig(opts) });
    return toUploadedFile(res.data, fileName, info.size);
  }

  /** GET /v1/workflows/{id}: name, and on cloud the start node's input schema. */
  async getWorkflowInfo(workflowId: string, opts: CallOptions & { includeInputOutput?: boolean } = {}): Promise<WorkflowInfo> {
    const query = opts.includeInputOutput ? { include_input_output: 'true' } : undefined;
    const body = await this.json({
      operation: 'workflow info',
      method: 'GET',
      path: `/v1/workflows/${encodeURIComponent(workflowId)}`,
      ...(query ? { query } : {}),
      ...sig(opts),
    });
    const data = isRecord(body.data) ? body.data : {};
    const detail = isRecord(data.workflow_detail) ? data.workflow_detail : isRecord(data.role) ? data.role : {};
    const info: WorkflowInfo = { id: workflowId };
    const name = asString(detail.workflow_name) ?? asString(detail.name);
    if (name) info.name = name;
    if (asString(detail.description)) info.description = asString(detail.description) as string;
    const appId = asIdString(detail.app_id);
    if (appId && appId !== '0') info.appId = appId;
    if (asString(detail.icon_url)) info.iconUrl = asString(detail.icon_url) as string;
    if (isRecord(data.input) && isRecord(data.input.parameters)) info.inputs = parseParamSchemas(data.input.parameters);
    if (isRecord(data.output)) {
      if (isRecord(data.output.parameters)) info.outputs = parseParamSchemas(data.output.parameters);
      if (asString(data.output.terminate_plan)) info.terminatePlan = asString(data.output.terminate_plan) as string;
    }
    return info;
  }

  /** Cloud only: one page of a workspace's workflows. */
  async listWorkflows(
    q: { workspaceId: string; pageNum?: number; pageSize?: number; mode?: 'workflow' | 'chatflow' },
    opts: CallOptions = {},
  ): Promise<{ items: WorkflowSummary[]; hasMore: boolean }> {
    this.require('listWorkflows', 'list workflows');
    const query = { workspace_id: q.workspaceId, page_num: q.pageNum ?? 1, page_size: q.pageSize ?? 30, workflow_mode: q.mode };
    const body = await this.json({ operation: 'list workflows', method: 'GET', path: '/v1/workflows', query, ...sig(opts) });
    const data = isRecord(body.data) ? body.data : {};
    const items = Array.isArray(data.items) ? data.items.filter(isRecord).map(toWorkflowSummary) : [];
    return { items, hasMore: data.has_more === true };
  }

  /** Cloud only: a workflow's published versions, newest first, every page read (at most `max`). */
  async listWorkflowVersions(workflowId: string, opts: CallOptions & { max?: number } = {}): Promise<WorkflowVersion[]> {
    this.require('listVersions', 'list workflow versions');
    const out: WorkflowVersion[] = [];
    let pageToken: string | undefined;
    do {
      const body = await this.json({
        operation: 'workflow versions',
        method: 'GET',
        path: `/v1/workflows/${encodeURIComponent(workflowId)}/versions`,
        query: { page_size: 30, ...(pageToken ? { page_token: pageToken } : {}) },
        ...sig(opts),
      });
      const data = isRecord(body.data) ? body.data : {};
      for (const item of Array.isArray(data.items) ? data.items.filter(isRecord) : []) {
        const version = asString(item.version);
        if (!version) continue;
        const createdAt = asNumber(item.created_at) ?? (typeof item.created_at === 'string' ? Number(item.created_at) || undefined : undefined);
        out.push({ version, ...optGiven('description', asString(item.description)), ...opt('createdAt', createdAt) });
      }
      pageToken = data.has_more === true ? asString(data.next_page_token) : undefined;
    } while (pageToken && out.length < (opts.max ?? 300));
    return out;
  }

  /** Cloud only: one page of the token owner's workspaces. */
  async listWorkspaces(q: { pageNum?: number; pageSize?: number } = {}, opts: CallOptions = {}): Promise<{ workspaces: Workspace[]; totalCount: number }> {
    this.require('listWorkflows', 'list workspaces');
    const body = await this.json({
      operation: 'list workspaces',
      method: 'GET',
      path: '/v1/workspaces',
      query: { page_num: q.pageNum ?? 1, page_size: q.pageSize ?? 50 },
      ...sig(opts),
    });
    const data = isRecord(body.data) ? body.data : {};
    const workspaces = Array.isArray(data.workspaces) ? data.workspaces.filter(isRecord).map(toWorkspace) : [];
    return { workspaces, totalCount: asNumber(data.total_count) ?? workspaces.length };
  }

  /** POST /v1/workflows/chat: one chatflow turn, streamed. */
  chat(req: ChatRequest, opts: CallOptions = {}): Promise<EventStream<ChatEvent>> {
    const json = this.runBody(req, {
      additional_messages: [{ role: 'user', content: req.message, content_type: 'text' }],
      ...(req.conversationId ? { conversation_id: req.conversationId } : {}),
    });
    return this.stream(
      { operation: 'chat', method: 'POST', path: '/v1/workflows/chat', json, ...sig(opts) },
      toChatEvent,
      (e) => e.kind === 'done' || e.kind === 'error',
    );
  }

  private require(capability: 'nonStreamResume' | 'nodeOutput' | 'listWorkflows' | 'listVersions', operation: string): void {
    if (!CAPABILITIES[this.dialect][capability]) {
      throw new CozeError({ kind: 'unsupported', message: `Coze Studio does not offer "${operation}" with an access token`, operation });
    }
  }
}

function sig(opts: CallOptions): Pick<HttpCall, 'signal' | 'onRetry'> {
  return { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.onRetry ? { onRetry: opts.onRetry } : {}) };
}

/** opt, where an empty string (Coze's "none") counts as absent too. */
function optGiven<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return opt(key, value === '' ? undefined : value);
}

function logidOf(body: Record<string, unknown>): string | undefined {
  return isRecord(body.detail) ? asString(body.detail.logid) : undefined;
}

function toSyncResult(body: Record<string, unknown>): SyncRunResult {
  const result: SyncRunResult = {};
  const executeId = asIdString(body.execute_id);
  if (executeId) result.executeId = executeId;
  if (typeof body.data === 'string') result.data = body.data;
  else if (body.data !== undefined && body.data !== null) result.data = JSON.stringify(body.data);
  if (asString(body.debug_url)) result.debugUrl = asString(body.debug_url) as string;
  const usage = parseUsage(body.usage) ?? (asNumber(body.token) !== undefined ? { tokenCount: asNumber(body.token) as number } : undefined);
  if (usage) result.usage = usage;
  const interrupt = parseInterrupt(body.interrupt_data);
  if (interrupt) result.interrupt = interrupt;
  const logid = logidOf(body);
  if (logid) result.logid = logid;
  return result;
}
