import { errorSummary, outputText, outputValue } from '../run/output';
import type { RunState } from '../model/runState';

import { fillHint, hint, type Hint } from '../hints';
import type { Expectations, Matcher, MatcherKind, MatcherValue, Position } from './testFile';

/** One expectation a run did not meet, at its line in the test file, with what was expected and what came. */
export interface Failure extends Position {
  /** In English (the CLI, JUnit); the extension shows `template` in the display language. */
  message: string;
  template: Hint;
  expected: string;
  actual: string;
}

/** What a failed matcher says, by what it checked and how (each text a key of the extension's l10n bundle). */
function matcherHint(subject: 'output' | 'node' | 'error', kind: MatcherKind, expected: string, node = ''): Hint {
  switch (`${subject}.${kind}`) {
    case 'output.contains':
      return hint('expected the output to contain {0}', expected);
    case 'output.matches':
      return hint('expected the output to match {0}', expected);
    case 'output.equals':
      return hint('expected the output to equal {0}', expected);
    case 'output.json':
      return hint('expected the output to hold the JSON {0}', expected);
    case 'node.contains':
      return hint('expected the text of node "{0}" to contain {1}', node, expected);
    case 'node.matches':
      return hint('expected the text of node "{0}" to match {1}', node, expected);
    case 'node.equals':
      return hint('expected the text of node "{0}" to equal {1}', node, expected);
    case 'node.json':
      return hint('expected the text of node "{0}" to hold the JSON {1}', node, expected);
    case 'error.contains':
      return hint('expected the error message to contain {0}', expected);
    case 'error.matches':
      return hint('expected the error message to match {0}', expected);
    case 'error.equals':
      return hint('expected the error message to equal {0}', expected);
    default:
      return hint('expected the error message to hold the JSON {0}', expected);
  }
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

type Checked = { expected: string; actual: string; kind: MatcherKind } | undefined;

/**
 * Every matcher's check, by name. The type asks for one per matcher of the file format, so a matcher added
 * to the format without its check does not compile (nothing falls through to another matcher).
 */
const CHECKS: { [K in MatcherKind]: (expected: MatcherValue<K>, actual: string, value: unknown) => Checked } = {
  contains: (e, actual) => (actual.includes(e) ? undefined : { kind: 'contains', expected: e, actual }),
  matches: (e, actual) => (new RegExp(e).test(actual) ? undefined : { kind: 'matches', expected: `/${e}/`, actual }),
  equals: (e, actual, value) => {
    const same = typeof e === 'string' ? actual === e || value === e : JSON.stringify(e) === JSON.stringify(value);
    return same ? undefined : { kind: 'equals', expected: show(e), actual: typeof e === 'string' ? actual : show(value) };
  },
  json: (e, _actual, value) => (jsonSubset(e, value) ? undefined : { kind: 'json', expected: show(e), actual: show(value) }),
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
  const fail = (pos: Position, template: Hint, expected: string, actual: string) =>
    failures.push({ line: pos.line, column: pos.column, message: fillHint(template), template, expected, actual });
  const status = STATUS[view.status] ?? view.status;
  const wanted = expect.status?.value ?? (expect.error ? 'failed' : 'success');
  if (status !== wanted) {
    const template = view.error
      ? hint('expected the run to end as {0}, it ended as {1}: {2}', wanted, status, errorSummary(view.error))
      : view.interrupt
        ? hint('expected the run to end as {0}, it ended as {1}: the workflow asks a question no answer was given for', wanted, status)
        : hint('expected the run to end as {0}, it ended as {1}', wanted, status);
    fail(expect.status ?? casePosition, template, wanted, status);
  }
  if (expect.output) {
    const r = check(expect.output.value, outputText(view.output), outputValue(view.output));
    if (r) fail(expect.output, matcherHint('output', r.kind, r.expected), r.expected, r.actual);
  }
  for (const n of expect.nodes ?? []) {
    const nodes = view.nodes.filter((x) => x.title === n.value.title);
    if (nodes.length === 0) {
      const titles = [...new Set(view.nodes.map((x) => x.title))].join(', ');
      fail(
        n,
        titles
          ? hint('no node titled "{0}" streamed anything (nodes: {1})', n.value.title, titles)
          : hint('no node titled "{0}" streamed anything (no node did)', n.value.title),
        n.value.title,
        '',
      );
      continue;
    }
    const text = nodes.map((x) => x.text).join('');
    const r = check(n.value, text);
    if (r) fail(n, matcherHint('node', r.kind, r.expected, n.value.title), r.expected, r.actual);
  }
  if (expect.error) {
    const { code, message } = expect.error.value;
    if (code !== undefined && view.error?.code !== code)
      fail(
        expect.error,
        view.error?.code !== undefined
          ? hint('expected error code {0}, got {1}', String(code), String(view.error.code))
          : hint('expected error code {0}, got none', String(code)),
        String(code),
        String(view.error?.code ?? ''),
      );
    if (message) {
      const r = check(message, view.error?.message);
      if (r) fail(expect.error, matcherHint('error', r.kind, r.expected), r.expected, r.actual);
    }
  }
  if (expect.maxSeconds && view.startedAt !== undefined && view.endedAt !== undefined) {
    const took = (view.endedAt - view.startedAt) / 1000;
    if (took > expect.maxSeconds.value)
      fail(
        expect.maxSeconds,
        hint('expected the run to take at most {0} s, it took {1} s', String(expect.maxSeconds.value), took.toFixed(2)),
        `≤ ${expect.maxSeconds.value} s`,
        `${took.toFixed(2)} s`,
      );
  }
  if (expect.maxTokens) {
    const tokens = view.usage?.tokenCount;
    if (tokens === undefined || tokens > expect.maxTokens.value)
      fail(
        expect.maxTokens,
        tokens === undefined
          ? hint('expected at most {0} tokens, the run used an unknown number', String(expect.maxTokens.value))
          : hint('expected at most {0} tokens, the run used {1}', String(expect.maxTokens.value), String(tokens)),
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
