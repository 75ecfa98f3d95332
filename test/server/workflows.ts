/** The scripts of the non-interrupting catalogue workflows. Delays are unscaled; the executor scales them. */
import { NODES, WORKFLOWS } from './constants';
import { BIG_CONTENT_BYTES, contentText } from './content';
import { describe, resolveFile } from './files-input';
import { askQuestion, collectInput } from './interrupts';
import { flaky, grader, graderNoScore } from './judges';
import { refundHelper } from './chineseSamples';
import { asBool, asInt, asNumber, chunk, delay, fail, streamText, success } from './script';
import type { Script, ScriptEnv } from './script';

export const HELLO_SUFFIX = '! This answer is streamed from a local Coze workflow, chunk by chunk.';

export function helloText(params: Record<string, unknown>): string {
  const text = `Hello, ${String(params.name)}${HELLO_SUFFIX}`;
  return params.style === 'shout' ? text.toUpperCase() : text;
}

function* helloStream(env: ScriptEnv): Script {
  const text = helloText(env.params);
  yield* streamText(NODES.output, text, 8, 120);
  return success({ output: text });
}

function* describeFile(env: ScriptEnv): Script {
  const file = resolveFile(env, 'file', env.params.file);
  if (!file.ok) return fail(4000, file.error);
  let text = describe(file.file);
  const atts = env.params.attachments;
  if (atts !== undefined && atts !== null) {
    if (!Array.isArray(atts)) return fail(4000, 'input "attachments" expects an array of files');
    const names: string[] = [];
    for (let i = 0; i < atts.length; i++) {
      const r = resolveFile(env, `attachments[${i}]`, atts[i]);
      if (!r.ok) return fail(4000, r.error);
      names.push(r.file.bytes === null ? r.file.fileName : `${r.file.fileName} (${r.file.bytes} bytes)`);
    }
    text += ` Attachments: ${names.length}${names.length ? ` (${names.join(', ')})` : ''}.`;
  }
  if (typeof env.params.note === 'string' && env.params.note !== '') text += ` Note: ${env.params.note}`;
  yield* streamText(NODES.output, text, 5, 120);
  return success({ output: text, file_name: file.file.fileName, bytes: file.file.bytes, sha256: file.file.sha256 });
}

export const LLM_FAILURE = { code: 720701013, message: 'Workflow execution failure: node LLM: upstream model timed out' };

function* failMidway(): Script {
  const parts = ['The model starts', ' to answer, but', ' then stalls...'];
  for (let i = 0; i < parts.length; i++) {
    yield delay(120);
    yield chunk(NODES.llm, i, false, parts[i]!);
  }
  yield delay(240);
  return fail(LLM_FAILURE.code, LLM_FAILURE.message);
}

function* slowJob(env: ScriptEnv): Script {
  const given = asNumber(env.params.seconds);
  const seconds = given ?? env.asyncDurationMs / 1000;
  yield delay(seconds * 1000);
  if (asBool(env.params.fail) === true) return fail(720701013, 'Workflow execution failure: node Job: the job was asked to fail');
  const text = `job finished after ${seconds} s`;
  yield chunk(NODES.output, 0, true, text);
  // The End node's variable is "Output", so studio's history output (the End output) reads {"Output":"job finished after N s"}.
  return success({ Output: text });
}

/** chatAssistant run as a plain workflow (run/stream_run): answers USER_INPUT as turn 1. */
function* chatAsWorkflow(env: ScriptEnv): Script {
  const text = `You said: ${String(env.params.USER_INPUT ?? '')} (turn 1)`;
  yield* streamText(NODES.output, text, 4, 120);
  return success({ output: text });
}

function* firehose(env: ScriptEnv): Script {
  const count = Math.max(0, asInt(env.params.count) ?? 1000);
  const size = Math.max(0, asInt(env.params.size) ?? 250);
  const utf8 = asBool(env.params.utf8) === true;
  for (let i = 0; i < count; i++) {
    const content = size > BIG_CONTENT_BYTES ? { bytes: size, utf8 } : contentText(size, utf8, i);
    yield chunk(NODES.output, i, i === count - 1, content);
  }
  return success({ output: `firehose emitted ${count} messages of ${size} bytes${utf8 ? ' (UTF-8)' : ''}` });
}

function* singleChunk(env: ScriptEnv): Script {
  yield delay(120);
  const text = typeof env.params.text === 'string' && env.params.text !== '' ? env.params.text : 'This run produced a single chunk.';
  return success({ output: text });
}

const SCRIPTS: Record<string, (env: ScriptEnv) => Script> = {
  [WORKFLOWS.helloStream]: helloStream,
  [WORKFLOWS.askQuestion]: askQuestion,
  [WORKFLOWS.describeFile]: describeFile,
  [WORKFLOWS.failMidway]: failMidway,
  [WORKFLOWS.slowJob]: slowJob,
  [WORKFLOWS.chatAssistant]: chatAsWorkflow,
  [WORKFLOWS.collectInput]: collectInput,
  [WORKFLOWS.firehose]: firehose,
  [WORKFLOWS.singleChunk]: singleChunk,
  [WORKFLOWS.grader]: grader,
  [WORKFLOWS.graderNoScore]: graderNoScore,
  [WORKFLOWS.flaky]: flaky,
  [WORKFLOWS.refundHelper]: refundHelper,
  [WORKFLOWS.supportChat]: chatAsWorkflow,
};

export function scriptFor(workflowId: string, env: ScriptEnv): Script {
  const make = SCRIPTS[workflowId];
  if (!make) throw new Error(`no script for workflow ${workflowId}`);
  return make(env);
}
