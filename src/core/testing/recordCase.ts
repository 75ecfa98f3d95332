import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { RunMode, RunRequest } from '../model/workflow';
import type { RunUpdate } from '../model/runUpdate';
import type { RunStatus } from '../model/runState';
import { outputText, outputValue } from '../run/output';

/** What of a finished run a test case is made from (a history record has all of it). */
export interface RecordedRun {
  workflowId: string;
  workflowName?: string;
  request: RunRequest;
  mode: RunMode;
  status: RunStatus;
  output?: string;
  error?: { code?: number };
  updates: readonly RunUpdate[];
}

export type OutputCheck = 'contains' | 'json';

/** The answers a run was given, in order (each resume records its answer). */
export function answersOf(updates: readonly RunUpdate[]): string[] {
  return updates.flatMap((u) => (u.u === 'started' && u.resume && u.answer !== undefined ? [u.answer] : []));
}

/**
 * A test case that expects what this run did: its workflow (by id), parameters,
 * answers and mode, its status, and its output as `contains` (the text) or `json` (the parsed value).
 */
export function caseFromRun(run: RecordedRun, check: OutputCheck, name: string): Record<string, unknown> {
  const expect: Record<string, unknown> = {};
  if (run.status === 'failed') {
    expect.status = 'failed';
    if (run.error?.code !== undefined) expect.error = { code: run.error.code };
  } else if (run.status === 'interrupted') expect.status = 'interrupted';
  else expect.status = 'success';
  if (run.status === 'succeeded' && run.output !== undefined) {
    const value = outputValue(run.output);
    expect.output = check === 'json' && typeof value === 'object' && value !== null ? { json: value } : { contains: outputText(run.output) ?? '' };
  }
  const answers = answersOf(run.updates);
  return {
    name,
    // the id, never a display name: a name resolves only when .coze/workflows.json saves it (by id, a saved
    // workflow's options still apply)
    workflow: run.request.workflowId,
    ...(run.request.parameters && Object.keys(run.request.parameters).length ? { parameters: run.request.parameters } : {}),
    ...(answers.length ? { answers } : {}),
    ...(run.mode !== 'stream' ? { mode: run.mode } : {}),
    expect,
  };
}

/**
 * Adds a case to a test file's text (a new file when there is none), keeping the file's comments and layout;
 * the name is made unique in the file. Gives the new text and the 1-based line of the new case.
 */
export function appendCase(text: string | undefined, testCase: Record<string, unknown>): { text: string; line: number; name: string } {
  const doc: Document = parseDocument(text && text.trim() ? text : 'cases: []\n');
  if (doc.errors.length) throw new Error(`the test file does not parse: ${doc.errors[0]!.message.split('\n')[0]}`);
  if (!isMap(doc.contents)) throw new Error('the test file is not a mapping with a "cases" list');
  let cases = doc.get('cases', true);
  if (!isSeq(cases)) {
    doc.set('cases', doc.createNode([]));
    cases = doc.get('cases', true);
  }
  if (!isSeq(cases)) throw new Error('"cases" is not a list');
  if (cases.flow) cases.flow = false;
  const taken = new Set(cases.items.map((i) => (isMap(i) ? String(i.get('name')) : '')));
  let name = String(testCase.name);
  for (let n = 2; taken.has(name); n++) name = `${testCase.name} (${n})`;
  cases.add(doc.createNode({ ...testCase, name }));
  const out = doc.toString({ lineWidth: 0 });
  const lineCounter = new LineCounter();
  const again = parseDocument(out, { lineCounter });
  const seq = again.get('cases', true);
  const last = isSeq(seq) ? seq.items.at(-1) : undefined;
  const offset = (last as { range?: [number, number, number] } | undefined)?.range?.[0] ?? 0;
  return { text: out, line: lineCounter.linePos(offset).line, name };
}
