import { fillHint, hint, type Hint } from '../hints';
import { executeIdOf, type RunState } from '../model/runState';
import { stringifyExact } from '../model/json';
import { errorSummary, outputText, outputValue } from '../run/output';
import type { Failure } from './expectations';
import type { JudgeSpec, Located } from './testFile';

/**
 * A judge's verdict on one run: what the judge workflow said, and whether that passes. A judge that gave no
 * usable score, or failed, never passes the case.
 */
export interface JudgeVerdict {
  /** The judge as the test file names it. */
  workflow: string;
  /** 0–1, after the scale; absent when the judge gave none that can be read. */
  score?: number;
  reason?: string;
  threshold: number;
  passed: boolean;
  executeId?: string;
  debugUrl?: string;
  logid?: string;
  tokens?: number;
}

/** What the judge workflow is given (docs/test-suites.md, "The judge's contract"). */
export function judgeParameters(spec: JudgeSpec, run: RunState, input: Record<string, unknown>): Record<string, string> {
  return {
    output: outputText(run.output) ?? '',
    rubric: spec.rubric,
    input: stringifyExact(input),
    ...(spec.expected !== undefined ? { expected: spec.expected } : {}),
  };
}

/** A number, or text that is one ("0.8", "80"), as a Coze End node may return either. */
function asScore(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** The judge's score on 0–1 from its End node's `score`, or why none could be read. */
export function readScore(output: string | undefined, scale: number | undefined): { score: number; reason?: string } | { problem: string; reason?: string } {
  const value = outputValue(output);
  const fields = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const reason = typeof fields.reason === 'string' ? fields.reason : fields.reason !== undefined ? JSON.stringify(fields.reason) : undefined;
  const withReason = <T extends object>(o: T) => (reason !== undefined ? { ...o, reason } : o);
  const raw = asScore(fields.score);
  if (raw === undefined)
    return withReason({ problem: fields.score === undefined ? 'no "score" in its output' : `"score" is ${JSON.stringify(fields.score)}, not a number` });
  const score = raw / (scale ?? 1);
  if (score < 0 || score > 1)
    return withReason({
      problem: scale ? `"score" ${raw} is outside 0–${scale}` : `"score" ${raw} is outside 0–1 (a judge that scores out of 10 or 100 needs scale: 10 or 100)`,
    });
  return withReason({ score });
}

/** The verdict on a finished judge run. */
export function verdictOf(spec: JudgeSpec, workflow: string, judgeRun: RunState): JudgeVerdict {
  const executeId = executeIdOf(judgeRun);
  const base = {
    workflow,
    threshold: spec.threshold,
    ...(executeId ? { executeId } : {}),
    ...(judgeRun.debugUrl ? { debugUrl: judgeRun.debugUrl } : {}),
    ...(judgeRun.logid ? { logid: judgeRun.logid } : {}),
    ...(judgeRun.usage?.tokenCount !== undefined ? { tokens: judgeRun.usage.tokenCount } : {}),
  };
  if (judgeRun.status !== 'succeeded')
    return { ...base, passed: false, reason: judgeRun.error ? errorSummary(judgeRun.error) : `the judge's run ended as ${judgeRun.status}` };
  const read = readScore(judgeRun.output, spec.scale);
  if ('problem' in read) return { ...base, passed: false, reason: read.reason ? `${read.problem}; reason: ${read.reason}` : read.problem };
  return { ...base, score: read.score, passed: read.score >= spec.threshold, ...(read.reason !== undefined ? { reason: read.reason } : {}) };
}

const two = (n: number) => n.toFixed(2);

/** The judge's part of a result, as one line: "judge grader: 0.50 (needs 0.70) · missing "refund" · <debug_url>". */
export function verdictText(v: JudgeVerdict): string {
  const score = v.score !== undefined ? `${two(v.score)} (needs ${two(v.threshold)})` : 'no score';
  return [`judge ${v.workflow}: ${score}`, v.reason ?? '', v.debugUrl ?? ''].filter(Boolean).join(' · ');
}

/** The failure a verdict that does not pass gives the case, at the judge's line. */
export function judgeFailure(v: JudgeVerdict, at: Located<JudgeSpec>, judgeStatus: RunState['status']): Failure | undefined {
  if (v.passed) return undefined;
  const run = v.debugUrl ?? v.executeId ?? v.logid ?? '';
  let template: Hint;
  if (v.score !== undefined)
    template = hint(
      'the judge "{0}" scored {1}, below the threshold {2}: {3} (judge run: {4})',
      v.workflow,
      two(v.score),
      two(v.threshold),
      v.reason ?? '',
      run,
    );
  else if (judgeStatus !== 'succeeded') template = hint('the judge "{0}" could not grade the output: {1} (judge run: {2})', v.workflow, v.reason ?? '', run);
  else template = hint('the judge "{0}" returned no score: {1} (judge run: {2})', v.workflow, v.reason ?? '', run);
  return {
    line: at.line,
    column: at.column,
    message: fillHint(template),
    template,
    expected: `score ≥ ${two(v.threshold)}`,
    actual: v.score !== undefined ? `${two(v.score)}${v.reason ? ` · ${v.reason}` : ''}` : 'no score',
  };
}
