/** Runs a script: as an SSE stream, synchronously (waiting through its delays), or as an async job. */
import { setTimeout as sleep } from 'node:timers/promises';
import { NODES, WORKFLOWS } from './constants';
import type { RequestCtx } from './context';
import { nodeExecuteUuid } from './ids';
import { doneData, endMessageData, errorData, interruptData, messageData } from './render';
import type { RenderCtx } from './render';
import type { InterruptRecord, RunRecord } from './runs';
import type { InterruptSpec, Outcome, Script, Step } from './script';
import { SseWriter, StreamStop } from './sse';

const NODE_TEXT_CAP = 64 * 1024;

/** Keeps Output-node text per node execution for cloud's execute_nodes endpoint (capped). */
function track(run: RunRecord, step: Extract<Step, { t: 'chunk' }>): void {
  const uuid = nodeExecuteUuid(run.executeId, step.node.id);
  const cur = run.nodeOutputs.get(uuid) ?? { text: '', finished: false };
  if (typeof step.content === 'string' && cur.text.length < NODE_TEXT_CAP) cur.text += step.content;
  cur.finished = step.finish;
  run.nodeOutputs.set(uuid, cur);
}

/** Registers the interrupt an outcome carries: event_id "<execute_id>/<n>" (cloud n = 1, 2, …; studio a big id). */
export function registerInterrupt(rc: RequestCtx, run: RunRecord, spec: InterruptSpec): InterruptRecord {
  const { server } = rc;
  let n: string;
  if (server.dialect === 'cloud') {
    let count = 0;
    for (const i of server.runs.interrupts.values()) if (i.executeId === run.executeId) count += 1;
    n = String(count + 1);
  } else {
    n = server.ids.event.take();
  }
  const rec: InterruptRecord = { eventId: `${run.executeId}/${n}`, executeId: run.executeId, workflowId: run.workflowId, spec, resumes: 0, closed: false };
  server.runs.addInterrupt(rec);
  return rec;
}

export function renderCtx(rc: RequestCtx, run: RunRecord): RenderCtx {
  return { server: rc.server, executeId: run.executeId, workflowId: run.workflowId };
}

/** A writer for a workflow stream response (ids from 0). */
export function workflowWriter(rc: RequestCtx, run: RunRecord, batch = false): SseWriter {
  const render = renderCtx(rc, run);
  return new SseWriter({
    reply: rc.reply,
    fault: rc.fault,
    ids: 'zero',
    timeScale: rc.server.timeScale,
    signal: rc.signal,
    batch,
    bigEvent: (bytes) => ({ name: 'Message', data: messageData(render, NODES.output, 0, false, { bytes, utf8: false }) }),
  });
}

/** Streams a script as SSE, then records the outcome on the run. */
export async function executeStream(rc: RequestCtx, run: RunRecord, script: Script, writer?: SseWriter): Promise<void> {
  const render = renderCtx(rc, run);
  const w = writer ?? workflowWriter(rc, run, run.workflowId === WORKFLOWS.firehose);
  if (!writer) w.start();
  try {
    let r = script.next();
    while (!r.done) {
      const step = r.value;
      if (step.t === 'delay') await w.sleep(step.ms);
      else {
        track(run, step);
        await w.event('Message', messageData(render, step.node, step.seq, step.finish, step.content));
      }
      r = script.next();
    }
    const outcome = r.value;
    if (outcome.kind === 'success') {
      rc.server.runs.settle(run, outcome);
      await w.event('Message', endMessageData(render, outcome.output, outcome.end));
      if (!w.omitDone) await w.event('Done', doneData(render));
    } else if (outcome.kind === 'fail') {
      rc.server.runs.settle(run, outcome);
      await w.event('Error', errorData(render, outcome.code, outcome.message));
    } else {
      const intr = registerInterrupt(rc, run, outcome.interrupt);
      rc.server.runs.settle(run, outcome, undefined, intr);
      await w.event('Interrupt', interruptData(render, intr.eventId, outcome.interrupt));
      // cloud follows an Interrupt with Done; studio ends the stream after it (§4.6).
      if (rc.server.dialect === 'cloud' && !w.omitDone) await w.event('Done', doneData(render));
    }
    await w.end();
  } catch (e) {
    if (!(e instanceof StreamStop)) throw e;
    rc.server.runs.cancel(run, `execution cancelled: stream ${e.reason}`);
  }
}

/** Runs a script to its outcome, waiting through its (scaled) delays. Throws if the client goes away. */
export async function executeSync(rc: RequestCtx, run: RunRecord, script: Script): Promise<Outcome> {
  let r = script.next();
  while (!r.done) {
    const step = r.value;
    if (step.t === 'delay') {
      const ms = step.ms * rc.server.timeScale;
      if (ms > 0) await sleep(ms, undefined, { signal: rc.signal });
    } else track(run, step);
    r = script.next();
  }
  return r.value;
}

/**
 * Computes an async run's outcome at once; it becomes visible after its duration on the server clock. With the
 * manual clock the duration is not scaled by timeScale: the test decides when it has passed by advancing it.
 */
export function executeAsync(rc: RequestCtx, run: RunRecord, script: Script): void {
  let total = 0;
  let r = script.next();
  while (!r.done) {
    if (r.value.t === 'delay') total += r.value.ms;
    else track(run, r.value);
    r = script.next();
  }
  const base = run.workflowId === WORKFLOWS.slowJob ? total : rc.server.asyncDurationMs;
  const { clock, timeScale } = rc.server;
  const visibleAt = clock.now() + base * (clock.manual ? 1 : timeScale);
  const outcome = r.value;
  const intr = outcome.kind === 'interrupt' ? registerInterrupt(rc, run, outcome.interrupt) : undefined;
  rc.server.runs.settle(run, outcome, visibleAt, intr);
}
