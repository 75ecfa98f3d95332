/**
 * A hostile server (ServerOptions.echoToken): a run echoes the caller's token back wherever a workflow's
 * answer can carry text: in each node's first chunk, in every string of the output, in a failure's message
 * (and render.ts puts it in the debug_url). The product must mask it at every exit.
 */
import type { Outcome, Script } from './script';

export function echoing(script: Script, token: string | undefined): Script {
  return token ? echo(script, token) : script;
}

function* echo(script: Script, token: string): Script {
  const seen = new Set<string>();
  let r = script.next();
  while (!r.done) {
    const step = r.value;
    if (step.t === 'chunk' && typeof step.content === 'string' && !seen.has(step.node.id)) {
      seen.add(step.node.id);
      yield { ...step, content: `${step.content} [echo ${token}]` };
    } else yield step;
    r = script.next();
  }
  return echoOutcome(r.value, token);
}

function echoOutcome(outcome: Outcome, token: string): Outcome {
  if (outcome.kind === 'fail') return { ...outcome, message: `${outcome.message} (the caller was ${token})` };
  if (outcome.kind !== 'success') return outcome;
  const output = Object.fromEntries(Object.entries(outcome.output).map(([k, v]) => [k, typeof v === 'string' ? `${v} [echo ${token}]` : v]));
  return { kind: 'success', output: { ...output, caller_token: token } };
}
