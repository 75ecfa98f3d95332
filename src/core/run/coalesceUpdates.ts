import type { MessageEvent } from '../model/events';
import type { RunUpdate } from '../model/runUpdate';

type EventUpdate = Extract<RunUpdate, { u: 'event' }>;
type MessageUpdate = EventUpdate & { event: MessageEvent };

const isMessage = (u: RunUpdate): u is MessageUpdate => u.u === 'event' && u.event.kind === 'message';

/** Whether `next` continues `group`'s text: the same node, and nothing in the group that ends or counts. */
function continues(group: MessageUpdate, next: MessageUpdate): boolean {
  const a = group.event;
  const b = next.event;
  return (
    !a.nodeIsFinish &&
    a.usage === undefined &&
    a.nodeExecuteUuid === b.nodeExecuteUuid &&
    a.nodeId === b.nodeId &&
    a.nodeTitle === b.nodeTitle &&
    a.nodeType === b.nodeType
  );
}

/**
 * Folds runs of message events of one node into one update each, for the panel: a 10,000-chunk stream
 * becomes a handful of updates to send and apply instead of 10,000. Applying the result with applyUpdate
 * gives the view the originals give (text, chunk counts, times, usage, states); a group ends at the node's
 * last chunk, at usage, and at any other update. The originals are not changed.
 */
export function coalesceUpdates(updates: readonly RunUpdate[]): RunUpdate[] {
  const out: RunUpdate[] = [];
  let group: MessageUpdate | undefined;
  let parts: string[] = [];
  const close = () => {
    if (group && parts.length > 1) group.event.content = parts.join('');
    group = undefined;
    parts = [];
  };
  for (const u of updates) {
    if (!isMessage(u)) {
      close();
      out.push(u);
      continue;
    }
    if (group && continues(group, u)) {
      const count = (group.merged?.count ?? 1) + (u.merged?.count ?? 1);
      const firstAt = group.merged?.firstAt ?? group.at;
      group.merged = { count, firstAt };
      group.at = u.at;
      parts.push(u.event.content);
      group.event = { ...u.event, content: '' };
      continue;
    }
    close();
    group = { ...u, event: { ...u.event } };
    parts = [u.event.content];
    out.push(group);
  }
  close();
  return out;
}
