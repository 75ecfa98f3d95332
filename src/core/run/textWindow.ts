import { nodeKey } from '../model/runState';
import type { RunUpdate } from '../model/runUpdate';

/** What a panel holds of a node's text at first, and of the output: what it shows before "more". */
export const VISIBLE_CHARS = 20_000;
/** How much more each "more" of a node sends. */
export const MORE_CHARS = 100_000;

interface Span {
  /** Characters of the text seen so far (the whole text's length, as the host holds it). */
  total: number;
  /** Characters sent: always the text's first `sent`. */
  sent: number;
  /** Characters that may be sent. */
  limit: number;
}

/**
 * What a run panel is sent of a run: each node's text up to what it shows (its first 20,000 characters,
 * more on request), with the whole length beside it, so the work per frame in the webview follows what is
 * on screen and not how much has streamed. The host keeps the whole run (RunSession); a node's text that
 * lies beyond the window is left out of the updates, and `more` hands the next piece from the host's copy.
 * Applying the trimmed updates with applyUpdate gives the view the originals give, except that a node's
 * text (and the output) stops at the window, with `omitted` saying how much is left.
 */
export class TextWindow {
  private segments = 0;
  private readonly nodes = new Map<string, Span>();

  constructor(
    private readonly visible = VISIBLE_CHARS,
    private readonly page = MORE_CHARS,
  ) {}

  /** The updates as the panel gets them; the originals are not changed. */
  trim(updates: readonly RunUpdate[]): RunUpdate[] {
    return updates.map((u) => this.trimOne(u));
  }

  private span(key: string): Span {
    let span = this.nodes.get(key);
    if (!span) this.nodes.set(key, (span = { total: 0, sent: 0, limit: this.visible }));
    return span;
  }

  private trimOne(u: RunUpdate): RunUpdate {
    switch (u.u) {
      case 'started':
        this.segments++;
        return u;
      case 'event': {
        if (u.event.kind !== 'message') return u;
        const span = this.span(nodeKey(this.segments, u.event));
        const content = u.event.content;
        const from = span.total;
        span.total += content.length;
        // the part of this event's text that follows what was sent, within the window
        const start = Math.max(from, span.sent);
        const end = Math.min(span.total, span.limit);
        const piece = end > start ? content.slice(start - from, end - from) : '';
        if (end > start) span.sent = end;
        if (span.total === span.sent && piece.length === content.length) return u;
        return { ...u, event: { ...u.event, content: piece }, nodeLength: span.total };
      }
      case 'fetched': {
        // the complete text read back replaces the node's: the panel gets what it already had room for
        const nodes = u.nodes.map((n) => {
          // a node no event named is not in the view either (applyUpdate passes it over)
          const span = this.nodes.get(n.key);
          if (!span) return n;
          span.total = n.text.length;
          span.sent = Math.min(n.text.length, span.limit);
          return span.sent < n.text.length ? { ...n, text: n.text.slice(0, span.sent), length: n.text.length } : n;
        });
        const long = u.output !== undefined && u.output.length > this.visible;
        return { ...u, nodes, ...(long ? { output: u.output!.slice(0, this.visible), outputLength: u.output!.length } : {}) };
      }
      case 'result':
        if (u.data === undefined || u.data.length <= this.visible) return u;
        return { ...u, data: u.data.slice(0, this.visible), dataLength: u.data.length };
      default:
        return u;
    }
  }

  /**
   * The next piece of a node's text for a panel that asks for more: `text` is the host's whole text of the
   * node. Undefined when there is nothing more (or no such node was sent).
   */
  more(key: string, text: string): { text: string; nodeLength: number } | undefined {
    const span = this.nodes.get(key);
    if (!span || span.sent >= text.length) return undefined;
    span.limit = Math.max(span.limit, span.sent) + this.page;
    const piece = text.slice(span.sent, Math.min(text.length, span.limit));
    // events not yet through trim() carry text now sent: their offsets start at `total`, so they skip it
    span.sent += piece.length;
    return { text: piece, nodeLength: text.length };
  }
}
