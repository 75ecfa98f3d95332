import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { request } from './undiciParts';
import { CozeError, parseRetryAfter } from '../errors';
import { kindForCode } from '../model/errorKind';
import { isRecord, parseJsonLossless } from '../model/json';
import { sleep } from '../sleep';

export interface Timeouts {
  /** Until the TCP/TLS connection is up. */
  connectMs: number;
  /** Longest silence between two pieces of a streamed body (a stream with no event for this long fails). */
  idleMs: number;
  /** Whole request, streaming included. 0 = none. */
  totalMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 15_000, idleMs: 300_000, totalMs: 0 };

export type LogFn = (level: 'trace' | 'debug' | 'info' | 'warn', message: string) => void;

/**
 * The token itself, or where to read it at each request (the extension keeps it only in SecretStorage).
 * A function is told the origin the request goes to, so it can refuse to hand out a token bound elsewhere.
 */
export type TokenSource = string | ((requestOrigin: string) => Promise<string>);

export interface TransportConfig {
  baseUrl: string;
  token: TokenSource;
  dispatcher: Dispatcher;
  timeouts: Timeouts;
  userAgent: string;
  /**
   * Retries of requests that surely did not start a run: a refused or timed-out connection (here), and a
   * rate limit answered before the run began (HTTP 429, 4009, 4020: CozeClient retries those).
   */
  maxRetries: number;
  log?: LogFn;
  /** Called before each retry with the wait, so a UI can say why nothing happens yet. */
  onRetry?: (info: RetryInfo) => void;
  /** How a wait before a retry is spent (tests and the runner's benchmark drive a fake clock). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RetryInfo {
  /** The attempt about to be made (2 = the first retry) and how many there can be in all. */
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  reason: string;
  /** What refused the request: Coze's rate limit (429, 4009, 4020), or the connection (refused, reset, DNS). */
  cause: 'rateLimit' | 'connection';
}

export interface HttpCall {
  operation: string;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  /** A body made anew for each attempt (uploads stream from disk). */
  body?: () => { stream: AsyncIterable<Uint8Array>; contentType: string; contentLength: number };
  signal?: AbortSignal;
  /** Whether a silence of idleMs between body chunks fails the call (streams); sync calls use totalMs only. */
  streaming?: boolean;
  /** This call's own retry listener (a run panel says it is waiting), besides the client's. */
  onRetry?: (info: RetryInfo) => void;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  contentType: string;
  logid: string | undefined;
  body: Dispatcher.ResponseData['body'];
  /** What a Retry-After header asks for (HTTP 429 and some 503s), in milliseconds. */
  retryAfterMs: number | undefined;
  /** Maps an error met while reading the body (drop, idle timeout, cancel) like the request's own errors. */
  mapError: (e: unknown) => CozeError;
}

export function headerValue(headers: HttpResponse['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The request id servers return: cloud `x-tt-logid`, studio `X-Log-ID`. */
export function logidFrom(headers: HttpResponse['headers']): string | undefined {
  return headerValue(headers, 'x-tt-logid') || headerValue(headers, 'x-log-id') || undefined;
}

export function buildUrl(baseUrl: string, path: string, query?: HttpCall['query']): URL {
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && isRecord(cur); i++) {
    if (typeof cur.code === 'string') return cur.code;
    cur = cur.cause;
  }
  return undefined;
}

/** Turns what undici throws into a CozeError that says what happened; `signals` tell a timeout from a cancel. */
export function mapTransportError(
  e: unknown,
  operation: string,
  origin: string,
  signals: { user?: AbortSignal; total?: AbortSignal },
  timeouts: Timeouts,
  logid?: string,
): CozeError {
  const mapped = toCozeError(e, operation, origin, signals, timeouts);
  return logid && !mapped.logid ? new CozeError({ ...mapped, message: mapped.message, logid, cause: mapped.cause }) : mapped;
}

function toCozeError(e: unknown, operation: string, origin: string, signals: { user?: AbortSignal; total?: AbortSignal }, timeouts: Timeouts): CozeError {
  if (e instanceof CozeError) return e;
  if (signals.user?.aborted) return new CozeError({ kind: 'cancelled', message: `${operation} was cancelled`, operation, cause: e });
  if (signals.total?.aborted) {
    return new CozeError({ kind: 'timeout', message: `${operation} took longer than the total timeout of ${timeouts.totalMs / 1000} s`, operation, cause: e });
  }
  const code = errorCode(e);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new CozeError({ kind: 'timeout', message: `Could not connect to ${origin} within ${timeouts.connectMs / 1000} s`, operation, cause: e });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new CozeError({ kind: 'timeout', message: `${origin} did not answer ${operation} in time`, operation, cause: e });
    case 'UND_ERR_BODY_TIMEOUT':
      return new CozeError({ kind: 'timeout', message: `No data from ${origin} for ${timeouts.idleMs / 1000} s during ${operation}`, operation, cause: e });
    case 'ECONNREFUSED':
      return new CozeError({ kind: 'network', message: `Connection to ${origin} was refused`, operation, cause: e });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new CozeError({ kind: 'network', message: `The host of ${origin} could not be found`, operation, cause: e });
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
    case 'UND_ERR_CLOSED':
    case 'EPIPE':
      return new CozeError({ kind: 'network', message: `The connection to ${origin} was closed during ${operation}`, operation, cause: e });
  }
  const text = e instanceof Error ? e.message : String(e);
  return new CozeError({ kind: 'network', message: `${operation} failed: ${text}`, operation, cause: e });
}

/**
 * Sends one call. Retries only what cannot have reached the server: a refused or timed-out connection, with
 * exponential backoff. Once a response arrived, whatever it says is the caller's to read (a rate limit
 * included: CozeClient retries those, since a JSON body can say it as well as a status can).
 */
export async function send(cfg: TransportConfig, call: HttpCall): Promise<HttpResponse> {
  const url = buildUrl(cfg.baseUrl, call.path, call.query);
  const totalSignal = cfg.timeouts.totalMs > 0 ? AbortSignal.timeout(cfg.timeouts.totalMs) : undefined;
  const signals = [call.signal, totalSignal].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
  const sig = { user: call.signal, total: totalSignal };
  for (let attempt = 0; ; attempt++) {
    const token = typeof cfg.token === 'string' ? cfg.token : await cfg.token(url.origin);
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'user-agent': cfg.userAgent,
      accept: call.streaming ? 'text/event-stream, application/json' : 'application/json',
    };
    let body: string | Readable | undefined;
    if (call.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.json);
    } else if (call.body) {
      const b = call.body();
      headers['content-type'] = b.contentType;
      headers['content-length'] = String(b.contentLength);
      body = Readable.from(b.stream, { objectMode: false });
    }
    const started = Date.now();
    cfg.log?.('debug', `→ ${call.method} ${url.pathname}${url.search} (${call.operation})`);
    let retryReason: string;
    try {
      const res = await request(url, {
        method: call.method,
        headers,
        body,
        dispatcher: cfg.dispatcher,
        signal,
        headersTimeout: call.streaming || cfg.timeouts.totalMs === 0 ? 600_000 : cfg.timeouts.totalMs,
        bodyTimeout: call.streaming ? cfg.timeouts.idleMs : 0,
        // keep reading the socket while the consumer works through a chunk: no stalls on a fast stream
        highWaterMark: 1024 * 1024,
      });
      const logid = logidFrom(res.headers);
      const contentType = headerValue(res.headers, 'content-type') ?? '';
      cfg.log?.('debug', `← ${res.statusCode} ${url.pathname} ${contentType} in ${Date.now() - started} ms${logid ? ` logid ${logid}` : ''}`);
      // an error while reading the body belongs to this response: it carries the response's logid
      const mapError = (e: unknown) => mapTransportError(e, call.operation, url.origin, sig, cfg.timeouts, logid);
      const retryAfterMs = parseRetryAfter(headerValue(res.headers, 'retry-after'));
      return { status: res.statusCode, headers: res.headers, contentType, logid, body: res.body, retryAfterMs, mapError };
    } catch (e) {
      const code = errorCode(e);
      if (!signal?.aborted && code && CONNECT_CODES.has(code) && attempt < cfg.maxRetries) {
        retryReason = `could not connect (${code})`;
      } else {
        throw mapTransportError(e, call.operation, url.origin, sig, cfg.timeouts);
      }
    }
    try {
      await waitToRetry(cfg, call, attempt, backoffMs(attempt), retryReason, 'connection', signal);
    } catch (e) {
      throw mapTransportError(e, call.operation, url.origin, sig, cfg.timeouts);
    }
  }
}

/** Says that retry number `attempt + 1` comes after a wait (log, listeners), then waits; rejects if `signal` aborts. */
export async function waitToRetry(
  cfg: TransportConfig,
  call: HttpCall,
  attempt: number,
  delayMs: number,
  reason: string,
  cause: RetryInfo['cause'],
  signal?: AbortSignal,
): Promise<void> {
  cfg.log?.('info', `${call.operation}: ${reason}; retrying in ${delayMs} ms (attempt ${attempt + 2} of ${cfg.maxRetries + 1})`);
  const info: RetryInfo = { attempt: attempt + 2, maxAttempts: cfg.maxRetries + 1, delayMs, reason, cause };
  cfg.onRetry?.(info);
  call.onRetry?.(info);
  await (cfg.sleep ?? sleep)(delayMs, signal);
}

/** The wait before retry number `attempt + 1`: 0.5 s, 1 s, 2 s… up to 30 s, or what the server asked for. */
export function backoffMs(attempt: number, retryAfterMs?: number): number {
  return Math.min(retryAfterMs ?? 500 * 2 ** attempt, 30_000);
}

const SNIPPET = 200;

/** What a person can read of an unexpected body: an HTML page's title (a proxy's or gateway's error page), else its start. */
export function bodySnippet(text: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  const plain = title || (/^\s*</.test(text) ? text.replace(/<[^>]*>/g, ' ') : text);
  const oneLine = plain.replace(/\s+/g, ' ').trim();
  return oneLine.length > SNIPPET ? `${oneLine.slice(0, SNIPPET)}…` : oneLine;
}

/** Builds the CozeError for a non-success JSON envelope, or returns undefined when the body says success. */
export function envelopeError(body: unknown, res: Pick<HttpResponse, 'status' | 'logid' | 'retryAfterMs'>, operation: string): CozeError | undefined {
  if (!isRecord(body)) return undefined;
  const code = typeof body.code === 'number' ? body.code : typeof body.code === 'string' && body.code !== '' ? Number(body.code) : undefined;
  const failed = (code !== undefined && code !== 0) || res.status >= 400;
  if (!failed) return undefined;
  const detail = isRecord(body.detail) ? body.detail : undefined;
  const logid = (typeof detail?.logid === 'string' && detail.logid) || res.logid;
  const msg = typeof body.msg === 'string' && body.msg ? body.msg : typeof body.message === 'string' ? body.message : `HTTP ${res.status}`;
  const effective = code !== undefined && code !== 0 ? code : res.status;
  // HTTP 429 says "too many requests" whatever code the body carries, but for the daily limit (no retry helps)
  const kind = res.status === 429 && kindForCode(effective) !== 'dailyLimit' ? 'rateLimited' : kindForCode(effective, res.status);
  return new CozeError({
    kind,
    message: msg,
    code: effective,
    httpStatus: res.status,
    operation,
    ...(logid ? { logid } : {}),
    ...(res.retryAfterMs !== undefined ? { retryAfterMs: res.retryAfterMs } : {}),
    ...(typeof body.debug_url === 'string' && body.debug_url ? { debugUrl: body.debug_url } : {}),
  });
}

/** Reads a whole non-streamed answer and returns its JSON, or throws the CozeError it describes. */
export async function readJson(res: HttpResponse, operation: string): Promise<Record<string, unknown>> {
  const text = await res.body.text();
  const base = {
    httpStatus: res.status,
    operation,
    ...(res.logid ? { logid: res.logid } : {}),
    ...(res.retryAfterMs !== undefined ? { retryAfterMs: res.retryAfterMs } : {}),
  };
  if (text.trim() === '') {
    throw new CozeError({ ...base, kind: res.status >= 500 ? 'server' : 'protocol', message: `Empty response to ${operation} (HTTP ${res.status})` });
  }
  let body: unknown;
  try {
    body = parseJsonLossless(text);
  } catch {
    const kind = res.status === 429 ? 'rateLimited' : res.status >= 500 ? 'server' : res.status === 401 ? 'auth' : 'protocol';
    throw new CozeError({
      ...base,
      kind,
      message: `Unexpected ${res.contentType || 'non-JSON'} answer to ${operation} (HTTP ${res.status}): ${bodySnippet(text)}`,
    });
  }
  const err = envelopeError(body, res, operation);
  if (err) throw err;
  if (!isRecord(body)) throw new CozeError({ ...base, kind: 'protocol', message: `Unexpected answer to ${operation}: ${text.slice(0, SNIPPET)}` });
  return body;
}
