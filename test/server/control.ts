/**
 * The test-control endpoints (no auth, never recorded):
 *   GET/DELETE /_test/requests; PUT /_test/fault (a Fault or null; GET returns the active one);
 *   POST /_test/reset; GET /_test/catalogue;
 *   PUT /_test/hold (a Hold) → {ok, ...HeldState}; POST /_test/release (optional {"paths":[...]}) → {ok, released};
 *   GET /_test/held[?atLeast=N[&timeoutMs=T]] → HeldState, once count ≥ N (a long poll; HTTP 408 with the state
 *     when T ms pass first);
 *   PUT /_test/limits (Limits or null) and GET /_test/limits → {limits, counters};
 *   POST /_test/clock {"advanceMs":N} (manualClock only, else 409) and GET /_test/clock → {manual, now};
 *   PUT /_test/echo-token {"on": true|false}: runs echo the caller's token back (a hostile server).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault, FaultKind, Hold, Limits, RecordedRequest } from './types';
import { catalogueListing } from './catalogue';
import type { Clock } from './clock';
import { holdError } from './holds';
import type { HoldStore } from './holds';
import { readBody } from './http';
import { isObject } from './json';
import { limitsError } from './limits';
import type { RateLimiter } from './limits';

const KINDS: readonly FaultKind[] = [
  'drop-before-headers',
  'drop-mid-stream',
  'json-error',
  'malformed-event',
  'http-429',
  'rate-limit-200',
  'slow-ping',
  'http-500-html',
  'empty-200',
  'http-401',
  'silence',
  'big-event',
  'no-done',
  'no-space',
  'crlf',
];

export interface ControlApi {
  requests(): RecordedRequest[];
  clearRequests(): void;
  setFault(f: Fault | null): void;
  currentFault(): Fault | null;
  reset(): void;
  holds: HoldStore;
  limiter: RateLimiter;
  clock: Clock;
  setEchoToken(on: boolean): void;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** Checks a fault sent over HTTP; returns an error message or null. */
export function faultError(v: unknown): string | null {
  if (v === null) return null;
  if (!isObject(v)) return 'the body must be a Fault object or null';
  if (!KINDS.includes(v.kind as FaultKind)) return `unknown fault kind ${JSON.stringify(v.kind)}; one of ${KINDS.join(', ')}`;
  for (const k of ['afterEvents', 'code', 'retryAfter', 'pingIntervalMs', 'silenceMs', 'bytes', 'times']) {
    if (k === 'retryAfter' && v[k] === null) continue; // null: no Retry-After header
    if (v[k] !== undefined && (typeof v[k] !== 'number' || !Number.isFinite(v[k]) || (v[k] as number) < 0)) return `${k} must be a non-negative number`;
  }
  if (v.msg !== undefined && typeof v.msg !== 'string') return 'msg must be a string';
  if (v.paths !== undefined && (!Array.isArray(v.paths) || !v.paths.every((p) => typeof p === 'string'))) return 'paths must be an array of strings';
  return null;
}

/** GET /_test/held: answers at once without atLeast, else once the count reaches it (or 408 after timeoutMs). */
function heldLongPoll(res: ServerResponse, query: URLSearchParams, holds: HoldStore): void {
  const raw = query.get('atLeast');
  const atLeast = raw === null ? 0 : Number(raw);
  const timeout = query.get('timeoutMs') === null ? undefined : Number(query.get('timeoutMs'));
  if (!Number.isInteger(atLeast) || atLeast < 0) return send(res, 400, { ok: false, error: 'atLeast must be a non-negative integer' });
  if (timeout !== undefined && (!Number.isFinite(timeout) || timeout < 0))
    return send(res, 400, { ok: false, error: 'timeoutMs must be a non-negative number' });
  const ac = new AbortController();
  const timer =
    timeout === undefined
      ? undefined
      : setTimeout(() => {
          ac.abort();
          if (!res.destroyed) send(res, 408, { ok: false, error: `fewer than ${atLeast} requests held after ${timeout} ms`, ...holds.state() });
        }, timeout);
  res.on('close', () => {
    clearTimeout(timer);
    ac.abort();
  });
  holds.waitFor(atLeast, ac.signal).then(
    () => {
      clearTimeout(timer);
      if (!res.writableEnded && !res.destroyed) send(res, 200, holds.state());
    },
    (e: Error) => {
      clearTimeout(timer);
      if (!res.writableEnded && !res.destroyed) send(res, 503, { ok: false, error: e.message });
    },
  );
}

/** The JSON body of a PUT: null for an empty body, undefined (after answering 400) when it is not JSON. */
function jsonBody(res: ServerResponse, body: { text: string; json: unknown }): unknown {
  if (body.text.trim() === '') return null;
  if (body.json === undefined) send(res, 400, { ok: false, error: 'the body must be JSON' });
  return body.json;
}

export async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, api: ControlApi): Promise<void> {
  const m = req.method ?? 'GET';
  const body = await readBody(req);
  const query = new URL(req.url ?? '/', 'http://local').searchParams;
  if (path === '/_test/requests' && m === 'GET') return send(res, 200, api.requests());
  if (path === '/_test/requests' && m === 'DELETE') {
    api.clearRequests();
    return send(res, 200, { ok: true });
  }
  if (path === '/_test/fault' && m === 'GET') return send(res, 200, api.currentFault());
  if (path === '/_test/fault' && m === 'PUT') {
    const v = body.text.trim() === '' ? null : body.json;
    if (body.text.trim() !== '' && body.json === undefined) return send(res, 400, { ok: false, error: 'the body must be JSON' });
    const err = faultError(v);
    if (err) return send(res, 400, { ok: false, error: err });
    api.setFault(v as Fault | null);
    return send(res, 200, { ok: true, fault: api.currentFault() });
  }
  if (path === '/_test/reset' && m === 'POST') {
    api.reset();
    return send(res, 200, { ok: true });
  }
  if (path === '/_test/catalogue' && m === 'GET') return send(res, 200, catalogueListing());
  if (path === '/_test/hold' && m === 'PUT') {
    const v = jsonBody(res, body);
    if (v === undefined) return;
    const err = holdError(v);
    if (err) return send(res, 400, { ok: false, error: err });
    api.holds.add(v as Hold);
    return send(res, 200, { ok: true, ...api.holds.state() });
  }
  if (path === '/_test/release' && m === 'POST') {
    const v = jsonBody(res, body);
    if (v === undefined) return;
    const paths = isObject(v) ? v.paths : undefined;
    if (v !== null && (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string'))) {
      return send(res, 400, { ok: false, error: 'the body must be empty or {"paths":[...]} naming entries given to PUT /_test/hold' });
    }
    return send(res, 200, { ok: true, released: api.holds.release(paths as string[] | undefined) });
  }
  if (path === '/_test/held' && m === 'GET') return heldLongPoll(res, query, api.holds);
  if (path === '/_test/limits' && m === 'GET') return send(res, 200, { limits: api.limiter.current, counters: api.limiter.counters });
  if (path === '/_test/limits' && m === 'PUT') {
    const v = jsonBody(res, body);
    if (v === undefined) return;
    const err = limitsError(v);
    if (err) return send(res, 400, { ok: false, error: err });
    api.limiter.set(v as Limits | null);
    return send(res, 200, { ok: true, limits: api.limiter.current, counters: api.limiter.counters });
  }
  if (path === '/_test/clock' && m === 'GET') return send(res, 200, { manual: api.clock.manual, now: api.clock.now() });
  if (path === '/_test/clock' && m === 'POST') {
    const v = jsonBody(res, body);
    if (v === undefined) return;
    const ms = isObject(v) ? v.advanceMs : undefined;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
      return send(res, 400, { ok: false, error: 'the body must be {"advanceMs": <non-negative number>}' });
    if (!api.clock.manual)
      return send(res, 409, { ok: false, error: 'the server runs on the wall clock; start it with manualClock: true (--manual-clock) to advance it' });
    return send(res, 200, { ok: true, manual: true, now: api.clock.advance(ms) });
  }
  if (path === '/_test/echo-token' && m === 'PUT') {
    const v = jsonBody(res, body);
    if (v === undefined) return;
    const on = isObject(v) ? v.on : undefined;
    if (typeof on !== 'boolean') return send(res, 400, { ok: false, error: 'the body must be {"on": true} or {"on": false}' });
    api.setEchoToken(on);
    return send(res, 200, { ok: true, on });
  }
  send(res, 404, { ok: false, error: `no control endpoint ${m} ${path}` });
}
