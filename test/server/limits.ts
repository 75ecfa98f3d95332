/**
 * Coze's rate limits (reference §11, §12): 4009 system ceiling, 4020 RPM over the purchased quota, 4008 daily
 * limit; and a QPS / daily limiter over the run endpoints (see Limits in types.ts) with counters a benchmark
 * can report. 4013 is a model error, not a rate limit.
 */
import type { LimitCounters, Limits } from './types';
import { isObject } from './json';

export const RATE_LIMIT_MSGS: Record<number, string> = {
  4008: 'The daily usage limit has been reached. Please try again tomorrow.',
  4009: 'The system request limit has been reached. Please try again later.',
  4020: 'The request rate exceeds the RPM quota of your plan. Please try again later or raise the quota.',
};

export function rateLimitMsg(code: number): string {
  return RATE_LIMIT_MSGS[code] ?? 'rate limited';
}

export interface Refusal {
  status: number;
  code: number;
  msg: string;
  headers: Record<string, string>;
}

const WINDOW_MS = 1000;

/** Checks limits sent over HTTP; returns an error message or null. */
export function limitsError(v: unknown): string | null {
  if (v === null) return null;
  if (!isObject(v)) return 'the body must be a Limits object {"qps"?,"dailyLimit"?,"answer"?} or null';
  const count = (x: unknown) => x === undefined || (typeof x === 'number' && Number.isInteger(x) && x >= 0);
  if (!count(v.qps)) return 'qps must be a non-negative integer';
  if (!count(v.dailyLimit)) return 'dailyLimit must be a non-negative integer';
  if (v.answer !== undefined) {
    if (!isObject(v.answer)) return 'answer must be an object {"status"?,"code"?,"msg"?,"retryAfter"?}';
    const a = v.answer;
    if (a.status !== undefined && (typeof a.status !== 'number' || !Number.isInteger(a.status) || a.status < 200 || a.status > 599))
      return 'answer.status must be an HTTP status';
    if (!count(a.code)) return 'answer.code must be a non-negative integer';
    if (!count(a.retryAfter)) return 'answer.retryAfter must be a non-negative integer';
    if (a.msg !== undefined && typeof a.msg !== 'string') return 'answer.msg must be a string';
  }
  return null;
}

export class RateLimiter {
  private limits: Limits | null = null;
  /** Times (server clock) of the requests accepted in the last second; kept only while a qps limit is set. */
  private window: number[] = [];
  private counts: LimitCounters = { accepted: 0, refusedQps: 0, refusedDaily: 0 };

  constructor(
    private readonly now: () => number,
    private readonly defaults: Limits | null,
  ) {
    this.set(defaults);
  }

  get current(): Limits | null {
    return this.limits;
  }

  get counters(): LimitCounters {
    return { ...this.counts };
  }

  /** New limits start a new measurement: counters and the window restart. */
  set(limits: Limits | null): void {
    const err = limitsError(limits);
    if (err) throw new Error(err);
    this.limits = limits && (limits.qps !== undefined || limits.dailyLimit !== undefined) ? structuredClone(limits) : null;
    this.window = [];
    this.counts = { accepted: 0, refusedQps: 0, refusedDaily: 0 };
  }

  reset(): void {
    this.set(this.defaults);
  }

  /** Counts one run request; returns null when it is accepted, else how to refuse it. */
  check(): Refusal | null {
    const l = this.limits;
    if (l?.dailyLimit !== undefined && this.counts.accepted >= l.dailyLimit) {
      this.counts.refusedDaily += 1;
      return { status: 200, code: 4008, msg: rateLimitMsg(4008), headers: {} };
    }
    if (l?.qps !== undefined) {
      const now = this.now();
      while (this.window.length > 0 && this.window[0]! <= now - WINDOW_MS) this.window.shift();
      if (this.window.length >= l.qps) {
        this.counts.refusedQps += 1;
        const a = l.answer ?? {};
        const code = a.code ?? 4020;
        return {
          status: a.status ?? 429,
          code,
          msg: a.msg ?? rateLimitMsg(code),
          headers: a.retryAfter !== undefined ? { 'Retry-After': String(a.retryAfter) } : {},
        };
      }
      this.window.push(now);
    }
    this.counts.accepted += 1;
    return null;
  }
}
