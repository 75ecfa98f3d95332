import type { CallOptions, CozeClient } from '../client/cozeClient';
import type { RunMode, RunRequest, SyncRunResult } from '../model/workflow';
import { CAPABILITIES } from '../dialect';
import type { Dialect } from '../model/workflow';
import { CozeError } from '../errors';
import { fillHint, hint, hintText } from '../hints';
import { opt } from '../opt';
import { describeInterrupt, type InterruptQuestion } from '../model/interruptQuestion';
import { pollRun, type PollOptions } from './poller';
import type { RunErrorView, RunUpdate } from '../model/runUpdate';
import { applyUpdate, emptyRunState, type RunState } from '../model/runState';

/**
 * The one run engine: every surface (the panel, Resume Interrupt, the Test Explorer, the CLI, the MCP server,
 * the language model tool) runs a workflow through `runLeg`, and those that answer questions themselves
 * through `runWorkflow`. A leg is a start or a resume, streamed, sync or async; it never rejects: failures
 * and cancels are updates.
 */

/** An answer to a question the run stopped at: its event id and interrupt type, and the text to resume with. */
export interface ResumeWith {
  eventId: string;
  type: number;
  answer: string;
}

export interface LegOptions extends CallOptions {
  poll?: Omit<PollOptions, 'signal' | 'onStatus'>;
  /**
   * How a failure is shown (the extension localizes the hint and offers actions); the English view by default.
   * The engine's own wording (a stream broken off) comes as a CozeError with a `template`.
   */
  describeError?: (e: CozeError) => RunErrorView;
}

/** The error view of a CozeError, with its English hint (the extension localizes its own). */
export function errorView(e: CozeError): RunErrorView {
  return {
    kind: e.kind,
    message: e.message,
    hint: hintText(e.kind, e.code),
    ...opt('code', e.code),
    ...opt('logid', e.logid),
    ...opt('httpStatus', e.httpStatus),
    ...opt('debugUrl', e.debugUrl),
  };
}

/**
 * Which endpoint answers a question: cloud's non-streamed `/v1/workflows/resume` for a sync or async run (it
 * answers like `/run`: data for a sync run, an execute_id to poll for an async one); `stream_resume` for a
 * streamed run, and on Coze Studio, which has no other.
 */
export function resumeEndpoint(dialect: Dialect, mode: RunMode): 'resume' | 'stream_resume' {
  return mode !== 'stream' && CAPABILITIES[dialect].nonStreamResume ? 'resume' : 'stream_resume';
}

/** Studio's transport failure (`event: error` with plain text): the server, not the workflow, broke off the run. */
function brokenOffError(text: string, logid: string | undefined): CozeError {
  const template = hint('The server broke off the stream with an error: "{0}". The output so far is kept; the run may have stopped on the server.', text);
  return new CozeError({ kind: 'server', message: fillHint(template), template, ...opt('logid', logid) });
}

/**
 * Runs one leg of a run: a start (`resume` undefined) or the answer to a question, in `mode`, and pushes
 * every update as it happens, from `started` to the leg's end (a result, a failure, a cancel, a question).
 * Requests the client retries (no connection, 429) are pushed as `retrying`, polls included.
 */
export async function runLeg(
  client: CozeClient,
  request: RunRequest,
  mode: RunMode,
  resume: ResumeWith | undefined,
  push: (u: RunUpdate) => void,
  options: LegOptions = {},
): Promise<void> {
  const describe = options.describeError ?? errorView;
  const call: CallOptions = {
    ...opt('signal', options.signal),
    onRetry: (info) => {
      push({ u: 'retrying', at: Date.now(), ...info });
      options.onRetry?.(info);
    },
  };
  const poll = async (executeId: string, debugUrlSoFar: string | undefined) => {
    const rec = await pollRun(() => client.getRunHistory(request.workflowId, executeId, call), {
      ...options.poll,
      ...opt('signal', options.signal),
      onStatus: (r) => push({ u: 'polled', at: Date.now(), status: r.status }),
    });
    const debugUrl = rec.debugUrl ?? debugUrlSoFar;
    if (rec.interrupt) push({ u: 'event', at: Date.now(), event: { kind: 'interrupt', interrupt: rec.interrupt, ...opt('debugUrl', debugUrl) } });
    else if (rec.status === 'Success')
      push({
        u: 'result',
        at: Date.now(),
        executeId: rec.executeId,
        ...opt('data', rec.output),
        ...opt('debugUrl', debugUrl),
        ...opt('tokenCount', rec.usage?.tokenCount),
      });
    else if (rec.status === 'Cancel') push({ u: 'cancelled', at: Date.now() });
    else {
      const code = rec.errorCode !== undefined && /^\d+$/.test(rec.errorCode) ? Number(rec.errorCode) : undefined;
      push({
        u: 'failed',
        at: Date.now(),
        error: describe(
          new CozeError({
            kind: 'workflow',
            message: rec.errorMessage ?? fillHint(hint('The run ended with status {0}', rec.status)),
            ...(rec.errorMessage === undefined ? { template: hint('The run ended with status {0}', rec.status) } : {}),
            ...opt('code', code),
            ...opt('debugUrl', debugUrl),
            ...opt('logid', rec.logid),
          }),
        ),
      });
    }
  };
  /** A sync answer (a sync run, or cloud's non-streamed resume): its output, a question, or an async run to poll. */
  const answered = async (r: SyncRunResult) => {
    if (r.logid) push({ u: 'logid', at: Date.now(), logid: r.logid });
    if (r.interrupt) push({ u: 'event', at: Date.now(), event: { kind: 'interrupt', interrupt: r.interrupt, ...opt('debugUrl', r.debugUrl) } });
    else if (mode === 'async' && r.data === undefined && r.executeId) {
      push({ u: 'accepted', at: Date.now(), executeId: r.executeId, ...opt('debugUrl', r.debugUrl) });
      await poll(r.executeId, r.debugUrl);
    } else
      push({
        u: 'result',
        at: Date.now(),
        ...opt('data', r.data),
        ...opt('executeId', r.executeId),
        ...opt('debugUrl', r.debugUrl),
        ...opt('tokenCount', r.usage?.tokenCount),
      });
  };

  push({ u: 'started', at: Date.now(), mode, ...(resume ? { resume: true, answer: resume.answer } : {}) });
  try {
    const resumeRequest = resume && { workflowId: request.workflowId, eventId: resume.eventId, interruptType: resume.type, resumeData: resume.answer };
    if (resumeRequest && resumeEndpoint(client.dialect, mode) === 'resume') {
      await answered(await client.resume(resumeRequest, call));
    } else if (!resumeRequest && mode === 'async') {
      const started = await client.runAsync(request, call);
      if (started.logid) push({ u: 'logid', at: Date.now(), logid: started.logid });
      push({ u: 'accepted', at: Date.now(), executeId: started.executeId, ...opt('debugUrl', started.debugUrl) });
      await poll(started.executeId, started.debugUrl);
    } else if (!resumeRequest && mode === 'sync') {
      await answered(await client.runSync(request, call));
    } else {
      const stream = resumeRequest ? await client.streamResume(resumeRequest, call) : await client.streamRun(request, call);
      if (stream.logid) push({ u: 'logid', at: Date.now(), logid: stream.logid });
      for await (const batch of stream.batches()) {
        const at = Date.now();
        for (const event of batch) {
          if (event.kind === 'error' && event.transport) push({ u: 'failed', at, error: describe(brokenOffError(event.message, stream.logid)) });
          else push({ u: 'event', at, event });
        }
      }
    }
  } catch (e) {
    const err = e instanceof CozeError ? e : new CozeError({ kind: 'network', message: e instanceof Error ? e.message : String(e), cause: e });
    if (err.kind === 'cancelled') push({ u: 'cancelled', at: Date.now() });
    else push({ u: 'failed', at: Date.now(), error: describe(err) });
  }
}

export interface RunWorkflowOptions extends LegOptions {
  /**
   * Asked when the run stops at a question or input node: the answer to resume with, or undefined to leave
   * the run waiting (it then ends as interrupted).
   */
  answer?: (question: InterruptQuestion, view: RunState) => Promise<string | undefined> | string | undefined;
  /** Sees every update as it happens (progress, a test's output). */
  onUpdate?: (update: RunUpdate, view: RunState) => void;
  /** Continue a run that stopped at a question earlier, with this answer. */
  resumeFrom?: ResumeWith;
}

/**
 * Runs a workflow to its end (the test runner, the CLI, the MCP server, the language model tool): legs one
 * after another, answering each question through `answer`, folded into one run view by the state machine
 * the panel uses. Never rejects.
 */
export async function runWorkflow(client: CozeClient, request: RunRequest, mode: RunMode, options: RunWorkflowOptions = {}): Promise<RunState> {
  const view = emptyRunState();
  const push = (u: RunUpdate) => {
    applyUpdate(view, u);
    options.onUpdate?.(u, view);
  };
  let resume = options.resumeFrom;
  for (;;) {
    await runLeg(client, request, mode, resume, push, options);
    const interrupt = view.interrupt;
    if (view.status !== 'interrupted' || !interrupt || !options.answer) return view;
    const answer = await options.answer(describeInterrupt(interrupt, interrupt.streamed), view);
    if (answer === undefined) return view;
    resume = { eventId: interrupt.eventId, type: interrupt.type, answer };
  }
}
