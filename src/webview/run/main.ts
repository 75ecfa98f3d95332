import './run.css';
import { findLinks } from '../../core/run/outputLinks';
import { applyUpdate, emptyRunView, prettyOutput, streamedInOneChunk, type RunView } from '../../core/run/runView';
import { parseHostMessage, type RunInit, type StringKey } from '../../shared/protocol';
import { button, el, format, formatMs } from '../shared/dom';
import { NodeList } from './nodeList';
import { renderInterruptCard } from './interruptCard';
import { vscodeApi } from '../shared/vscodeApi';
import { ParamEditor } from './paramEditor';
import { onUploadMessage } from './fileDrop';

let strings: Record<StringKey, string> | undefined;
let init: RunInit | undefined;
let editor: ParamEditor | undefined;
let view: RunView = emptyRunView();
let nodes: NodeList | undefined;
let frame = 0;

const app = document.getElementById('app') as HTMLElement;
const t = (k: StringKey) => strings?.[k] ?? k;

const header = el('header', 'run-header');
const statusEl = el('span', 'status');
const statsEl = el('span', 'stats');
const actions = el('span', 'actions');
const cancelBtn = button('', () => init && vscodeApi.postMessage({ type: 'cancel', runId: init.runId }), 'button secondary');
cancelBtn.id = 'cancel';
const debugBtn = button('', () => init && vscodeApi.postMessage({ type: 'openDebugUrl', runId: init.runId }), 'button secondary');
debugBtn.id = 'open-debug-url';
actions.append(cancelBtn, debugBtn);
header.append(statusEl, statsEl, actions);
const hintEl = el('p', 'hint');
hintEl.id = 'hint';
const noticeEl = el('p', 'hint notice');
noticeEl.id = 'notice';
const errorBox = el('section', 'error');
errorBox.id = 'error';
const interruptBox = el('section', 'interrupt');
interruptBox.id = 'interrupt';
const outputBox = el('section', 'output');
outputBox.id = 'output';
const outputPre = el('pre', 'output-text');
const linksBox = el('div', 'links');
linksBox.id = 'links';
const debugLine = el('p', 'debug-url');
debugLine.id = 'debug-url';

function renderError(): void {
  const e = view.error;
  errorBox.hidden = !e;
  if (!e) return;
  errorBox.replaceChildren(
    el('h2', undefined, t('label.error')),
    el('p', 'error-message', e.message),
    el('p', 'error-hint', `${t('label.hint')}: ${e.hint || t('hint.workflowError')}`),
    el('p', 'error-meta', [e.code !== undefined ? `${t('label.code')} ${e.code}` : '', e.httpStatus ? `HTTP ${e.httpStatus}` : '', e.logid ? `${t('label.logid')} ${e.logid}` : ''].filter(Boolean).join(' · ')),
    ...(e.logid ? [button(t('action.copyLogid'), () => vscodeApi.postMessage({ type: 'copyText', text: e.logid as string }), 'button secondary')] : []),
  );
}

let renderedInterrupt = '';
function renderInterrupt(): void {
  const i = view.interrupt;
  const show = view.status === 'interrupted' && i !== undefined;
  interruptBox.hidden = !show;
  const key = i ? `${i.eventId}#${view.segments}` : '';
  if (!show || !init || renderedInterrupt === key) return;
  renderedInterrupt = key;
  renderInterruptCard(interruptBox, view, init, t);
}

const runBox = el('section', 'run');
runBox.id = 'run-view';

function render(): void {
  frame = 0;
  editor?.setRunState(init !== undefined && (view.status === 'running' || view.status === 'pending'), init !== undefined);
  if (!init) return;
  statusEl.textContent = t(`status.${view.status}`);
  statusEl.className = `status ${view.status}`;
  const first = view.firstEventAt !== undefined && view.startedAt !== undefined ? view.firstEventAt - view.startedAt : undefined;
  const total = view.startedAt !== undefined ? (view.endedAt ?? Date.now()) - view.startedAt : undefined;
  const tokens = view.usage?.tokenCount;
  const asyncText = view.asyncStatus ? ` · ${t('label.async').replace('{0}', view.asyncStatus).replace('{1}', String(view.polls ?? 0))}` : '';
  statsEl.textContent = `${t('label.firstEvent')} ${formatMs(first)} · ${t('label.total')} ${formatMs(total)}${tokens !== undefined ? ` · ${t('label.tokens')} ${tokens}` : ''}${asyncText}`;
  cancelBtn.hidden = !(view.status === 'running' || view.status === 'pending');
  debugBtn.hidden = !view.debugUrl;
  nodes?.render(view.nodes);
  outputBox.hidden = view.output === undefined;
  if (view.output !== undefined && renderedOutput !== view.output) {
    renderedOutput = view.output;
    outputPre.textContent = prettyOutput(view.output);
    renderLinks(view.output);
  }
  hintEl.hidden = !streamedInOneChunk(view);
  renderNotice();
  debugLine.textContent = view.debugUrl ? `${t('label.debugUrl')}: ${view.debugUrl}` : '';
  renderError();
  renderInterrupt();
}

let renderedOutput: string | undefined;

/** What the run is waiting for (a retry) and what it skipped (unreadable events), so nothing happens silently. */
function renderNotice(): void {
  const lines: string[] = [];
  const r = view.retry;
  if (r) lines.push(format(t('notice.retry'), r.reason, (r.delayMs / 1000).toFixed(1), r.attempt, r.maxAttempts));
  if (view.unreadable > 0) lines.push(format(t('notice.unreadable'), view.unreadable));
  const text = lines.join('\n');
  noticeEl.hidden = text === '';
  if (noticeEl.textContent !== text) noticeEl.textContent = text;
}

/** Links in the output as inert elements: images as previews (no referrer), a link opens only through the host. */
function renderLinks(output: string): void {
  const links = findLinks(output);
  linksBox.replaceChildren(
    ...links.map((l) => {
      const item = el('div', 'link-item');
      if (l.image) {
        const img = el('img', 'preview');
        img.src = l.url;
        img.alt = l.url;
        img.referrerPolicy = 'no-referrer';
        img.loading = 'lazy';
        item.append(img);
      }
      item.append(button(l.url, () => init && vscodeApi.postMessage({ type: 'openLink', runId: init.runId, url: l.url }), 'link'));
      return item;
    }),
  );
}

function schedule(): void {
  frame ||= requestAnimationFrame(render);
}

function start(i: RunInit): void {
  init = i;
  view = emptyRunView();
  nodes = new NodeList(t);
  renderedInterrupt = '';
  for (const u of i.updates) applyUpdate(view, u);
  cancelBtn.textContent = t('action.cancel');
  debugBtn.textContent = t('action.openDebugUrl');
  hintEl.textContent = t('hint.oneChunk');
  renderedOutput = undefined;
  outputBox.replaceChildren(el('h2', undefined, t('label.output')), outputPre, linksBox);
  runBox.replaceChildren(header, hintEl, noticeEl, errorBox, interruptBox, nodes.root, outputBox, debugLine);
  render();
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const msg = parseHostMessage(e.data);
  if (!msg) return;
  switch (msg.type) {
    case 'init': {
      strings = msg.init.strings;
      const workflowId = msg.init.run?.workflowId ?? msg.init.form?.workflowId ?? '';
      const title = el('h1', 'title', workflowId);
      title.append(el('span', 'env', ` · ${msg.init.run?.environmentName ?? msg.init.form?.environmentName ?? ''}`));
      editor = new ParamEditor(t);
      if (msg.init.form) editor.show(msg.init.form);
      app.replaceChildren(title, ...(msg.init.form ? [editor.root] : []), runBox);
      if (msg.init.run) start(msg.init.run);
      else render();
      break;
    }
    case 'run':
      start(msg.run);
      break;
    case 'updates':
      if (init && msg.runId === init.runId) {
        for (const u of msg.updates) applyUpdate(view, u);
        schedule();
      }
      break;
    case 'form':
      if (editor && !editor.root.isConnected) app.insertBefore(editor.root, runBox);
      editor?.show(msg.form);
      break;
    case 'formIssues':
      editor?.showIssues(msg.issues);
      break;
    case 'upload':
      onUploadMessage(msg);
      editor?.onUpload(msg.upload);
      break;
    case 'chunkAck':
      onUploadMessage(msg);
      break;
  }
});

setInterval(() => view.status === 'running' && schedule(), 500);
vscodeApi.postMessage({ type: 'ready' });
