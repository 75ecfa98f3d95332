import { errorSummary, outputText, outputValue } from '../run/output';
import type { RunState } from '../run/runState';

import type { Expectations, Matcher, MatcherKind, MatcherValue, Position } from './testFile';

/** One expectation a run did not meet, at its line in the test file, with what was expected and what came. */
export interface Failure extends Position {
  message: string;
  expected: string;
  actual: string;
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));

/** Whether `actual` holds everything `expected` has: objects by key, arrays element by element, the rest equal. */
export function jsonSubset(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object')
    return expected === actual || (typeof actual === 'string' && String(expected) === actual && typeof expected !== 'string');
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.length <= actual.length && expected.every((e, i) => jsonSubset(e, actual[i]));
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  return Object.entries(expected).every(([k, v]) => jsonSubset(v, (actual as Record<string, unknown>)[k]));
}

type Checked = { expected: string; actual: string; what: string } | undefined;

/**
 * Every matcher's check, by name. The type asks for one per matcher of the file format, so a matcher added
 * to the format without its check does not compile (nothing falls through to another matcher).
 */
const CHECKS: { [K in MatcherKind]: (expected: MatcherValue<K>, actual: string, value: unknown) => Checked } = {
  contains: (e, actual) => (actual.includes(e) ? undefined : { what: 'to contain', expected: e, actual }),
  matches: (e, actual) => (new RegExp(e).test(actual) ? undefined : { what: 'to match', expected: `/${e}/`, actual }),
  equals: (e, actual, value) => {
    const same = typeof e === 'string' ? actual === e || value === e : JSON.stringify(e) === JSON.stringify(value);
    return same ? undefined : { what: 'to equal', expected: show(e), actual: typeof e === 'string' ? actual : show(value) };
  },
  json: (e, _actual, value) => (jsonSubset(e, value) ? undefined : { what: 'to hold the JSON', expected: show(e), actual: show(value) }),
};

/** Checks a text (and, for `equals` and `json`, its value) against a matcher; the failure's words, or undefined. */
export function check(m: Matcher, text: string | undefined, value: unknown = text): Checked {
  const [kind, expected] = Object.entries(m)[0] as [MatcherKind, never];
  return CHECKS[kind](expected, text ?? '', value);
}

const STATUS: Record<string, string> = {
  succeeded: 'success',
  failed: 'failed',
  interrupted: 'interrupted',
  cancelled: 'cancelled',
  running: 'running',
  pending: 'pending',
};

/**
 * Everything a finished run did not meet. Without an expected status, a case expects success, or failure
 * when it expects an error.
 */
export function evaluate(expect: Expectations, view: RunState, casePosition: Position): Failure[] {
  const failures: Failure[] = [];
  const fail = (pos: Position, message: string, expected: string, actual: string) =>
    failures.push({ line: pos.line, column: pos.column, message, expected, actual });
  const status = STATUS[view.status] ?? view.status;
  const wanted = expect.status?.value ?? (expect.error ? 'failed' : 'success');
  if (status !== wanted) {
    const why = view.error ? `: ${errorSummary(view.error)}` : view.interrupt ? ': the workflow asks a question no answer was given for' : '';
    fail(expect.status ?? casePosition, `expected the run to end as ${wanted}, it ended as ${status}${why}`, wanted, status);
  }
  if (expect.output) {
    const r = check(expect.output.value, outputText(view.output), outputValue(view.output));
    if (r) fail(expect.output, `expected the output ${r.what} ${r.expected}`, r.expected, r.actual);
  }
  for (const n of expect.nodes ?? []) {
    const nodes = view.nodes.filter((x) => x.title === n.value.title);
    if (nodes.length === 0) {
      fail(
        n,
        `no node titled "${n.value.title}" streamed anything (nodes: ${[...new Set(view.nodes.map((x) => x.title))].join(', ') || 'none'})`,
        n.value.title,
        '',
      );
      continue;
    }
    const text = nodes.map((x) => x.text).join('');
    const r = check(n.value, text);
    if (r) fail(n, `expected the text of node "${n.value.title}" ${r.what} ${r.expected}`, r.expected, r.actual);
  }
  if (expect.error) {
    const { code, message } = expect.error.value;
    if (code !== undefined && view.error?.code !== code)
      fail(expect.error, `expected error code ${code}, got ${view.error?.code ?? 'none'}`, String(code), String(view.error?.code ?? ''));
    if (message) {
      const r = check(message, view.error?.message);
      if (r) fail(expect.error, `expected the error message ${r.what} ${r.expected}`, r.expected, r.actual);
    }
  }
  if (expect.maxSeconds && view.startedAt !== undefined && view.endedAt !== undefined) {
    const took = (view.endedAt - view.startedAt) / 1000;
    if (took > expect.maxSeconds.value)
      fail(
        expect.maxSeconds,
        `expected the run to take at most ${expect.maxSeconds.value} s, it took ${took.toFixed(2)} s`,
        `≤ ${expect.maxSeconds.value} s`,
        `${took.toFixed(2)} s`,
      );
  }
  if (expect.maxTokens) {
    const tokens = view.usage?.tokenCount;
    if (tokens === undefined || tokens > expect.maxTokens.value)
      fail(
        expect.maxTokens,
        `expected at most ${expect.maxTokens.value} tokens, the run used ${tokens ?? 'an unknown number'}`,
        `≤ ${expect.maxTokens.value}`,
        String(tokens ?? 'unknown'),
      );
  }
  return failures;
}

/** Fills `{{row.field}}` in every string of a value with the row's fields (a whole-string placeholder keeps the field's type). */
export function fillRow<T>(value: T, row: Record<string, unknown> | undefined): T {
  if (!row) return value;
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const whole = /^\{\{\s*row\.([\w.-]+)\s*\}\}$/.exec(v);
      if (whole) return row[whole[1]!];
      return v.replace(/\{\{\s*row\.([\w.-]+)\s*\}\}/g, (_, k: string) =>
        row[k] === undefined ? '' : typeof row[k] === 'string' ? (row[k] as string) : JSON.stringify(row[k]),
      );
    }
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return fill(value) as T;
}
