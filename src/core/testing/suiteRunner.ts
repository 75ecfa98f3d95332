import { sleep } from '../sleep';
import { dirname, resolve } from 'node:path';
import type { CozeClient } from '../client/cozeClient';
import type { RunRequest } from '../model/workflow';
import type { EnvironmentDef } from '../environments';
import { CozeError } from '../errors';
import { checkLocalFile, staysInside, type UploadableFile } from '../files/uploadPolicy';
import { runWorkflow } from '../run/engine';
import { errorSummary } from '../run/output';
import { fillHint, hint, type Hint } from '../hints';
import type { RunState } from '../model/runState';
import { DatasetError, readDataset, type DatasetRow } from './datasets';
import { evaluate, fillRow, type Failure } from './expectations';
import { judgeFailure, judgeParameters, verdictOf, type JudgeVerdict } from './judge';
import { Pacer, type Clock } from './pacer';
import { inShard, type Shard } from './shard';
import type { TestCaseSpec, TestFile } from './testFile';

/** One case to run: a case of a file, or one row of its dataset. */
export interface CaseInstance {
  /** Stable across runs and machines: what --shard splits on and what a test item is keyed by. */
  id: string;
  /** The test file, as given (relative to where the runner was started, or to the workspace). */
  file: string;
  /** The case's name, with the row's line for a dataset row. */
  title: string;
  line: number;
  column: number;
  spec: TestCaseSpec;
  row?: DatasetRow;
  /** The row's line in its dataset. */
  rowLine?: number;
  environment?: string;
  /** The file's judge, for a case whose `expect.judge` names none. */
  judge?: string;
  /** The published version to run: the case's, the file's, or --workflow-version's for its workflow. */
  workflowVersion?: string;
  /** Runs of the case, and the share of them that must pass (the case's, else the file's, else the suite's). */
  repeat: number;
  passRate: number;
}

export type Outcome = 'passed' | 'failed' | 'error' | 'skipped';

export interface CaseResult {
  case: CaseInstance;
  outcome: Outcome;
  failures: Failure[];
  /** Why the case could not run at all (a bad dataset, an unknown workflow), or why it was skipped. */
  error?: string;
  durationMs: number;
  view?: RunState;
  workflowId?: string;
  /** Rate-limit answers (HTTP 429, 4009, 4020) that were waited out and sent again. */
  retries: number;
  /** Requests sent again because the connection failed before the run could start (refused, reset, DNS). */
  connectionRetries: number;
  /** Tokens the case's runs used, its judge's included (0 when the server reported none). */
  tokens: number;
  /** The judge's verdict (of the reported run, when the case repeats). */
  judge?: JudgeVerdict;
  /** Each run's outcome when the case repeats (`repeat` > 1): passed k of N. */
  runs?: RepeatRun[];
}

/** One run of a repeated case. */
export interface RepeatRun {
  outcome: Outcome;
  durationMs: number;
  score?: number;
}

/**
 * A case's result as the summary keeps it: where it is and what a report shows (status, error, logid, debug
 * URL), without the run's output, the dataset row or the parsed spec, so a suite of 100,000 dataset rows
 * does not hold 100,000 runs in memory. The whole result goes to `onCaseEnd`.
 */
export type KeptResult = Omit<CaseResult, 'view' | 'case'> & {
  case: Pick<CaseInstance, 'id' | 'file' | 'title' | 'line' | 'column'>;
  view?: Pick<RunState, 'status' | 'error' | 'logid' | 'debugUrl'>;
};

/** What the summary keeps of a result (see {@link KeptResult}). */
function keep(r: CaseResult): KeptResult {
  const { view, case: c, ...rest } = r;
  return {
    ...rest,
    case: { id: c.id, file: c.file, title: c.title, line: c.line, column: c.column },
    ...(view ? { view: { status: view.status, error: view.error, logid: view.logid, debugUrl: view.debugUrl } } : {}),
  };
}

export interface SuiteSummary {
  /** Every result, or only those that did not pass (`keep: 'notPassed'`), in the order cases ended. */
  results: KeptResult[];
  totals: { passed: number; failed: number; errors: number; skipped: number; retries: number; connectionRetries: number; tokens: number };
  durationMs: number;
  /** Why the suite stopped before its end: the daily limit (4008), the token budget, --bail, or a cancel. */
  stoppedBecause?: string;
  /** The same words as a template and its arguments, for the display language. */
  stoppedTemplate?: Hint;
}

/** Where a case's workflow is and how it runs: a saved workflow's options, or a bare id. */
export interface ResolvedWorkflow {
  workflowId: string;
  options: Omit<RunRequest, 'workflowId' | 'parameters'>;
  /** The saved workflow's environment, when it names one. */
  environment?: string;
}

export interface SuiteOptions {
  /** A client for an environment id (the file's, the saved workflow's), or the default one. */
  clientFor(environment: string | undefined): Promise<{ client: CozeClient; environment: Pick<EnvironmentDef, 'id' | 'name' | 'dialect'> }>;
  /** An id, or the name of a saved workflow. Throws with a message a person can act on. */
  resolveWorkflow(ref: string): ResolvedWorkflow | Promise<ResolvedWorkflow>;
  /** A file input (`{ file: path }`) that passed the upload policy: uploaded, then encoded for the dialect. */
  encodeFile(file: UploadableFile, client: CozeClient): Promise<string>;
  /**
   * The folder a test file's file inputs must stay inside, links followed (its workspace folder; the CLI's
   * current folder or --root): a cloned repository's test file cannot upload ~/.ssh.
   */
  filesRoot(testFile: string): string;
  concurrency?: number;
  /** Runs started per second at most (default 10; Coze allows 50 on its free plan). */
  qps?: number;
  grep?: RegExp;
  shard?: Shard;
  bail?: boolean;
  /** Runs of every case, over what the files say (--repeat). */
  repeat?: number;
  /** Published versions by workflow (as a case names it: a saved name or an id), over what the files say (--workflow-version). */
  versions?: ReadonlyMap<string, string>;
  /** Stop the suite once its runs (judges included) have used more tokens than this (--max-tokens). */
  maxTokens?: number;
  signal?: AbortSignal;
  /** Only these: case ids, a case's id without its row, or a file (the Test Explorer's selection). */
  only?: ReadonlySet<string>;
  /** Not these (same ids as `only`). */
  exclude?: ReadonlySet<string>;
  clock?: Clock;
  /**
   * Which results the summary keeps: all (the default), or only those that did not pass, for a reporter that
   * takes each result from `onCaseEnd` as it comes (a 100,000-row dataset then costs no memory per row).
   */
  keep?: 'all' | 'notPassed';
  onCaseStart?(c: CaseInstance): void;
  onCaseEnd?(r: CaseResult): void;
}

// core's sleep removes its abort listener when it ends: the suite's signal outlives every start it paces
const realClock: Clock = { now: () => Date.now(), sleep };

/** The id of a case (and row): the file, the case's name, the row's line. */
export function caseId(file: string, name: string, rowLine?: number): string {
  return `${file}#${name}${rowLine !== undefined ? `@${rowLine}` : ''}`;
}

/** A case as the CLI prints it and `--grep` matches it: `file › name` (a dataset row's name has its row). */
export function caseLabel(c: Pick<CaseInstance, 'file' | 'title'>): string {
  return `${c.file} › ${c.title}`;
}

/**
 * Every case of the files, dataset rows read one at a time as they are needed (a dataset of any size is
 * never held whole), filtered by --grep, the shard and `only`.
 */
export async function* expandCases(
  files: readonly TestFile[],
  filter: Pick<SuiteOptions, 'grep' | 'shard' | 'only' | 'exclude' | 'repeat' | 'versions'> & Partial<Pick<SuiteOptions, 'filesRoot'>> = {},
): AsyncGenerator<CaseInstance> {
  const version = (workflow: string, fromFile: string | undefined) => filter.versions?.get(workflow) ?? fromFile;
  const named = (set: ReadonlySet<string>, c: CaseInstance) => set.has(c.id) || set.has(caseId(c.file, c.spec.name)) || set.has(c.file);
  const keep = (c: CaseInstance) =>
    (!filter.grep || filter.grep.test(caseLabel(c))) &&
    inShard(c.id, filter.shard) &&
    (!filter.only || named(filter.only, c)) &&
    !(filter.exclude && named(filter.exclude, c));
  for (const f of files) {
    for (const spec of f.cases) {
      const workflowVersion = version(spec.workflow, spec.workflowVersion ?? f.workflowVersion);
      const base = {
        file: f.path,
        line: spec.line,
        column: spec.column,
        spec,
        ...(f.environment ? { environment: f.environment } : {}),
        ...(f.judge ? { judge: f.judge } : {}),
        ...(workflowVersion ? { workflowVersion } : {}),
        repeat: filter.repeat ?? spec.repeat ?? f.repeat ?? 1,
        passRate: spec.passRate ?? f.passRate ?? 1,
      };
      if (!spec.each) {
        const c: CaseInstance = { ...base, id: caseId(f.path, spec.name), title: spec.name };
        if (keep(c)) yield c;
        continue;
      }
      const dataset = resolve(dirname(f.path), spec.each);
      // its rows become parameters sent to a workflow: a dataset outside the root (a link to a credentials file) is not read
      const root = filter.filesRoot?.(f.path);
      if (root !== undefined && !(await staysInside(root, dataset)))
        throw new DatasetError(f.path, spec.line, `the dataset ${spec.each} is outside ${root} (links are followed): it was not read`);
      for await (const { row, line } of readDataset(dataset)) {
        const c: CaseInstance = { ...base, id: caseId(f.path, spec.name, line), title: `${spec.name} [${spec.each}:${line}]`, row, rowLine: line };
        if (keep(c)) yield c;
      }
    }
  }
}

/**
 * Replaces `{ file: path }` values (top level and in arrays) with the uploaded file, encoded for the dialect.
 * Each path is resolved from the test file and checked by the upload policy, confined to `root`.
 */
async function withFiles(
  parameters: Record<string, unknown>,
  testFile: string,
  root: string,
  upload: (file: UploadableFile) => Promise<string>,
): Promise<Record<string, unknown>> {
  const isFileRef = (v: unknown): v is { file: string } =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { file?: unknown }).file === 'string';
  const one = async (v: unknown) => (isFileRef(v) ? upload(await checkLocalFile(resolve(dirname(testFile), v.file), { root, shownAs: v.file })) : v);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parameters)) out[k] = Array.isArray(v) ? await Promise.all(v.map(one)) : await one(v);
  return out;
}

/** Waits for the next start the suite's pace allows (judge runs and repeats are starts like any other). */
export type Pace = (signal?: AbortSignal) => Promise<void>;

/**
 * Runs one case: resolves its workflow and files, runs it to its end answering its questions, checks it, and
 * asks its judge. A case that repeats runs `repeat` times, each start paced, and passes when at least
 * `passRate` of its runs pass; the result reports the first run that did not pass (or the last one), and
 * each run's outcome.
 */
export async function runCase(c: CaseInstance, options: SuiteOptions, signal?: AbortSignal, pace?: Pace): Promise<CaseResult> {
  if (c.repeat <= 1) return runOnce(c, options, signal, pace);
  const clock = options.clock ?? realClock;
  const started = clock.now();
  const runs: RepeatRun[] = [];
  let reported: CaseResult | undefined;
  let last: CaseResult | undefined;
  const totals = { retries: 0, connectionRetries: 0, tokens: 0 };
  for (let i = 0; i < c.repeat; i++) {
    if (i > 0) {
      if (signal?.aborted) break;
      try {
        await pace?.(signal);
      } catch {
        break;
      }
    }
    const r = await runOnce(c, options, signal, pace);
    if (r.outcome === 'skipped') break;
    runs.push({ outcome: r.outcome, durationMs: r.durationMs, ...(r.judge?.score !== undefined ? { score: r.judge.score } : {}) });
    totals.retries += r.retries;
    totals.connectionRetries += r.connectionRetries;
    totals.tokens += r.tokens;
    last = r;
    if (r.outcome !== 'passed') reported ??= r;
  }
  const shown = reported ?? last;
  if (!shown)
    return { case: c, outcome: 'skipped', failures: [], error: 'cancelled', durationMs: clock.now() - started, retries: 0, connectionRetries: 0, tokens: 0 };
  const passes = runs.filter((r) => r.outcome === 'passed').length;
  const needed = Math.ceil(c.passRate * c.repeat - 1e-9);
  const enough = runs.length === c.repeat && passes >= needed;
  const allErrors = runs.every((r) => r.outcome === 'error');
  const failures = enough ? [] : [...shown.failures];
  if (!enough && !allErrors) {
    const template = hint('passed {0} of {1} runs; {2} must pass (passRate {3})', String(passes), String(c.repeat), String(needed), String(c.passRate));
    failures.unshift({
      line: c.line,
      column: c.column,
      message: fillHint(template),
      template,
      expected: `≥ ${needed}/${c.repeat}`,
      actual: `${passes}/${c.repeat}`,
    });
  }
  return {
    ...shown,
    outcome: enough ? 'passed' : allErrors ? 'error' : 'failed',
    failures,
    durationMs: clock.now() - started,
    ...totals,
    runs,
  };
}

/** One run of a case, and its judge's. */
async function runOnce(c: CaseInstance, options: SuiteOptions, signal?: AbortSignal, pace?: Pace): Promise<CaseResult> {
  const started = (options.clock ?? realClock).now();
  let retries = 0;
  let connectionRetries = 0;
  const done = (r: Omit<CaseResult, 'case' | 'durationMs' | 'retries' | 'connectionRetries' | 'tokens'>, tokens = 0): CaseResult => ({
    case: c,
    durationMs: (options.clock ?? realClock).now() - started,
    retries,
    connectionRetries,
    tokens,
    ...r,
  });
  const onRetry = (info: { cause?: string }) => void (info.cause === 'connection' ? connectionRetries++ : retries++);
  let workflow: ResolvedWorkflow;
  try {
    workflow = await options.resolveWorkflow(c.spec.workflow);
  } catch (e) {
    return done({ outcome: 'error', failures: [], error: e instanceof Error ? e.message : String(e) });
  }
  try {
    const { client } = await options.clientFor(workflow.environment ?? c.environment);
    const given = fillRow({ ...c.row, ...c.spec.parameters }, c.row);
    const parameters = await withFiles(given, c.file, options.filesRoot(c.file), (f) => options.encodeFile(f, client));
    const answers = [...fillRow(c.spec.answers, c.row)];
    const expect = fillRow(c.spec.expect, c.row);
    const limit = expect.maxSeconds ? AbortSignal.timeout(expect.maxSeconds.value * 1000 + 1000) : undefined;
    const runSignal = signal && limit ? AbortSignal.any([signal, limit]) : (signal ?? limit);
    // a version is the dialect's own field: cloud's workflow_version, Coze Studio's version (the request keeps the one it knows)
    const pinned = c.workflowVersion ? { workflowVersion: c.workflowVersion, version: c.workflowVersion } : {};
    const view = await runWorkflow(client, { workflowId: workflow.workflowId, parameters, ...workflow.options, ...pinned }, c.spec.mode, {
      ...(runSignal ? { signal: runSignal } : {}),
      onRetry,
      answer: () => answers.shift(),
    });
    let tokens = view.usage?.tokenCount ?? 0;
    if (view.status === 'cancelled' && signal?.aborted)
      return done({ outcome: 'skipped', failures: [], error: 'cancelled', view, workflowId: workflow.workflowId }, tokens);
    const failures = evaluate(expect, view, c);
    if (view.status === 'interrupted' && expect.status?.value !== 'interrupted') {
      const asked = view.interrupt?.streamed || view.interrupt?.data || view.interrupt?.nodeTitle || '';
      const template = asked
        ? hint('the workflow asked "{0}" and no answer was left: give one more in "answers" ({1} given)', asked.slice(0, 200), String(c.spec.answers.length))
        : hint('the workflow asked a question and no answer was left: give one more in "answers" ({0} given)', String(c.spec.answers.length));
      failures.unshift({ line: c.line, column: c.column, message: fillHint(template), template, expected: 'an answer', actual: 'none left' });
    }
    // the judge grades a run that answered; one that failed has failed already, and grading it would spend tokens for nothing
    let judge: JudgeVerdict | undefined;
    const judgeSpec = expect.judge;
    if (judgeSpec && view.status === 'succeeded') {
      const ref = judgeSpec.value.workflow ?? c.judge ?? '';
      const judgeWorkflow = await options.resolveWorkflow(ref);
      const { client: judgeClient } = await options.clientFor(judgeWorkflow.environment ?? c.environment);
      await pace?.(signal);
      const judgeRun = await runWorkflow(
        judgeClient,
        { workflowId: judgeWorkflow.workflowId, parameters: judgeParameters(judgeSpec.value, view, given), ...judgeWorkflow.options },
        'stream',
        { ...(signal ? { signal } : {}), onRetry },
      );
      if (judgeRun.status === 'cancelled' && signal?.aborted)
        return done({ outcome: 'skipped', failures: [], error: 'cancelled', view, workflowId: workflow.workflowId }, tokens);
      judge = verdictOf(judgeSpec.value, ref, judgeRun);
      tokens += judge.tokens ?? 0;
      const failure = judgeFailure(judge, judgeSpec, judgeRun.status);
      if (failure) failures.push(failure);
    }
    return done({ outcome: failures.length ? 'failed' : 'passed', failures, view, workflowId: workflow.workflowId, ...(judge ? { judge } : {}) }, tokens);
  } catch (e) {
    const message = e instanceof CozeError ? errorSummary(e) : e instanceof Error ? e.message : String(e);
    return done({ outcome: 'error', failures: [], error: message, workflowId: workflow.workflowId });
  }
}

/**
 * Runs the cases of the files: at most `concurrency` at a time, their starts paced to `qps`, rate limits
 * waited out and retried by the client (and counted), the daily limit (4008) stopping the suite with that
 * reason. Results come back in the order cases end.
 */
export async function runSuite(files: readonly TestFile[], options: SuiteOptions): Promise<SuiteSummary> {
  const clock = options.clock ?? realClock;
  const t0 = clock.now();
  const pacer = new Pacer(options.qps ?? 10, clock);
  const results: KeptResult[] = [];
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let stoppedBecause: string | undefined;
  let stoppedTemplate: Hint | undefined;
  const cases = expandCases(files, options);
  const totals = { passed: 0, failed: 0, errors: 0, skipped: 0, retries: 0, connectionRetries: 0, tokens: 0 };
  const counted = { passed: 'passed', failed: 'failed', error: 'errors', skipped: 'skipped' } as const;
  const ended = (r: CaseResult) => {
    totals[counted[r.outcome]]++;
    totals.retries += r.retries;
    totals.connectionRetries += r.connectionRetries;
    totals.tokens += r.tokens;
    options.onCaseEnd?.(r);
    if (options.keep !== 'notPassed' || r.outcome !== 'passed') results.push(keep(r));
  };
  const worker = async () => {
    for (;;) {
      if (signal.aborted) return;
      let next: IteratorResult<CaseInstance>;
      try {
        next = await cases.next();
      } catch (e) {
        // a dataset that cannot be read ends the list of cases: said once, at its line
        const where = e instanceof DatasetError ? { file: e.path, line: e.line } : { file: 'dataset', line: 1 };
        const spec = { line: where.line, column: 1, name: where.file, workflow: '', parameters: {}, answers: [], mode: 'stream' as const, expect: {} };
        ended({
          case: { id: where.file, file: where.file, title: `dataset ${where.file}`, line: where.line, column: 1, spec, repeat: 1, passRate: 1 },
          outcome: 'error',
          failures: [],
          error: e instanceof Error ? e.message : String(e),
          durationMs: 0,
          retries: 0,
          connectionRetries: 0,
          tokens: 0,
        });
        return;
      }
      if (next.done) return;
      const c = next.value;
      try {
        await pacer.wait(signal);
      } catch {
        return;
      }
      options.onCaseStart?.(c);
      const r = await runCase(c, options, signal, (s) => pacer.wait(s));
      ended(r);
      if (options.maxTokens !== undefined && totals.tokens > options.maxTokens && !stoppedBecause) {
        stoppedTemplate = hint(
          'The token budget (--max-tokens {0}) was passed: the runs used {1} tokens. The remaining cases were not run.',
          String(options.maxTokens),
          String(totals.tokens),
        );
        stoppedBecause = fillHint(stoppedTemplate);
        stop.abort();
      } else if (r.view?.error?.kind === 'dailyLimit' && !stoppedBecause) {
        stoppedTemplate = hint("Coze's daily limit (4008) was reached: {0}. The remaining cases were not run.", r.view.error.message);
        stoppedBecause = fillHint(stoppedTemplate);
        stop.abort();
      } else if (options.bail && (r.outcome === 'failed' || r.outcome === 'error') && !stoppedBecause) {
        stoppedTemplate = hint('--bail: stopped after "{0}" did not pass.', r.case.title);
        stoppedBecause = fillHint(stoppedTemplate);
        stop.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  if (options.signal?.aborted && !stoppedBecause) stoppedBecause = 'cancelled';
  return {
    results,
    totals,
    durationMs: clock.now() - t0,
    ...(stoppedBecause ? { stoppedBecause } : {}),
    ...(stoppedTemplate ? { stoppedTemplate } : {}),
  };
}
