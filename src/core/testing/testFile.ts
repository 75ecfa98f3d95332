import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node as YamlNode, type YAMLMap } from 'yaml';
import { fillHint, hint, type Hint } from '../hints';
import { unsafeIntegerHint } from '../hints';
import type { RunMode } from '../model/workflow';

/** Where something is in a test file: 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

export interface Diagnostic extends Position {
  /** In English (the CLI); the extension shows `template` in the display language. */
  message: string;
  template: Hint;
}

/** How a text is checked: a substring, the whole text, a regular expression, or a subset of its JSON. */
export type Matcher = { contains: string } | { equals: unknown } | { matches: string } | { json: unknown };
/** The value each matcher takes. */
export type MatcherValue<K extends MatcherKind> = Extract<Matcher, Record<K, unknown>>[K];

export interface Located<T> extends Position {
  value: T;
}

export interface Expectations {
  status?: Located<'success' | 'failed' | 'interrupted'>;
  output?: Located<Matcher>;
  /** By node title: the text that node streamed. */
  nodes?: Located<Matcher & { title: string }>[];
  error?: Located<{ code?: number; message?: Matcher }>;
  maxSeconds?: Located<number>;
  maxTokens?: Located<number>;
  /** Another workflow grades the output: it passes when the judge's score reaches the threshold. */
  judge?: Located<JudgeSpec>;
}

/** A judge of a case (docs/test-suites.md, "Judges"): which workflow grades, by what rubric, and the passing score. */
export interface JudgeSpec {
  /** A saved workflow's name, an id or a URL; the file's `judge` when absent. */
  workflow?: string;
  rubric: string;
  /** Pass when the score (0–1) is at least this. */
  threshold: number;
  /** The judge scores out of 10 or 100 rather than 0–1. */
  scale?: JudgeScale;
  /** A reference answer, given to the judge as `expected`. */
  expected?: string;
}

export type JudgeScale = (typeof TEST_FILE_FORMAT.scales)[number];
/** The threshold of a judge that names none. */
export const DEFAULT_THRESHOLD = 0.5;
/** The most runs `repeat` asks for (a typo of 10000 would spend an account's daily limit). */
export const MAX_REPEAT = 100;

export interface TestCaseSpec extends Position {
  name: string;
  /** An id, or the name of a workflow saved in .coze/workflows.json. */
  workflow: string;
  parameters: Record<string, unknown>;
  /** Interrupt answers, in order. */
  answers: string[];
  mode: RunMode;
  /** A .jsonl or .csv file (relative to the test file): each row is a case, its fields merged into parameters. */
  each?: string;
  /** Runs of the case (the file's when absent), and the share of them that must pass. */
  repeat?: number;
  passRate?: number;
  /** A published version to run (cloud workflow_version, Coze Studio version); the file's when absent. */
  workflowVersion?: string;
  expect: Expectations;
}

export interface TestFile {
  path: string;
  environment?: string;
  /** The judge of the file's cases that name none. */
  judge?: string;
  workflowVersion?: string;
  repeat?: number;
  passRate?: number;
  cases: TestCaseSpec[];
}

export type ParseResult = { ok: true; file: TestFile } | { ok: false; diagnostics: Diagnostic[] };

/**
 * The file format's keys and values, one definition: the parser reads by them, and a unit test checks
 * schemas/tests.schema.json (what editors validate against) holds exactly these.
 */
export const TEST_FILE_FORMAT = {
  file: ['$schema', 'environment', 'workflowVersion', 'judge', 'repeat', 'passRate', 'cases'],
  case: ['name', 'workflow', 'workflowVersion', 'parameters', 'answers', 'mode', 'each', 'repeat', 'passRate', 'expect'],
  expect: ['status', 'output', 'nodes', 'error', 'maxSeconds', 'maxTokens', 'judge'],
  error: ['code', 'message'],
  judge: ['workflow', 'rubric', 'threshold', 'scale', 'expected'],
  scales: [10, 100],
  matchers: ['contains', 'equals', 'matches', 'json'],
  modes: ['stream', 'sync', 'async'],
  statuses: ['success', 'failed', 'interrupted'],
} as const;

/** A matcher's name: the keys of `Matcher`, and of the table of checks in expectations.ts (a missing one does not compile). */
export type MatcherKind = (typeof TEST_FILE_FORMAT.matchers)[number];
const MATCHERS = TEST_FILE_FORMAT.matchers;
const MODES: readonly RunMode[] = TEST_FILE_FORMAT.modes;
const STATUSES = TEST_FILE_FORMAT.statuses;

/**
 * Reads a test file (`.test.yaml`, or `.test.json`: YAML 1.2 reads JSON too) into cases, keeping the line and
 * column of every expectation so a failure can point at it. A malformed file gives every problem found,
 * each at its line, and no cases.
 */
export function parseTestFile(text: string, path: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  const at = (node: YamlNode | null | undefined): Position => {
    const offset = node?.range?.[0] ?? 0;
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const problem = (node: YamlNode | null | undefined, template: Hint) => diagnostics.push({ ...at(node), message: fillHint(template), template });
  for (const e of doc.errors) {
    const p = lineCounter.linePos(e.pos[0]);
    const template = hint('not valid YAML: {0}', e.message.split('\n')[0] ?? e.message);
    diagnostics.push({ line: p.line, column: p.col, message: fillHint(template), template });
  }
  // a bare 19-digit id becomes another id as a number: refused at its line, never rounded
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'number' && Number.isInteger(node.value) && !Number.isSafeInteger(node.value))
        problem(node, unsafeIntegerHint(node.source ?? String(node.value)));
    },
  });
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  const root = doc.contents;
  if (!isMap(root)) {
    const template = hint('a test file is a mapping with a "cases" list');
    return { ok: false, diagnostics: [{ ...at(root), message: fillHint(template), template }] };
  }

  const value = (node: unknown): unknown =>
    node && typeof (node as { toJSON?: unknown }).toJSON === 'function' ? (node as { toJSON(): unknown }).toJSON() : isScalar(node) ? node.value : node;
  const entries = (map: YAMLMap, where: string, allowed: readonly string[]) => {
    const out = new Map<string, YamlNode>();
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(key)) problem(pair.key as YamlNode, hint('{0}: unknown key "{1}" (one of {2})', where, key, allowed.join(', ')));
      else out.set(key, pair.value as YamlNode);
    }
    return out;
  };
  /** A string value; a missing one is reported at `parent`, the mapping that lacks it. */
  const str = (node: YamlNode | undefined, what: string, parent?: YamlNode): string | undefined => {
    const v = value(node);
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' && what.endsWith('workflow')) return String(v);
    problem(node ?? parent, hint('{0} must be a non-empty string', what));
    return undefined;
  };
  const matcher = (node: YamlNode | undefined, what: string): Matcher | undefined => {
    if (!isMap(node)) {
      problem(node, hint('{0} must be one of {1}', what, `{ ${MATCHERS.join(' | ')}: … }`));
      return undefined;
    }
    const found = entries(node, what, MATCHERS);
    if (found.size !== 1) {
      problem(node, hint('{0} takes exactly one of {1}', what, MATCHERS.join(', ')));
      return undefined;
    }
    const [kind, v] = [...found][0]!;
    const raw = value(v);
    if ((kind === 'contains' || kind === 'matches') && typeof raw !== 'string') {
      problem(v, hint('{0} must be a string', `${what}.${kind}`));
      return undefined;
    }
    if (kind === 'matches') {
      try {
        new RegExp(raw as string);
      } catch (e) {
        problem(v, hint('{0} is not a regular expression: {1}', `${what}.matches`, (e as Error).message));
        return undefined;
      }
    }
    return { [kind]: raw } as Matcher;
  };
  const located = <T>(node: YamlNode | undefined, v: T): Located<T> => ({ ...at(node), value: v });
  const repeatOf = (node: YamlNode | undefined, what: string): number | undefined => {
    const n = value(node);
    if (Number.isInteger(n) && (n as number) >= 1 && (n as number) <= MAX_REPEAT) return n as number;
    problem(node, hint('{0} must be a whole number from 1 to {1}', what, String(MAX_REPEAT)));
    return undefined;
  };
  const shareOf = (node: YamlNode | undefined, what: string): number | undefined => {
    const n = value(node);
    if (typeof n === 'number' && n > 0 && n <= 1) return n;
    problem(node, hint('{0} must be a number above 0 and at most 1 (0.8 = 80 %)', what));
    return undefined;
  };

  // `$schema` names the JSON schema editors check the file against (schemas/tests.schema.json)
  const top = entries(root, 'the file', TEST_FILE_FORMAT.file);
  const environment = top.has('environment') ? str(top.get('environment'), 'environment') : undefined;
  const fileJudge = top.has('judge') ? str(top.get('judge'), 'judge') : undefined;
  const fileVersion = top.has('workflowVersion') ? str(top.get('workflowVersion'), 'workflowVersion') : undefined;
  const fileRepeat = top.has('repeat') ? repeatOf(top.get('repeat'), 'repeat') : undefined;
  const filePassRate = top.has('passRate') ? shareOf(top.get('passRate'), 'passRate') : undefined;
  const casesNode = top.get('cases');
  if (!isSeq(casesNode)) {
    problem(casesNode ?? root, hint('the file needs a "cases" list'));
    return { ok: false, diagnostics };
  }
  const cases: TestCaseSpec[] = [];
  const names = new Set<string>();
  casesNode.items.forEach((item, i) => {
    const where = `cases[${i}]`;
    if (!isMap(item)) return void problem(item as YamlNode, hint('{0} must be a mapping', where));
    const c = entries(item, where, TEST_FILE_FORMAT.case);
    const name = str(c.get('name'), `${where}.name`, item) ?? `case ${i + 1}`;
    if (names.has(name)) problem(c.get('name'), hint('{0}: another case is named "{1}"', where, name));
    names.add(name);
    const workflow = str(c.get('workflow'), `${where}.workflow`, item);
    const params = c.has('parameters') ? value(c.get('parameters')) : {};
    if (typeof params !== 'object' || params === null || Array.isArray(params))
      problem(c.get('parameters'), hint('{0} must be a mapping', `${where}.parameters`));
    const answersRaw = c.has('answers') ? value(c.get('answers')) : [];
    const answers = Array.isArray(answersRaw) ? answersRaw.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))) : [];
    if (!Array.isArray(answersRaw)) problem(c.get('answers'), hint('{0} must be a list', `${where}.answers`));
    const modeRaw = c.has('mode') ? value(c.get('mode')) : 'stream';
    if (!MODES.includes(modeRaw as RunMode)) problem(c.get('mode'), hint('{0} must be one of {1}', `${where}.mode`, MODES.join(', ')));
    const each = c.has('each') ? str(c.get('each'), `${where}.each`) : undefined;
    if (each && !/\.(jsonl|csv)$/i.test(each)) problem(c.get('each'), hint('{0} must name a .jsonl or .csv file', `${where}.each`));
    const repeat = c.has('repeat') ? repeatOf(c.get('repeat'), `${where}.repeat`) : undefined;
    const passRate = c.has('passRate') ? shareOf(c.get('passRate'), `${where}.passRate`) : undefined;
    const workflowVersion = c.has('workflowVersion') ? str(c.get('workflowVersion'), `${where}.workflowVersion`) : undefined;
    const expect: Expectations = {};
    const e = c.get('expect');
    if (e !== undefined) {
      if (!isMap(e)) problem(e, hint('{0} must be a mapping', `${where}.expect`));
      else {
        const x = entries(e, `${where}.expect`, TEST_FILE_FORMAT.expect);
        if (x.has('status')) {
          const s = value(x.get('status'));
          if (STATUSES.includes(s as (typeof STATUSES)[number])) expect.status = located(x.get('status'), s as (typeof STATUSES)[number]);
          else problem(x.get('status'), hint('{0} must be one of {1}', `${where}.expect.status`, STATUSES.join(', ')));
        }
        if (x.has('output')) {
          const m = matcher(x.get('output'), `${where}.expect.output`);
          if (m) expect.output = located(x.get('output'), m);
        }
        const nodes = x.get('nodes');
        if (nodes !== undefined) {
          if (!isMap(nodes)) problem(nodes, hint('{0} maps node titles to matchers', `${where}.expect.nodes`));
          else {
            expect.nodes = [];
            for (const pair of nodes.items) {
              const title = isScalar(pair.key) ? String(pair.key.value) : '';
              const m = matcher(pair.value as YamlNode, `${where}.expect.nodes.${title}`);
              if (m) expect.nodes.push(located(pair.value as YamlNode, { ...m, title }));
            }
          }
        }
        const err = x.get('error');
        if (err !== undefined) {
          if (!isMap(err)) problem(err, hint('{0} must be a mapping', `${where}.expect.error`));
          else {
            const ee = entries(err, `${where}.expect.error`, TEST_FILE_FORMAT.error);
            const code = ee.has('code') ? value(ee.get('code')) : undefined;
            if (code !== undefined && !Number.isInteger(code)) problem(ee.get('code'), hint('{0} must be an integer', `${where}.expect.error.code`));
            const message = ee.has('message') ? matcher(ee.get('message'), `${where}.expect.error.message`) : undefined;
            expect.error = located(err, { ...(Number.isInteger(code) ? { code: code as number } : {}), ...(message ? { message } : {}) });
          }
        }
        for (const key of ['maxSeconds', 'maxTokens'] as const) {
          if (!x.has(key)) continue;
          const n = value(x.get(key));
          if (typeof n === 'number' && n > 0) expect[key] = located(x.get(key), n);
          else problem(x.get(key), hint('{0} must be a positive number', `${where}.expect.${key}`));
        }
        const j = x.get('judge');
        if (j !== undefined) {
          const jw = `${where}.expect.judge`;
          if (!isMap(j)) problem(j, hint('{0} must be a mapping', jw));
          else {
            const jj = entries(j, jw, TEST_FILE_FORMAT.judge);
            const rubric = str(jj.get('rubric'), `${jw}.rubric`, j);
            const judgeWorkflow = jj.has('workflow') ? str(jj.get('workflow'), `${jw}.workflow`) : undefined;
            const threshold = jj.has('threshold') ? value(jj.get('threshold')) : DEFAULT_THRESHOLD;
            if (typeof threshold !== 'number' || threshold < 0 || threshold > 1)
              problem(jj.get('threshold'), hint('{0} must be a number from 0 to 1', `${jw}.threshold`));
            const scale = jj.has('scale') ? value(jj.get('scale')) : undefined;
            if (scale !== undefined && !TEST_FILE_FORMAT.scales.includes(scale as JudgeScale))
              problem(jj.get('scale'), hint('{0} must be one of {1}', `${jw}.scale`, TEST_FILE_FORMAT.scales.join(', ')));
            const expected = jj.has('expected') ? str(jj.get('expected'), `${jw}.expected`) : undefined;
            if (!judgeWorkflow && !fileJudge && !jj.has('workflow'))
              problem(j, hint('{0}: no judge to ask: name its workflow here ("workflow:") or for the whole file ("judge:" at the top)', jw));
            if (rubric && typeof threshold === 'number')
              expect.judge = located(j, {
                rubric,
                threshold,
                ...(judgeWorkflow ? { workflow: judgeWorkflow } : {}),
                ...(typeof scale === 'number' ? { scale: scale as JudgeScale } : {}),
                ...(expected ? { expected } : {}),
              });
          }
        }
      }
    }
    if (workflow)
      cases.push({
        ...at(item),
        name,
        workflow,
        parameters: (params ?? {}) as Record<string, unknown>,
        answers,
        mode: (MODES.includes(modeRaw as RunMode) ? modeRaw : 'stream') as RunMode,
        ...(each ? { each } : {}),
        ...(repeat ? { repeat } : {}),
        ...(passRate ? { passRate } : {}),
        ...(workflowVersion ? { workflowVersion } : {}),
        expect,
      });
  });
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return {
    ok: true,
    file: {
      path,
      ...(environment ? { environment } : {}),
      ...(fileJudge ? { judge: fileJudge } : {}),
      ...(fileVersion ? { workflowVersion: fileVersion } : {}),
      ...(fileRepeat ? { repeat: fileRepeat } : {}),
      ...(filePassRate ? { passRate: filePassRate } : {}),
      cases,
    },
  };
}
