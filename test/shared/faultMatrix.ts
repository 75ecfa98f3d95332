// The faults the local server can inject, and what a run must do under each: its status, its error's kind
// and words, what it keeps, and how often it may send. The engine's unit test walks every row in plain Node
// (test/unit/faultMatrix.test.ts); the host's walks a few through the panel, to see them on screen and in history.
import type { CozeErrorKind } from '../../src/core/model/errorKind';
import type { RunStatus } from '../../src/core/model/runState';
import type { Fault } from '../server/types';

export const HELLO = '7500000000000000101';
export const NAME = 'matrix';
export const FULL = `Hello, ${NAME}! This answer is streamed from a local Coze workflow, chunk by chunk.`;
/** What hello_stream has said after two events (its chunks differ per dialect: filled in from a clean run). */
export const TWO_EVENTS = 'the first two events';
export const RUN_PATH = '/v1/workflow/stream_run';
/** Where nothing listens: a refused connection. */
export const NOWHERE = 'http://127.0.0.1:9';

export interface Row {
  fault: string;
  dialect: 'cloud' | 'studio';
  /** The server's fault, or a server that is not there at all. */
  inject: Fault | 'refused';
  /** coze.timeouts.idleSeconds for this row. */
  idleSeconds?: number;
  status: RunStatus;
  kind?: CozeErrorKind;
  /** The error's message, or for a run that goes on, the notice that says what happened. */
  says: RegExp;
  logid: boolean;
  /** Output that must be on screen and in history afterwards ('' = nothing arrived). */
  kept: string;
  /** Run requests the server saw: more than one only where a retry is safe. */
  sends: number;
  retries: number;
}

export const FAULT_ROWS: Row[] = [];
const rows = FAULT_ROWS;
for (const dialect of ['cloud', 'studio'] as const) {
  rows.push(
    {
      fault: 'dropped before headers',
      dialect,
      inject: { kind: 'drop-before-headers' },
      status: 'failed',
      kind: 'network',
      says: /connection .* was closed during stream_run/,
      logid: false,
      kept: '',
      sends: 1,
      retries: 0,
    },
    {
      fault: 'dropped mid-stream',
      dialect,
      inject: { kind: 'drop-mid-stream', afterEvents: 2 },
      status: 'failed',
      kind: 'network',
      says: /connection .* was closed during stream_run/,
      logid: true,
      kept: TWO_EVENTS,
      sends: 1,
      retries: 0,
    },
    {
      fault: 'HTTP 500, HTML body',
      dialect,
      inject: { kind: 'http-500-html' },
      status: 'failed',
      kind: 'server',
      says: /\(HTTP 500\): 500 Internal Server Error$/,
      logid: true,
      kept: '',
      sends: 1,
      retries: 0,
    },
    {
      fault: 'JSON error on a stream',
      dialect,
      inject: { kind: 'json-error' },
      status: 'failed',
      kind: dialect === 'cloud' ? 'badRequest' : 'unpublished',
      says: dialect === 'cloud' ? /^Request parameter error$/ : /^workflow not published$/,
      logid: true,
      kept: '',
      sends: 1,
      retries: 0,
    },
    {
      fault: 'empty 200 body',
      dialect,
      inject: { kind: 'empty-200' },
      status: 'failed',
      kind: 'protocol',
      says: /empty (body|stream)/,
      logid: true,
      kept: '',
      sends: 1,
      retries: 0,
    },
    {
      fault: '401',
      dialect,
      inject: { kind: 'http-401' },
      status: 'failed',
      kind: 'auth',
      says: dialect === 'cloud' ? /^authentication is invalid$/ : /^authentication failed: invalid api key$/,
      logid: true,
      kept: '',
      sends: 1,
      retries: 0,
    },
    {
      fault: '429, Retry-After 1, once',
      dialect,
      inject: { kind: 'http-429', retryAfter: 1 },
      status: 'succeeded',
      says: /rate limited \(HTTP 429, code 4009\).*attempt 2 of 3/,
      logid: true,
      kept: FULL,
      sends: 2,
      retries: 1,
    },
    {
      fault: 'malformed JSON in one event',
      dialect,
      inject: { kind: 'malformed-event', afterEvents: 2 },
      status: 'succeeded',
      says: /1 event\(s\) could not be read/,
      logid: true,
      kept: FULL,
      sends: 1,
      retries: 0,
    },
    {
      fault: 'silence beyond the idle timeout',
      dialect,
      inject: { kind: 'silence', afterEvents: 2, silenceMs: 10_000 },
      idleSeconds: 1,
      status: 'failed',
      kind: 'timeout',
      says: /No data from .* for 1 s/,
      logid: true,
      kept: TWO_EVENTS,
      sends: 1,
      retries: 0,
    },
    {
      fault: 'one 5 MB event',
      dialect,
      inject: { kind: 'big-event', afterEvents: 2 },
      status: 'succeeded',
      says: /^$/,
      logid: true,
      kept: TWO_EVENTS,
      sends: 1,
      retries: 0,
    },
    {
      fault: 'no Done',
      dialect,
      inject: { kind: 'no-done' },
      status: 'failed',
      kind: 'network',
      says: /ended before the workflow finished/,
      logid: true,
      kept: FULL,
      sends: 1,
      retries: 0,
    },
  );
}
rows.push(
  {
    fault: "studio's lowercase error, plain text",
    dialect: 'studio',
    inject: { kind: 'json-error', afterEvents: 2 },
    status: 'failed',
    kind: 'server',
    says: /broke off the stream with an error: "internal server error"/,
    logid: true,
    kept: TWO_EVENTS,
    sends: 1,
    retries: 0,
  },
  {
    fault: '429 every time',
    dialect: 'cloud',
    inject: { kind: 'http-429', retryAfter: 0, times: 0 },
    status: 'failed',
    kind: 'rateLimited',
    says: /^The system request limit has been reached/,
    logid: true,
    kept: '',
    sends: 3,
    retries: 2,
  },
  {
    fault: '4009 in a 200 body, once',
    dialect: 'cloud',
    inject: { kind: 'rate-limit-200', code: 4009 },
    status: 'succeeded',
    says: /rate limited \(code 4009\).*attempt 2 of 3/,
    logid: true,
    kept: FULL,
    sends: 2,
    retries: 1,
  },
  {
    fault: 'daily limit (4008)',
    dialect: 'cloud',
    inject: { kind: 'rate-limit-200', code: 4008 },
    status: 'failed',
    kind: 'dailyLimit',
    says: /daily/i,
    logid: true,
    kept: '',
    sends: 1,
    retries: 0,
  },
  {
    fault: 'connection refused',
    dialect: 'cloud',
    inject: 'refused',
    status: 'failed',
    kind: 'network',
    says: /Connection to http:\/\/127\.0\.0\.1:9 was refused/,
    logid: false,
    kept: '',
    sends: 0,
    retries: 2,
  },
);

/** All the text of one node of hello_stream (its Output node), as a run state folds it. */
export const nodeText = (nodes: { title: string; text: string }[]) =>
  nodes
    .filter((n) => n.title === 'Output')
    .map((n) => n.text)
    .join('');

export async function setFault(base: string, fault: Fault | null): Promise<void> {
  await fetch(`${base}/_test/fault`, { method: 'PUT', body: JSON.stringify(fault) });
}
