/** Public types of the local Coze-compatible test server (see index.ts for the entry points). */

export type Dialect = 'cloud' | 'studio';

export interface ServerOptions {
  dialect: Dialect;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** cloud only; default 'cn'. Picks the debug_url host and which token counts as "other region". */
  region?: 'cn' | 'com';
  /** Multiplies every scripted delay; default 1; 0 = no delays at all. */
  timeScale?: number;
  /** How long an async run stays Running before it finishes; default 3000 (scaled by timeScale, unless manualClock). */
  asyncDurationMs?: number;
  /**
   * The server's clock stands still until advanced (POST /_test/clock {"advanceMs":N} or advanceClock(ms)). It
   * drives what polls of async runs see (an async run stays Running until the clock passes its duration, which
   * is then NOT scaled by timeScale) and the QPS window. Stream and sync runs still wait through their scripted
   * delays on the wall clock (scaled by timeScale). Default false: the wall clock.
   */
  manualClock?: boolean;
  /** Run requests accepted per sliding second (see {@link Limits}); default none. Restored by reset(). */
  qps?: number;
  /** Run requests accepted in all before every further one gets 4008 (see {@link Limits}); default none. */
  dailyLimit?: number;
  /**
   * A hostile server: every workflow run echoes the caller's token back, in each node's text, in the output,
   * in a failure's message and in the debug_url. What tests scan every exit of the product with. Default
   * false; restored by reset(); switched by setEchoToken() or PUT /_test/echo-token {"on": true}.
   */
  echoToken?: boolean;
}

export interface MultipartSummary {
  fields: Record<string, string>;
  files: { field: string; filename: string; mimeType: string; size: number; sha256: string }[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased names, as received. */
  headers: Record<string, string>;
  /** Parsed JSON when the body was JSON. */
  body?: unknown;
  /** The raw text of non-multipart bodies (first 1 MB). */
  rawBody?: string;
  multipart?: MultipartSummary;
  /** Date.now() when received. */
  time: number;
  /** Date.now() when the last byte of the answer was handed to the socket. */
  endedAt?: number;
}

export type FaultKind =
  | 'drop-before-headers'
  | 'drop-mid-stream'
  | 'json-error'
  | 'malformed-event'
  | 'http-429'
  | 'rate-limit-200'
  | 'slow-ping'
  | 'http-500-html'
  | 'empty-200'
  | 'http-401'
  | 'silence'
  | 'big-event'
  | 'no-done'
  | 'no-space'
  | 'crlf';

export interface Fault {
  kind: FaultKind;
  /**
   * drop-mid-stream / malformed-event / silence / big-event: after how many normal events (default 2).
   * json-error with afterEvents on a stream: mid-stream, as studio's transport error or cloud's Error event.
   */
  afterEvents?: number;
  /**
   * json-error (defaults: cloud 4000 "Request parameter error", studio 720702011 "workflow not published");
   * http-429 and rate-limit-200: the rate-limit code (default 4009, the system ceiling; 4020 = RPM over the
   * purchased quota, 4008 = daily limit), with Coze's message for it unless `msg` is given.
   */
  code?: number;
  msg?: string;
  /**
   * http-429 only: the Retry-After header in seconds. Omitted: 1. A number: that value (0 sends "Retry-After: 0").
   * null: no Retry-After header at all. (rate-limit-200 never sends one.)
   */
  retryAfter?: number | null;
  /** slow-ping: a PING event every N ms (default 200 × timeScale, or 200 when timeScale is 0). */
  pingIntervalMs?: number;
  /** silence: stop writing for N ms (default 60000) then continue. */
  silenceMs?: number;
  /** big-event: size of one Message content (default 5 MB). */
  bytes?: number;
  /** How many matching requests it applies to (default 1); 0 = until cleared. */
  times?: number;
  /** Request paths it applies to (default: the four workflow run endpoints + /v1/workflows/chat). */
  paths?: string[];
}

/**
 * A hold: a server-side barrier. Every request whose path matches is held after authentication and the
 * permission check, before any byte of its answer (so before the rate limiter and before a run starts).
 * Requests are recorded when they arrive, held or not. A held request whose client goes away is dropped.
 */
export interface Hold {
  /**
   * The paths it catches. An entry starting with "^" is a regular expression tested against the path (e.g.
   * "^/v1/workflows/[0-9]+$" for GET /v1/workflows/{id}); any other entry must equal the path exactly.
   */
  paths: string[];
  /**
   * With `until`: a one-shot barrier; once that many requests are held they are all released at once and the
   * hold ends. Without: requests are held until release() (POST /_test/release), which also ends the hold.
   */
  until?: number;
}

export interface HeldState {
  /** Requests being held now. */
  held: number;
  /** Requests released by an `until` barrier since the last hold()/release()/reset(). */
  released: number;
  /** held + released: what waitForHeld / GET /_test/held?atLeast=N compares with N. */
  count: number;
  requests: { method: string; path: string; time: number }[];
}

/** What a request over the QPS limit gets. */
export interface LimitAnswer {
  /** HTTP status; default 429. */
  status?: number;
  /** Body code; default 4020 (RPM over the purchased quota; 4009 = system ceiling). */
  code?: number;
  /** Default: Coze's message for the code. */
  msg?: string;
  /** Retry-After seconds; default none (no header). */
  retryAfter?: number;
}

/**
 * Rate limits over the run endpoints (run, stream_run, stream_resume, /v1/workflows/resume, /v1/workflows/chat),
 * checked after auth, permissions and holds, before the request body is looked at. A refused request starts
 * no run. Both dialects (it is a test facility; Coze Studio itself has none).
 */
export interface Limits {
  /**
   * Requests accepted per sliding one-second window (on the server clock, see ServerOptions.manualClock); the
   * others get `answer`. Refused requests do not take a place in the window.
   */
  qps?: number;
  /** Once this many requests were accepted (since the limits were set or reset), every further one gets HTTP 200 code 4008. */
  dailyLimit?: number;
  answer?: LimitAnswer;
}

/** Run requests seen since the limits were last set (or reset); counted with or without limits. */
export interface LimitCounters {
  accepted: number;
  refusedQps: number;
  refusedDaily: number;
}

export interface CozeTestServer {
  url: string;
  dialect: Dialect;
  requests: RecordedRequest[];
  clearRequests(): void;
  setFault(fault: Fault | null): void;
  /**
   * Clears requests, faults, runs, uploads and conversations; releases and ends every hold; restores the limits
   * of the ServerOptions and zeroes their counters. The clock is left where it is.
   */
  reset(): void;
  /** Adds a hold (see {@link Hold}); also restarts the `released` count. */
  hold(hold: Hold): void;
  /**
   * Ends holds and releases what they hold: all of them, or those whose `paths` contain one of these entries
   * (compared as given to hold()). Returns how many requests were released.
   */
  release(paths?: string[]): number;
  heldState(): HeldState;
  /** Resolves with the count once at least `atLeast` requests are held (or were released by `until`). */
  waitForHeld(atLeast: number): Promise<number>;
  /** Replaces the limits (null = none) and zeroes the counters and the QPS window. */
  setLimits(limits: Limits | null): void;
  readonly limits: Limits | null;
  readonly limitCounters: LimitCounters;
  /** manualClock only (throws otherwise): moves the server clock forward; returns the new time (ms). */
  advanceClock(ms: number): number;
  /** Turns the hostile echo of the caller's token on or off (see {@link ServerOptions.echoToken}). */
  setEchoToken(on: boolean): void;
  /** Also destroys open sockets (streams in progress) so it never hangs. */
  close(): Promise<void>;
}
