/**
 * The test-control endpoints (no auth, never recorded): GET/DELETE /_test/requests, PUT /_test/fault (a Fault
 * or null; GET returns the active one), POST /_test/reset, GET /_test/catalogue.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault, FaultKind, RecordedRequest } from './types';
import { catalogueListing } from './catalogue';
import { readBody } from './http';
import { isObject } from './json';

const KINDS: readonly FaultKind[] = [
  'drop-before-headers', 'drop-mid-stream', 'json-error', 'malformed-event', 'http-429', 'slow-ping', 'http-500-html',
  'empty-200', 'http-401', 'silence', 'big-event', 'no-done', 'no-space', 'crlf',
];

export interface ControlApi {
  requests(): RecordedRequest[];
  clearRequests(): void;
  setFault(f: Fault | null): void;
  currentFault(): Fault | null;
  reset(): void;
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
    if (v[k] !== undefined && (typeof v[k] !== 'number' || !Number.isFinite(v[k]) || (v[k] as number) < 0)) return `${k} must be a non-negative number`;
  }
  if (v.msg !== undefined && typeof v.msg !== 'string') return 'msg must be a string';
  if (v.paths !== undefined && (!Array.isArray(v.paths) || !v.paths.every((p) => typeof p === 'string'))) return 'paths must be an array of strings';
  return null;
}

export async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, api: ControlApi): Promise<void> {
  const m = req.method ?? 'GET';
  const body = await readBody(req);
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
  send(res, 404, { ok: false, error: `no control endpoint ${m} ${path}` });
}
