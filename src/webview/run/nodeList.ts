import type { NodeView } from '../../core/model/runState';
import type { StringKey } from '../../shared/protocol';
import { el, formatMs } from '../shared/dom';

/** Long node text is shown in full up to this many characters; the rest stays behind "show all". */
const VISIBLE_CHARS = 20_000;

interface NodeDom {
  root: HTMLDetailsElement;
  state: HTMLElement;
  meta: HTMLElement;
  text: Text;
  shown: number;
  more: HTMLButtonElement;
}

/** Draws the nodes of a run, appending only what changed since the last frame. */
export class NodeList {
  readonly root = el('section', 'nodes');
  private readonly doms = new Map<string, NodeDom>();

  constructor(private readonly t: (k: StringKey) => string) {}

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
    root.append(summary, pre, more);
    const dom: NodeDom = { root, state, meta, text, shown: 0, more };
    more.addEventListener('click', () => {
      dom.shown = Number.POSITIVE_INFINITY;
      more.hidden = true;
      dom.text.data = this.full.get(node.key) ?? dom.text.data;
    });
    return dom;
  }

  private readonly full = new Map<string, string>();

  private update(node: NodeView, dom: NodeDom): void {
    dom.state.textContent = this.t(`node.${node.state}`);
    dom.state.className = `node-state ${node.state}`;
    dom.meta.textContent = `${node.chunks} ${this.t('label.chunks')} · ${formatMs(node.lastAt - node.firstAt)}`;
    this.full.set(node.key, node.text);
    const limit = Number.isFinite(dom.shown) ? VISIBLE_CHARS : node.text.length;
    const current = dom.text.data.length;
    const target = Math.min(node.text.length, limit);
    if (target > current) dom.text.appendData(node.text.slice(current, target));
    if (node.text.length > target) {
      dom.more.hidden = false;
      dom.more.textContent = `… +${node.text.length - target}`;
    }
  }
}
