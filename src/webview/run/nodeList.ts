import type { NodeView } from '../../core/model/runState';
import type { StringKey } from '../../shared/protocol';
import { el, formatMs } from '../shared/dom';

interface NodeDom {
  root: HTMLDetailsElement;
  state: HTMLElement;
  meta: HTMLElement;
  text: Text;
  more: HTMLButtonElement;
}

/**
 * Draws the nodes of a run, appending only what changed since the last frame. A node holds what the host
 * sent of its text (its first 20,000 characters, TextWindow); "more" asks the host for the next piece.
 */
export class NodeList {
  readonly root = el('section', 'nodes');
  private readonly doms = new Map<string, NodeDom>();

  constructor(
    private readonly t: (k: StringKey) => string,
    private readonly askMore: (key: string) => void,
  ) {}

  render(nodes: readonly NodeView[]): void {
    for (const node of nodes) {
      let dom = this.doms.get(node.key);
      if (!dom) {
        dom = this.create(node);
        this.doms.set(node.key, dom);
        this.root.append(dom.root);
      }
      this.update(node, dom);
    }
  }

  private create(node: NodeView): NodeDom {
    const root = el('details', `node${node.isEnd ? ' end' : ''}`);
    root.open = true;
    root.dataset.nodeKey = node.key;
    const summary = el('summary');
    const title = el('span', 'node-title', node.title);
    const id = el('span', 'node-id', [node.type, node.nodeId].filter(Boolean).join(' · '));
    const state = el('span', 'node-state');
    const meta = el('span', 'node-meta');
    summary.append(title, id, state, meta);
    const pre = el('pre', 'node-text');
    const text = document.createTextNode('');
    pre.append(text);
    const more = el('button', 'link more', '…');
    more.type = 'button';
    more.hidden = true;
    more.addEventListener('click', () => {
      more.disabled = true;
      this.askMore(node.key);
    });
    root.append(summary, pre, more);
    return { root, state, meta, text, more };
  }

  private update(node: NodeView, dom: NodeDom): void {
    dom.state.textContent = this.t(`node.${node.state}`);
    dom.state.className = `node-state ${node.state}`;
    dom.meta.textContent = `${node.chunks} ${this.t('label.chunks')} · ${formatMs(node.lastAt - node.firstAt)}`;
    const shown = dom.text.data.length;
    // the text only grows while streaming; a complete text read back replaces it
    if (node.text.length > shown && node.text.startsWith(dom.text.data.slice(-64), shown - Math.min(64, shown))) dom.text.appendData(node.text.slice(shown));
    else if (node.text.length !== shown) dom.text.data = node.text;
    const omitted = node.omitted ?? 0;
    dom.more.hidden = omitted === 0;
    if (omitted > 0) {
      dom.more.textContent = `… +${omitted}`;
      dom.more.disabled = false;
    }
  }
}
