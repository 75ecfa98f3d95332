/**
 * Every execution the server performed (sync, stream, async) and every pending interrupt. Times come from the
 * server clock (the wall clock, or a manual one that only moves when a test advances it).
 */
import type { InterruptSpec, Outcome } from './script';

export type RunStatus = 'Running' | 'Success' | 'Fail' | 'Cancel';

export interface InterruptRecord {
  eventId: string;
  executeId: string;
  workflowId: string;
  spec: InterruptSpec;
  /** Successful resumes so far (cloud allows 3). */
  resumes: number;
  /** studio: an event can be resumed once. */
  closed: boolean;
}

export interface RunState {
  status: RunStatus;
  /** End-node output object on success. */
  output?: Record<string, unknown>;
  error?: { code: string; message: string };
  interrupt?: InterruptRecord;
}

export interface RunRecord {
  executeId: string;
  workflowId: string;
  /** 0 sync, 1 stream, 2 async. */
  runMode: 0 | 1 | 2;
  /** ms */
  createdAt: number;
  /** The parameters as JSON text (studio history `input`). */
  input: string;
  logid: string;
  connectorUid: string;
  /** The token this run echoes back (a hostile server, ServerOptions.echoToken). */
  echo?: string;
  /** What the run looks like before `visibleAt` (async: Running) and after it. */
  state: RunState;
  visibleAt: number;
  updatedAt: number;
  /** Output-node texts by node_execute_uuid (cloud execute_nodes endpoint). */
  nodeOutputs: Map<string, { text: string; finished: boolean }>;
}

export class RunStore {
  readonly runs = new Map<string, RunRecord>();
  readonly interrupts = new Map<string, InterruptRecord>();
  /** Runs started per workflow since the last clear (a count, not a scan: a 100,000-run bench stays linear). */
  private readonly started = new Map<string, number>();

  constructor(readonly now: () => number = Date.now) {}

  create(r: Omit<RunRecord, 'state' | 'visibleAt' | 'updatedAt' | 'nodeOutputs' | 'createdAt'>): RunRecord {
    const now = this.now();
    const rec: RunRecord = { ...r, createdAt: now, updatedAt: now, visibleAt: now, state: { status: 'Running' }, nodeOutputs: new Map() };
    this.runs.set(rec.executeId, rec);
    this.started.set(rec.workflowId, (this.started.get(rec.workflowId) ?? 0) + 1);
    return rec;
  }

  /** How many runs of a workflow were started since the last clear. */
  countOf(workflowId: string): number {
    return this.started.get(workflowId) ?? 0;
  }

  get(executeId: string): RunRecord | undefined {
    return this.runs.get(executeId);
  }

  /** Records an outcome, visible from `visibleAt` (default now). Interrupts stay Running. */
  settle(run: RunRecord, outcome: Outcome, visibleAt = this.now(), interrupt?: InterruptRecord): void {
    if (outcome.kind === 'success') run.state = { status: 'Success', output: outcome.output };
    else if (outcome.kind === 'fail') run.state = { status: 'Fail', error: { code: String(outcome.code), message: outcome.message } };
    else run.state = { status: 'Running', ...(interrupt ? { interrupt } : {}) };
    run.visibleAt = visibleAt;
    run.updatedAt = Math.max(visibleAt, this.now());
  }

  /** The stream ended early (client gone or a fault dropped it). */
  cancel(run: RunRecord, reason: string): void {
    if (run.state.status !== 'Running' || run.state.interrupt) return;
    run.state = { status: 'Cancel', error: { code: '777777777', message: reason } };
    run.updatedAt = this.now();
  }

  /** The state a poll sees now. */
  view(run: RunRecord, now = this.now()): { state: RunState; updatedAt: number } {
    if (now < run.visibleAt) return { state: { status: 'Running' }, updatedAt: run.createdAt };
    return { state: run.state, updatedAt: run.updatedAt };
  }

  addInterrupt(i: InterruptRecord): void {
    this.interrupts.set(i.eventId, i);
  }

  clear(): void {
    this.runs.clear();
    this.interrupts.clear();
    this.started.clear();
  }
}
