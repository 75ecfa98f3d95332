import type { CozeClient } from '../client/cozeClient';
import { CAPABILITIES } from '../dialect';
import type { RunUpdate } from '../model/runUpdate';
import { executeIdOf, type RunState } from '../model/runState';

/**
 * Reads back the complete text of what broken events left incomplete, from the run's history (the End
 * node's output) and its node executions (Output nodes, by node_execute_uuid): the `fetched` update that puts
 * it in place, or undefined when there is nothing to read (nothing incomplete, no execute_id, or a server
 * without node executions).
 */
export async function fetchFullOutput(
  client: CozeClient,
  workflowId: string,
  view: RunState,
  signal?: AbortSignal,
): Promise<Extract<RunUpdate, { u: 'fetched' }> | undefined> {
  const executeId = executeIdOf(view);
  if (!CAPABILITIES[client.dialect].nodeOutput || !executeId || view.incomplete.length === 0) return undefined;
  const call = signal ? { signal } : {};
  const wanted = new Set(view.incomplete);
  const nodes: { key: string; text: string }[] = [];
  for (const n of view.nodes) {
    if (n.isEnd || !wanted.has(n.title) || !n.executeUuid) continue;
    const r = await client.getNodeOutput(workflowId, executeId, n.executeUuid, call);
    nodes.push({ key: n.key, text: r.output });
    wanted.delete(n.title);
  }
  let output: string | undefined;
  if (wanted.has('End') || view.nodes.some((n) => n.isEnd && wanted.has(n.title))) {
    output = (await client.getRunHistory(workflowId, executeId, call)).output;
    if (output !== undefined) {
      for (const n of view.nodes) if (n.isEnd) wanted.delete(n.title);
      wanted.delete('End');
    }
  }
  return { u: 'fetched', at: Date.now(), nodes, ...(output !== undefined ? { output } : {}), complete: wanted.size === 0 };
}
