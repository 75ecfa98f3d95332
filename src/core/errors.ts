import type { CozeErrorKind } from './model/errorKind';
import type { Hint } from './hints';

/**
 * One error type for everything that can go wrong talking to Coze, carrying what a person needs to act:
 * the Coze code and message, the logid to quote to support, the HTTP status and the run's debug_url.
 * `kind` is stable and language-neutral; the host turns it into a localized hint (errorPresenter.hintFor).
 */
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
  /** The message's English template, when the words are ours (the extension shows it translated). */
  template?: Hint;
  cause?: unknown;
}

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
  readonly template: Hint | undefined;

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
    this.template = init.template;
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

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
