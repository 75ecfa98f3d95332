import { tryParseJson } from '../model/json';
import { prettyOutput, type RunState } from '../model/runState';

/**
 * The one output model: what a run's End node output is as text and as a value, for the panel, the test
 * matchers, Save as Test Case, the MCP result and the language model tool alike. Every digit the server
 * sent is kept (a 19-digit id is never rounded).
 */

/**
 * The run's output as a value: JSON held in strings unwrapped, plain text as it is. An integer a double
 * cannot hold (a 19-digit id) is its digits as a string, never a rounded number.
 */
export function outputValue(output: string | undefined): unknown {
  if (output === undefined) return undefined;
  const pretty = prettyOutput(output);
  return tryParseJson(pretty) ?? pretty;
}

/**
 * The output as text for `contains`, `matches` and `equals`: the End node's output, and when that is only
 * `{"output": …}` (one variable named output, the common case), the value of that variable. `json` always
 * sees the whole value.
 */
export function outputText(output: string | undefined): string | undefined {
  if (output === undefined) return undefined;
  const value = outputValue(output);
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && 'output' in value) {
    const inner = (value as { output: unknown }).output;
    return typeof inner === 'string' ? inner : JSON.stringify(inner, null, 2);
  }
  return prettyOutput(output);
}

/**
 * Whether the output is data rather than text: JSON beyond a lone `{"output": "…"}` (whose text is what a
 * reader checks). Save as Test Case offers `json` only then.
 */
export function isStructuredOutput(output: string | undefined): boolean {
  const value = outputValue(output);
  if (value === null || typeof value !== 'object') return false;
  return !(
    typeof outputText(output) === 'string' &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { output?: unknown }).output === 'string'
  );
}

/** An error in one line, as every surface words it: the message, then its code. */
export function errorSummary(e: { message: string; code?: number | undefined }): string {
  return `${e.message}${e.code !== undefined ? ` (code ${e.code})` : ''}`;
}

/** Where to look further, one `name: value` line each: the debug URL and the logid, when the run has them. */
export function runMeta(view: Pick<RunState, 'debugUrl' | 'logid'>): string[] {
  return [view.debugUrl ? `debug_url: ${view.debugUrl}` : '', view.logid ? `logid: ${view.logid}` : ''].filter(Boolean);
}

/**
 * What a run came to, in the words an agent, a log or a test report reads (the MCP server, the language
 * model tool, the Test Explorer): the output of a success; the failure with its code and what to do; or
 * how it ended. `isError` when it did not succeed.
 */
export function runSummary(view: RunState, workflowName: string): { text: string; isError: boolean } {
  const e = view.error;
  if (view.status === 'succeeded') return { text: outputText(view.output) ?? '', isError: false };
  if (e)
    return {
      text: [`The workflow "${workflowName}" failed: ${errorSummary(e)}`, e.hint ? `what to do: ${e.hint}` : ''].filter(Boolean).join('\n'),
      isError: true,
    };
  if (view.status === 'cancelled') return { text: `The run of "${workflowName}" was cancelled.`, isError: true };
  return { text: `The run of "${workflowName}" ended ${view.status}.`, isError: view.status !== 'interrupted' };
}
