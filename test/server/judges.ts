/**
 * Workflows for evaluation: a deterministic judge (a score from the rubric's quoted phrases found in the
 * output), a judge that forgets its score, and a workflow whose answer alternates from run to run.
 */
import { NODES } from './constants';
import { chunk, delay, success } from './script';
import type { Script, ScriptEnv } from './script';

/** The phrases a rubric quotes: "…", “…” or 「…」. */
export function quotedPhrases(rubric: string): string[] {
  return [...rubric.matchAll(/"([^"]+)"|“([^”]+)”|「([^」]+)」/g)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

/** The grader's verdict: the share of quoted phrases the output holds (1 when the rubric quotes none), and which are missing. */
export function grade(output: string, rubric: string): { score: number; reason: string } {
  const phrases = quotedPhrases(rubric);
  if (phrases.length === 0) return { score: 1, reason: 'the rubric quotes no phrase to look for' };
  const missing = phrases.filter((p) => !output.includes(p));
  const score = (phrases.length - missing.length) / phrases.length;
  return {
    score,
    reason: missing.length ? `missing ${missing.map((p) => JSON.stringify(p)).join(', ')}` : `holds all ${phrases.length} quoted phrase(s)`,
  };
}

export function* grader(env: ScriptEnv): Script {
  yield delay(40);
  const verdict = grade(String(env.params.output ?? ''), String(env.params.rubric ?? ''));
  yield chunk(NODES.llm, 0, true, verdict.reason);
  return success(verdict);
}

export function* graderNoScore(): Script {
  yield delay(40);
  return success({ reason: 'I read the answer but forgot to give it a score' });
}

/** "steady" on odd-numbered runs, "wobbly" on even-numbered ones. */
export function* flaky(env: ScriptEnv): Script {
  yield delay(40);
  const text = env.runNumber % 2 === 1 ? 'steady' : 'wobbly';
  yield chunk(NODES.output, 0, true, text);
  return success({ output: text });
}
