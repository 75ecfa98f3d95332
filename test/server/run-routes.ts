/** POST /v1/workflow/run, /v1/workflow/stream_run, /v1/workflow/stream_resume and cloud /v1/workflows/resume. */
import { setTimeout as sleep } from 'node:timers/promises';
import { bearerToken } from './auth';
import { CLOUD_USER_ID, STUDIO_USER_ID, USAGE } from './constants';
import type { RequestCtx } from './context';
import { executeAsync, executeStream, executeSync, registerInterrupt, renderCtx, workflowWriter } from './executor';
import { echoing } from './echo';
import { resumeScript } from './interrupts';
import { isObject, stringify } from './json';
import { debugUrl, errorData, zeroDebugUrl } from './render';
import type { InterruptRecord, RunRecord } from './runs';
import type { Outcome, ScriptEnv } from './script';
import { StreamStop } from './sse';
import { Rejection, checkBody, checkWorkflow, param, parseParameters } from './validate';
import type { WorkflowDef } from './catalogue';
import { scriptFor } from './workflows';

type Mode = 'run' | 'stream';

/** Answers a refused request: cloud JSON; studio 400 for binding, empty body on streams (§4.7), JSON on /run. */
export function reject(rc: RequestCtx, mode: Mode, r: Rejection): void {
  const { reply, server } = rc;
  if (server.dialect === 'cloud') reply.error(r.code, r.msg);
  else if (r.binding) reply.error(400, r.msg, 400);
  else if (mode === 'stream') reply.studioEmpty();
  else reply.error(r.studioCode ?? r.code, r.studioMsg ?? r.msg, 200, { debug_url: zeroDebugUrl(server) });
}

interface Prepared {
  def: WorkflowDef;
  params: Record<string, unknown>;
  body: Record<string, unknown>;
}

function prepare(rc: RequestCtx, mode: Mode): Prepared | null {
  const body = checkBody(rc.server.dialect, rc.body, rc.badJson, 'OpenAPIRunFlowRequest');
  const params = body instanceof Rejection ? body : parseParameters(body.parameters);
  const def = params instanceof Rejection ? params : checkWorkflow((body as Record<string, unknown>).workflow_id, params);
  if (def instanceof Rejection) {
    reject(rc, mode, def);
    return null;
  }
  return { def, params: params as Record<string, unknown>, body: body as Record<string, unknown> };
}

export function scriptEnv(rc: RequestCtx, run: RunRecord, params: Record<string, unknown>): ScriptEnv {
  const s = rc.server;
  return { dialect: s.dialect, params, uploads: s.uploads, serverUrl: s.url, asyncDurationMs: s.asyncDurationMs, runNumber: s.runs.countOf(run.workflowId) };
}

export function createRun(rc: RequestCtx, workflowId: string, runMode: 0 | 1 | 2, params: Record<string, unknown>, body: Record<string, unknown>): RunRecord {
  const s = rc.server;
  const ext = isObject(body.ext) ? body.ext : {};
  const uid = typeof ext.user_id === 'string' && ext.user_id !== '' ? ext.user_id : s.dialect === 'cloud' ? CLOUD_USER_ID : STUDIO_USER_ID;
  const echo = s.echoToken ? bearerToken(rc.req.headers.authorization) : null;
  return s.runs.create({
    executeId: s.ids.execute.take(),
    workflowId,
    runMode,
    input: stringify(params),
    logid: rc.reply.logid,
    connectorUid: uid,
    ...(echo ? { echo } : {}),
  });
}

/** Sends a JSON success body, shaped by the faults that make sense on JSON endpoints. */
async function answer(rc: RequestCtx, fields: Record<string, unknown>): Promise<void> {
  const { reply, fault } = rc;
  const body = reply.dialect === 'cloud' ? { code: 0, msg: '', ...fields, detail: { logid: reply.logid } } : fields;
  let text = stringify(body);
  if (fault?.kind === 'silence') {
    try {
      await sleep(fault.silenceMs ?? 60000, undefined, { signal: rc.signal });
    } catch {
      return;
    }
  }
  if (fault?.kind === 'malformed-event') text = text.slice(0, Math.floor(text.length / 2));
  if (fault?.kind === 'drop-mid-stream') {
    const res = reply.res;
    res.writeHead(200, { 'Content-Type': reply.jsonType, 'Content-Length': String(Buffer.byteLength(text)), ...reply.logHeader() });
    res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
    return;
  }
  reply.json(200, text);
}

/** The sync-run (and cloud resume) body for an outcome. */
async function answerOutcome(rc: RequestCtx, run: RunRecord, outcome: Outcome): Promise<void> {
  const { server, reply } = rc;
  const cloud = server.dialect === 'cloud';
  const debug_url = debugUrl(server, run.executeId, run.workflowId);
  const execute_id = run.executeId;
  if (outcome.kind === 'success') {
    server.runs.settle(run, outcome);
    const data = stringify(outcome.output);
    if (cloud) await answer(rc, { data, debug_url, execute_id, usage: USAGE });
    else await answer(rc, { code: 0, msg: null, data, token: USAGE.token_count, cost: '0.00000', debug_url, execute_id, BaseResp: null });
  } else if (outcome.kind === 'fail') {
    server.runs.settle(run, outcome);
    if (cloud) reply.error(outcome.code, outcome.message, 200, { debug_url, execute_id });
    else reply.error(outcome.code, outcome.message, 200, { debug_url });
  } else if (cloud) {
    const intr = registerInterrupt(rc, run, outcome.interrupt);
    server.runs.settle(run, outcome, undefined, intr);
    const spec = outcome.interrupt;
    const interrupt_data: Record<string, unknown> = { data: spec.cloudData, type: spec.type, event_id: intr.eventId };
    if (spec.requiredParameters) interrupt_data.required_parameters = spec.requiredParameters;
    await answer(rc, { interrupt_data, debug_url, execute_id });
  } else {
    server.runs.settle(run, { kind: 'fail', code: 720702078, message: 'interrupt is not supported on synchronous run' });
    reply.error(6039, 'the workflow was interrupted (Question/Input node), which a synchronous run does not support; use stream_run and stream_resume', 200, {
      debug_url,
    });
  }
}

async function runSync(rc: RequestCtx, run: RunRecord, env: ScriptEnv, resume?: { intr: InterruptRecord; data: string }): Promise<void> {
  const script = echoing(resume ? resumeScript(resume.intr.spec, resume.data) : scriptFor(run.workflowId, env), run.echo);
  let outcome: Outcome;
  try {
    outcome = await executeSync(rc, run, script);
  } catch {
    rc.server.runs.cancel(run, 'execution cancelled: the client went away');
    return;
  }
  await answerOutcome(rc, run, outcome);
}

export async function handleRun(rc: RequestCtx): Promise<void> {
  const p = prepare(rc, 'run');
  if (!p) return;
  const isAsync = p.body.is_async === true;
  if (isAsync && rc.token === 'freePlan') {
    rc.reply.error(6003, 'Workflow execution with is_async=true is a premium feature available only to Coze Professional users');
    return;
  }
  const run = createRun(rc, p.def.id, isAsync ? 2 : 0, p.params, p.body);
  const env = scriptEnv(rc, run, p.params);
  if (!isAsync) return runSync(rc, run, env);
  executeAsync(rc, run, echoing(scriptFor(p.def.id, env), run.echo));
  const debug_url = debugUrl(rc.server, run.executeId, run.workflowId);
  if (rc.server.dialect === 'cloud') await answer(rc, { execute_id: run.executeId, debug_url });
  else await answer(rc, { code: 0, msg: null, data: null, token: null, cost: null, debug_url, execute_id: run.executeId, BaseResp: null });
}

export async function handleStreamRun(rc: RequestCtx): Promise<void> {
  const p = prepare(rc, 'stream');
  if (!p) return;
  const run = createRun(rc, p.def.id, 1, p.params, p.body);
  await executeStream(rc, run, echoing(scriptFor(p.def.id, scriptEnv(rc, run, p.params)), run.echo));
}

/** The interrupt a resume request names, or a rejection. */
function findInterrupt(rc: RequestCtx, body: Record<string, unknown>): InterruptRecord | Rejection {
  const wf = body.workflow_id;
  const ev = body.event_id;
  if (typeof wf !== 'string' || wf === '') return param('workflow_id is required');
  if (typeof ev !== 'string' || ev === '') return param('event_id is required');
  if (rc.server.dialect === 'studio' && !/^\d+\/\d+$/.test(ev)) return param(`event_id ${ev} must be "<execute_id>/<event_id>"`);
  if (rc.server.dialect === 'cloud' && typeof body.resume_data !== 'string') return param('resume_data is required');
  const intr = rc.server.runs.interrupts.get(ev);
  if (!intr || intr.workflowId !== wf || (rc.server.dialect === 'studio' && intr.closed)) {
    return param(`event_id ${ev} is not a pending interrupt of workflow ${wf}`);
  }
  return intr;
}

export const RESUME_LIMIT = { code: 6040, message: 'resume limit reached: a question can be resumed at most 3 times' };

async function resume(rc: RequestCtx, mode: Mode): Promise<void> {
  const body = checkBody(rc.server.dialect, rc.body, rc.badJson, 'OpenAPIStreamResumeFlowRequest');
  if (body instanceof Rejection) return reject(rc, mode, body);
  const intr = findInterrupt(rc, body);
  if (intr instanceof Rejection) return reject(rc, mode, intr);
  const run = rc.server.runs.get(intr.executeId)!;
  const data = typeof body.resume_data === 'string' ? body.resume_data : '';
  if (rc.server.dialect === 'cloud' && intr.resumes >= 3) {
    if (mode === 'run') return rc.reply.error(RESUME_LIMIT.code, RESUME_LIMIT.message);
    const w = workflowWriter(rc, run);
    w.start();
    try {
      await w.event('Error', errorData(renderCtx(rc, run), RESUME_LIMIT.code, RESUME_LIMIT.message));
      await w.end();
    } catch (e) {
      if (!(e instanceof StreamStop)) throw e;
    }
    return;
  }
  intr.resumes += 1;
  intr.closed = true;
  run.state = { status: 'Running' };
  run.visibleAt = rc.server.clock.now();
  if (mode === 'run' && run.runMode === 2) {
    // cloud's non-streamed resume of an async run answers like an async /run: an execute_id to poll (§5)
    executeAsync(rc, run, echoing(resumeScript(intr.spec, data), run.echo));
    return answer(rc, { execute_id: run.executeId, debug_url: debugUrl(rc.server, run.executeId, run.workflowId) });
  }
  if (mode === 'run') return runSync(rc, run, scriptEnv(rc, run, {}), { intr, data });
  await executeStream(rc, run, echoing(resumeScript(intr.spec, data), run.echo));
}

export const handleStreamResume = (rc: RequestCtx): Promise<void> => resume(rc, 'stream');
/** cloud-only non-streaming resume (§5). */
export const handleCloudResume = (rc: RequestCtx): Promise<void> => resume(rc, 'run');
