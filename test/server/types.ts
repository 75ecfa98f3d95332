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
  /** How long an async run stays Running before it finishes; default 3000 (scaled by timeScale). */
  asyncDurationMs?: number;
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
  /** drop-mid-stream / malformed-event / silence / big-event (and studio json-error): after how many normal events (default 2). */
  afterEvents?: number;
  /** json-error (defaults: cloud 4000 "Request parameter error", studio 720702011 "workflow not published"). */
  code?: number;
  msg?: string;
  /** http-429: seconds (default 1). */
  retryAfter?: number;
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

export interface CozeTestServer {
  url: string;
  dialect: Dialect;
  requests: RecordedRequest[];
  clearRequests(): void;
  setFault(fault: Fault | null): void;
  /** Clears requests, faults, runs, uploads and conversations. */
  reset(): void;
  /** Also destroys open sockets (streams in progress) so it never hangs. */
  close(): Promise<void>;
}
