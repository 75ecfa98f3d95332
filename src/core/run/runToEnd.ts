import type { CallOptions, CozeClient } from '../client/cozeClient';
import type { RunMode, RunRequest } from '../client/types';
import { CozeError } from '../errors';
import { hintText } from '../hints';
import { describeInterrupt, type InterruptQuestion } from './interruptQuestion';
import { pollRun, type PollOptions } from './poller';
import type { RunErrorView, RunUpdate } from './runUpdate';
import { applyUpdate, emptyRunView, type RunView } from './runView';
import { opt } from '../opt';

export interface RunToEndOptions extends CallOptions {
  /**
   * Asked when the run stops at a question or input node: the answer to resume with, or undefined to leave
   * the run waiting (it then ends as interrupted).
   */
  answer?: (question: InterruptQuestion, view: RunView) => Promise<string | undefined> | string | undefined;
  /** Sees every update as it happens (progress, a test's output). */
  onUpdate?: (update: RunUpdate, view: RunView) => void;
  poll?: Omit<PollOptions, 'signal' | 'onStatus'>;
  /** Continue a run that stopped at a question earlier (its event id and type), with this answer. */
  resumeFrom?: { eventId: string; type: number; answer: string };
}


/** The error view of a CozeError, with its English hint (the extension localizes its own). */
export function errorView(e: CozeError): RunErrorView {
  return { kind: e.kind, message: e.message, hint: hintText(e.kind, e.code), ...opt('code', e.code), ...opt('logid', e.logid), ...opt('httpStatus', e.httpStatus), ...opt('debugUrl', e.debugUrl) };
}

/**
 * Runs a workflow to its end outside the editor (the test runner, the MCP server): stream, sync or async,
 * answering each question through `answer`, and folds every update into one run view with the same state
 * machine the panel uses. Never rejects: failures and cancels end the view.
 */
export async function runToEnd(client: CozeClient, request: RunRequest, mode: RunMode, options: RunToEndOptions = {}): Promise<RunView> {
  const view = emptyRunView();
  const push = (u: RunUpdate) => {
    applyUpdate(view, u);
    options.onUpdate?.(u, view);
  };
  const call: CallOptions = { ...opt('signal', options.signal), ...opt('onRetry', options.onRetry) };
  let resume: { eventId: string; type: number; answer: string } | undefined = options.resumeFrom;
  for (;;) {
    push({ u: 'started', at: Date.now(), mode, ...(resume ? { resume: true, answer: resume.answer } : {}) });
    try {
      if (mode === 'async' && !resume) {
        const started = await client.runAsync(request, call);
        if (started.logid) push({ u: 'logid', at: Date.now(), logid: started.logid });
        push({ u: 'accepted', at: Date.now(), executeId: started.executeId, ...opt('debugUrl', started.debugUrl) });
        const rec = await pollRun(() => client.getRunHistory(request.workflowId, started.executeId, call), {
          ...options.poll,
          ...opt('signal', options.signal),
          onStatus: (r) => push({ u: 'polled', at: Date.now(), status: r.status }),
        });
        const debugUrl = rec.debugUrl ?? started.debugUrl;
        if (rec.interrupt) push({ u: 'event', at: Date.now(), event: { kind: 'interrupt', interrupt: rec.interrupt, ...opt('debugUrl', debugUrl) } });
        else if (rec.status === 'Success') push({ u: 'result', at: Date.now(), executeId: rec.executeId, ...opt('data', rec.output), ...opt('debugUrl', debugUrl), ...opt('tokenCount', rec.usage?.tokenCount) });
        else if (rec.status === 'Cancel') push({ u: 'cancelled', at: Date.now() });
        else {
          const code = rec.errorCode !== undefined && /^\d+$/.test(rec.errorCode) ? Number(rec.errorCode) : undefined;
          push({ u: 'failed', at: Date.now(), error: { kind: 'workflow', message: rec.errorMessage ?? `The run ended with status ${rec.status}`, hint: hintText('workflow'), ...opt('code', code), ...opt('debugUrl', debugUrl), ...opt('logid', rec.logid) } });
        }
      } else if (mode !== 'stream' && (!resume || client.dialect === 'cloud')) {
        // a sync run, or its cloud resume (a sync question is answered with the non-streamed resume)
        const r = resume
          ? await client.resume({ workflowId: request.workflowId, eventId: resume.eventId, interruptType: resume.type, resumeData: resume.answer }, call)
          : await client.runSync(request, call);
        if (r.logid) push({ u: 'logid', at: Date.now(), logid: r.logid });
        if (r.interrupt) push({ u: 'event', at: Date.now(), event: { kind: 'interrupt', interrupt: r.interrupt, ...opt('debugUrl', r.debugUrl) } });
        else push({ u: 'result', at: Date.now(), ...opt('data', r.data), ...opt('executeId', r.executeId), ...opt('debugUrl', r.debugUrl), ...opt('tokenCount', r.usage?.tokenCount) });
      } else {
        const stream = resume
          ? await client.streamResume({ workflowId: request.workflowId, eventId: resume.eventId, interruptType: resume.type, resumeData: resume.answer }, call)
          : await client.streamRun(request, call);
        if (stream.logid) push({ u: 'logid', at: Date.now(), logid: stream.logid });
        for await (const batch of stream.batches()) {
          for (const event of batch) {
            if (event.kind === 'error' && event.transport) {
              push({ u: 'failed', at: Date.now(), error: errorView(new CozeError({ kind: 'server', message: `The server broke off the stream with an error: "${event.message}"`, ...opt('logid', stream.logid) })) });
            } else push({ u: 'event', at: Date.now(), event });
          }
        }
      }
    } catch (e) {
      const err = e instanceof CozeError ? e : new CozeError({ kind: 'network', message: e instanceof Error ? e.message : String(e), cause: e });
      if (err.kind === 'cancelled') push({ u: 'cancelled', at: Date.now() });
      else push({ u: 'failed', at: Date.now(), error: errorView(err) });
    }
    const interrupt = view.interrupt;
    if (view.status !== 'interrupted' || !interrupt || !options.answer) return view;
    const answer = await options.answer(describeInterrupt(interrupt, interrupt.streamed), view);
    if (answer === undefined) return view;
    resume = { eventId: interrupt.eventId, type: interrupt.type, answer };
  }
}
