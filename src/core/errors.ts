/**
 * One error type for everything that can go wrong talking to Coze, carrying what a person needs to act:
 * the Coze code and message, the logid to quote to support, the HTTP status, the run's debug_url, and a hint.
 * `kind` is stable and language-neutral; the host turns it into localized text.
 */
export type CozeErrorKind =
  | 'auth' // token invalid (4100, studio 700012006, HTTP 401)
  | 'wrongRegion' // token refused, typically made for the other region (4101)
  | 'unpublished' // workflow never published (4200, studio 6031 / 720702011)
  | 'notFound' // workflow or execution unknown
  | 'paidFeature' // is_async on a free plan (6003)
  | 'rateLimited' // 4013 / HTTP 429
  | 'badRequest' // 4000 / HTTP 400
  | 'interruptOnSync' // studio: a sync run reached a question node (6039)
  | 'unsupported' // endpoint this server does not offer with a token (studio session-only paths)
  | 'workflow' // the workflow itself failed (Error event)
  | 'server' // 5xx or unknown server failure
  | 'network' // could not connect / connection dropped
  | 'timeout' // connect, idle or total timeout
  | 'cancelled' // the user aborted
  | 'protocol'; // the answer was not a Coze response (HTML, empty body, broken event)

export interface CozeErrorInit {
  kind: CozeErrorKind;
  message: string;
  code?: number;
  logid?: string;
  httpStatus?: number;
  debugUrl?: string;
  retryAfterMs?: number;
  /** What the client was doing, e.g. "stream_run". */
  operation?: string;
  cause?: unknown;
}

const HINTS: Record<CozeErrorKind, string> = {
  auth: 'The access token was not accepted. Sign in again with a token created on this environment, and check that it has not expired.',
  wrongRegion:
    'The token was refused. Tokens made on coze.cn only work on api.coze.cn and tokens made on coze.com only on api.coze.com: switch the environment or use a token of this region, and check the token has the permission this call needs.',
  unpublished:
    'The workflow is not published. Publish it in Coze first: the OpenAPI runs only published workflows (on Coze Studio, a DEBUG run uses the draft).',
  notFound: 'Coze does not know this workflow or run. Check the id, and that the token belongs to the workflow\'s workspace.',
  paidFeature: 'Asynchronous runs (is_async) need a paid Coze plan. Run the workflow as a stream instead.',
  rateLimited: 'Coze is rate limiting this token. Wait a moment before running again.',
  badRequest: 'Coze rejected the request parameters. Check the inputs against the workflow\'s start node.',
  interruptOnSync:
    'The workflow asked a question, which a synchronous run cannot answer on Coze Studio. Run it as a stream to answer the question.',
  unsupported:
    'This server does not offer this call with an access token (Coze Studio serves it only to the web UI). Enter the workflow id and parameters by hand.',
  workflow: 'The workflow failed while running. Open the debug URL to see which node failed and why.',
  server: 'The Coze server failed. Retry later; if it keeps failing, quote the logid to Coze support.',
  network: 'Could not reach the server. Check the environment\'s base URL, your network and the http.proxy setting.',
  timeout:
    'The request timed out. For long workflows, raise the timeouts in the settings or run the workflow asynchronously.',
  cancelled: 'The run was cancelled. The workflow may still finish on the server: check its debug URL.',
  protocol: 'The server\'s answer was not a Coze response. Check that the base URL points at a Coze API (for example https://api.coze.cn).',
};

/** Marks CozeErrors so that `instanceof` holds across bundles (the HTTP stack is a bundle of its own). */
const BRAND = Symbol.for('coze-workflows.CozeError');

export class CozeError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  readonly [BRAND] = true;
  readonly kind: CozeErrorKind;
  readonly code: number | undefined;
  readonly logid: string | undefined;
  readonly httpStatus: number | undefined;
  readonly debugUrl: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly operation: string | undefined;
  readonly hint: string;

  constructor(init: CozeErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'CozeError';
    this.kind = init.kind;
    this.code = init.code;
    this.logid = init.logid;
    this.httpStatus = init.httpStatus;
    this.debugUrl = init.debugUrl;
    this.retryAfterMs = init.retryAfterMs;
    this.operation = init.operation;
    this.hint = HINTS[init.kind];
  }

  /** One line for logs: never contains the token (the client never puts it in messages). */
  describe(): string {
    const parts = [`${this.kind}: ${this.message}`];
    if (this.code !== undefined) parts.push(`code ${this.code}`);
    if (this.httpStatus !== undefined) parts.push(`HTTP ${this.httpStatus}`);
    if (this.logid) parts.push(`logid ${this.logid}`);
    return parts.join(', ');
  }
}

/** Maps a Coze `code` (cloud OpenAPI codes, studio errnos, studio HTTP-like codes) to a kind. */
export function kindForCode(code: number, httpStatus?: number): CozeErrorKind {
  switch (code) {
    case 4100:
    case 700012006:
      return 'auth';
    case 4101:
      return 'wrongRegion';
    case 4200:
    case 6031:
    case 720702011:
      return 'unpublished';
    case 720702004:
    case 404:
      return 'notFound';
    case 6003:
      return 'paidFeature';
    case 4013:
    case 429:
      return 'rateLimited';
    case 4000:
    case 400:
      return 'badRequest';
    case 6039:
      return 'interruptOnSync';
    case 6023:
      return 'timeout';
    case 777777777:
      return 'cancelled';
    case 401:
      return 'unsupported';
    default:
      if (httpStatus === 401) return 'auth';
      if (httpStatus === 429) return 'rateLimited';
      if (httpStatus !== undefined && httpStatus >= 500) return 'server';
      return code >= 720700000 && code < 720800000 ? 'workflow' : 'server';
  }
}

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
