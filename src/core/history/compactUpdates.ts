import type { MessageEvent, Usage } from '../model/events';
import type { RunUpdate } from '../model/runUpdate';

/**
 * Merges runs of consecutive message chunks of the same node into one update each: the text, its order,
 * the nodes, usage and every other update stay, so the run replays to the same output; what goes is the
 * per-chunk timing and count. For runs too large to keep chunk by chunk (say 200,000 small events).
 */
export function compactUpdates(updates: readonly RunUpdate[]): RunUpdate[] {
  const out: RunUpdate[] = [];
  let open: { event: MessageEvent; parts: string[] } | undefined;
  const close = () => {
    if (open && open.parts.length > 1) open.event.content = open.parts.join('');
    open = undefined;
  };
  for (const u of updates) {
    if (u.u === 'event' && u.event.kind === 'ping') continue;
    if (u.u === 'event' && u.event.kind === 'message') {
      const e = u.event;
      if (open && sameNode(open.event, e) && !open.event.nodeIsFinish) {
        open.parts.push(e.content);
        open.event.nodeIsFinish = e.nodeIsFinish;
        if (e.usage) open.event.usage = open.event.usage ? sumUsage(open.event.usage, e.usage) : e.usage;
        continue;
      }
      close();
      const event: MessageEvent = { ...e };
      open = { event, parts: [e.content] };
      out.push({ ...u, event });
      continue;
    }
    close();
    out.push(u);
  }
  close();
  return out;
}

function sameNode(a: MessageEvent, b: MessageEvent): boolean {
  return a.nodeExecuteUuid === b.nodeExecuteUuid && a.nodeId === b.nodeId && a.nodeTitle === b.nodeTitle && a.nodeType === b.nodeType;
}

function sumUsage(a: Usage, b: Usage): Usage {
  const out: Usage = {};
  for (const k of ['inputCount', 'outputCount', 'tokenCount'] as const) {
    if (a[k] !== undefined || b[k] !== undefined) out[k] = (a[k] ?? 0) + (b[k] ?? 0);
  }
  return out;
}
