/**
 * What a scripted workflow is: a generator of semantic steps (delays and node output chunks) that returns its
 * outcome. The executor renders steps per dialect as SSE events, or just waits through them for sync runs.
 */
import type { Dialect } from './types';
import type { NodeInfo } from './constants';
import type { UploadStore } from './uploads';

/** Content too big to build as one string: `bytes` of generated text, written in pieces. */
export interface BigContent {
  bytes: number;
  utf8: boolean;
}

export type Step = { t: 'delay'; ms: number } | { t: 'chunk'; node: NodeInfo; seq: number; finish: boolean; content: string | BigContent };

export interface InterruptSpec {
  /** 2 = Question node, 5 = Input node. */
  type: 2 | 5;
  node: NodeInfo;
  /** interrupt_data.data on cloud and on studio. */
  cloudData: string;
  studioData: string;
  /** cloud Input-node interrupts only. */
  requiredParameters?: Record<string, unknown>;
  /** What answering it runs, when not the catalogue's own colour question (the Chinese sample's). */
  resume?: (resumeData: string) => Script;
}

export type Outcome =
  | { kind: 'success'; output: Record<string, unknown>; end?: NodeInfo }
  | { kind: 'fail'; code: number; message: string }
  | { kind: 'interrupt'; interrupt: InterruptSpec };

export interface ScriptEnv {
  dialect: Dialect;
  params: Record<string, unknown>;
  uploads: UploadStore;
  serverUrl: string;
  asyncDurationMs: number;
  /** This run's number among the runs of its workflow on this server since the last reset (1 for the first). */
  runNumber: number;
}

export type Script = Generator<Step, Outcome, void>;

export const delay = (ms: number): Step => ({ t: 'delay', ms });

export const chunk = (node: NodeInfo, seq: number, finish: boolean, content: string | BigContent): Step => ({
  t: 'chunk',
  node,
  seq,
  finish,
  content,
});

/** A run's output; `end` is its End node when the workflow names it otherwise than "End" (the Chinese samples' 结束). */
export const success = (output: Record<string, unknown>, end?: NodeInfo): Outcome => ({ kind: 'success', output, ...(end ? { end } : {}) });
export const fail = (code: number, message: string): Outcome => ({ kind: 'fail', code, message });

/** Splits text into about `n` pieces on code-point boundaries. */
export function splitText(text: string, n: number): string[] {
  const chars = Array.from(text);
  const size = Math.max(1, Math.ceil(chars.length / n));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out.length > 0 ? out : [''];
}

/** Streams `text` from `node` in about `n` chunks, `ms` before each. */
export function* streamText(node: NodeInfo, text: string, n: number, ms = 120): Generator<Step, void, void> {
  const parts = splitText(text, n);
  for (let i = 0; i < parts.length; i++) {
    yield delay(ms);
    yield chunk(node, i, i === parts.length - 1, parts[i]!);
  }
}

/** Input coercion like studio's start node (strings "3", "true" accepted). */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function asInt(v: unknown): number | undefined {
  const n = asNumber(v);
  return n === undefined ? undefined : Math.trunc(n);
}

export function asBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}
