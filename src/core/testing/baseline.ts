import { readResults, type ResultLine } from './resultsFile';
import type { Outcome } from './suiteRunner';

/** What a baseline keeps of each of its lines: enough to compare, nothing more (100,000 rows stay small). */
interface Then {
  status: Outcome;
  durationMs: number;
  tokens: number;
  score?: number;
  title: string;
  file: string;
}

/** What changed for one case between the baseline and this run. */
export interface Change {
  id: string;
  file: string;
  title: string;
  kind: 'regression' | 'fix' | 'new' | 'gone' | 'score' | 'time' | 'tokens';
  before?: string;
  after?: string;
}

/** The noise a change must exceed to be reported: a score difference, and a relative change of time or tokens. */
export interface Margins {
  score: number;
  /** 0.5 = 50 % slower or faster; a time change under `minMs` is never reported. */
  relative: number;
  minMs: number;
}

export const DEFAULT_MARGINS: Margins = { score: 0.1, relative: 0.5, minMs: 500 };

export interface Comparison {
  regressions: Change[];
  fixes: Change[];
  newCases: Change[];
  gone: Change[];
  /** Score, time and token changes beyond the margins. */
  changes: Change[];
}

const passed = (s: Outcome) => s === 'passed';
const failed = (s: Outcome) => s === 'failed' || s === 'error';
const two = (n: number) => n.toFixed(2);
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * A saved run (`--save-results`) to compare this one with, case by case as results arrive: regressions
 * (passed → failed) and fixes, a score, time or token change beyond the margins, and the cases that are new
 * or gone.
 */
export class Baseline {
  private readonly seen = new Set<string>();
  private readonly result: Comparison = { regressions: [], fixes: [], newCases: [], gone: [], changes: [] };

  private constructor(
    private readonly then: Map<string, Then>,
    private readonly margins: Margins,
  ) {}

  static async load(path: string, margins: Margins = DEFAULT_MARGINS): Promise<Baseline> {
    const then = new Map<string, Then>();
    for await (const l of readResults(path))
      then.set(l.id, {
        status: l.status,
        durationMs: l.durationMs ?? 0,
        tokens: l.tokens ?? 0,
        title: l.case ?? l.id,
        file: l.file ?? '',
        ...(typeof l.judge?.score === 'number' ? { score: l.judge.score } : {}),
      });
    return new Baseline(then, margins);
  }

  get size(): number {
    return this.then.size;
  }

  /** Compares one result of this run; its changes join the comparison and are returned. */
  add(now: ResultLine): Change[] {
    this.seen.add(now.id);
    const was = this.then.get(now.id);
    const base = { id: now.id, file: now.file, title: now.case };
    const out: Change[] = [];
    if (!was) out.push({ ...base, kind: 'new', after: now.status });
    else {
      if (passed(was.status) && failed(now.status)) out.push({ ...base, kind: 'regression', before: was.status, after: now.status });
      if (failed(was.status) && passed(now.status)) out.push({ ...base, kind: 'fix', before: was.status, after: now.status });
      const score = now.judge?.score;
      if (was.score !== undefined && score !== undefined && Math.abs(score - was.score) > this.margins.score)
        out.push({ ...base, kind: 'score', before: two(was.score), after: two(score) });
      const m = this.margins;
      if (Math.abs(now.durationMs - was.durationMs) >= m.minMs && Math.abs(now.durationMs - was.durationMs) > m.relative * Math.max(was.durationMs, 1))
        out.push({ ...base, kind: 'time', before: secs(was.durationMs), after: secs(now.durationMs) });
      if (was.tokens > 0 && Math.abs(now.tokens - was.tokens) > m.relative * was.tokens)
        out.push({ ...base, kind: 'tokens', before: String(was.tokens), after: String(now.tokens) });
    }
    for (const c of out) this.listFor(c.kind).push(c);
    return out;
  }

  /**
   * The comparison. Cases of the baseline this run did not meet are `gone` only when this run selected every
   * case (`complete`): with --grep, a shard, paths or a selection, absent is not gone.
   */
  finish(complete: boolean): Comparison {
    if (complete)
      for (const [id, was] of this.then)
        if (!this.seen.has(id)) this.result.gone.push({ id, file: was.file, title: was.title, kind: 'gone', before: was.status });
    return this.result;
  }

  private listFor(kind: Change['kind']): Change[] {
    switch (kind) {
      case 'regression':
        return this.result.regressions;
      case 'fix':
        return this.result.fixes;
      case 'new':
        return this.result.newCases;
      case 'gone':
        return this.result.gone;
      default:
        return this.result.changes;
    }
  }
}
