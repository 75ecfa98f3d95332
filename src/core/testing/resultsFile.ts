import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { isRecord, parseJsonLossless, stringifyExact } from '../model/json';
import { executeIdOf } from '../model/runState';
import { outputText } from '../run/output';
import type { SecretMask } from '../secretMask';
import type { CaseResult, Outcome } from './suiteRunner';

/**
 * One line of a results file (`--save-results`): a case or dataset row as a later run compares with it
 * (`--baseline`) and a person reads it. Ids stay strings, so every digit is kept.
 */
export interface ResultLine {
  id: string;
  file: string;
  case: string;
  status: Outcome;
  durationMs: number;
  tokens: number;
  output?: string;
  /** The text each node streamed, by node title. */
  nodes?: Record<string, string>;
  error?: string;
  failures?: string[];
  judge?: { workflow: string; score?: number; threshold: number; reason?: string; debugUrl?: string };
  /** k of N, when the case repeats. */
  runs?: { passed: number; of: number; outcomes: Outcome[] };
  workflowId?: string;
  workflowVersion?: string;
  executeId?: string;
  debugUrl?: string;
  logid?: string;
}

/** The longest output or node text a line keeps: a results file of 100,000 rows stays readable and bounded. */
const MAX_TEXT = 64 * 1024;
const clip = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s);

export function resultLine(r: CaseResult): ResultLine {
  const v = r.view;
  const nodes: Record<string, string> = {};
  for (const n of v?.nodes ?? []) if (!n.isEnd) nodes[n.title] = clip((nodes[n.title] ?? '') + n.text);
  const output = outputText(v?.output);
  const version = r.case.workflowVersion;
  const executeId = v ? executeIdOf(v) : undefined;
  return {
    id: r.case.id,
    file: r.case.file,
    case: r.case.title,
    status: r.outcome,
    durationMs: Math.round(r.durationMs),
    tokens: r.tokens,
    ...(output !== undefined ? { output: clip(output) } : {}),
    ...(Object.keys(nodes).length ? { nodes } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.failures.length ? { failures: r.failures.map((f) => f.message) } : {}),
    ...(r.judge
      ? {
          judge: {
            workflow: r.judge.workflow,
            threshold: r.judge.threshold,
            ...(r.judge.score !== undefined ? { score: r.judge.score } : {}),
            ...(r.judge.reason !== undefined ? { reason: r.judge.reason } : {}),
            ...(r.judge.debugUrl ? { debugUrl: r.judge.debugUrl } : {}),
          },
        }
      : {}),
    ...(r.runs ? { runs: { passed: r.runs.filter((x) => x.outcome === 'passed').length, of: r.runs.length, outcomes: r.runs.map((x) => x.outcome) } } : {}),
    ...(r.workflowId ? { workflowId: r.workflowId } : {}),
    ...(version ? { workflowVersion: version } : {}),
    ...(executeId ? { executeId } : {}),
    ...(v?.debugUrl ? { debugUrl: v.debugUrl } : {}),
    ...(v?.logid ? { logid: v.logid } : {}),
  };
}

/** Writes a results file line by line as the cases end (memory stays flat), every line through the mask. */
export class ResultsWriter {
  private readonly out: WriteStream;
  private failed: Error | undefined;

  constructor(
    path: string,
    private readonly mask: SecretMask,
  ) {
    this.out = createWriteStream(path);
    this.out.on('error', (e) => (this.failed = e));
  }

  add(line: ResultLine): void {
    this.out.write(`${this.mask.text(stringifyExact(line))}\n`);
  }

  async close(): Promise<void> {
    this.out.end();
    if (!this.failed) await once(this.out, 'finish').catch((e: Error) => (this.failed = e));
    if (this.failed) throw this.failed;
  }
}

export class ResultsFileError extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
    message: string,
  ) {
    super(`${path}:${line}: ${message}`);
  }
}

const OUTCOMES: readonly string[] = ['passed', 'failed', 'error', 'skipped'];

/** The lines of a results file, one at a time; a line that is not a result is an error at its line. */
export async function* readResults(path: string): AsyncGenerator<ResultLine> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of lines) {
    n++;
    const text = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    let v: unknown;
    try {
      v = parseJsonLossless(text);
    } catch (e) {
      throw new ResultsFileError(path, n, `not JSON: ${(e as Error).message}`);
    }
    if (!isRecord(v) || typeof v.id !== 'string' || typeof v.status !== 'string' || !OUTCOMES.includes(v.status))
      throw new ResultsFileError(path, n, 'not a result line of --save-results (it needs "id" and "status")');
    yield v as unknown as ResultLine;
  }
}
