import './run.css';
import { findLinks } from '../../core/model/outputLinks';
import { appendNodeText, applyUpdate, displayStatus, emptyRunState, prettyOutput, streamedInOneChunk, type RunState } from '../../core/model/runState';
import { parseHostMessage, type RunInit, type StringKey } from '../../shared/protocol';
import type { ErrorAction } from '../../core/model/runUpdate';
import { button, el, format, formatMs } from '../shared/dom';
import { NodeList } from './nodeList';
import { renderInterruptCard } from './interruptCard';
import { vscodeApi } from '../shared/vscodeApi';
import { ParamEditor } from './paramEditor';
import { onUploadMessage } from './fileDrop';

let strings: Record<StringKey, string> | undefined;
let init: RunInit | undefined;
let editor: ParamEditor | undefined;
let view: RunState = emptyRunState();
let nodes: NodeList | undefined;
let frame = 0;

const app = document.getElementById('app') as HTMLElement;
/** The panel's buttons for an error's actions (the debug URL and logid have buttons of their own). */
const ACTION_LABELS: Partial<Record<ErrorAction, StringKey>> = {
  signIn: 'action.signIn',
  selectEnvironment: 'action.selectEnvironment',
  tryOtherRegion: 'action.tryOtherRegion',
};
const t = (k: StringKey) => strings?.[k] ?? k;

const header = el('header', 'run-header');
const statusEl = el('span', 'status');
const statsEl = el('span', 'stats');
const actions = el('span', 'actions');
const cancelBtn = button('', () => init && vscodeApi.postMessage({ type: 'cancel', runId: init.runId }), 'button secondary');
cancelBtn.id = 'cancel';
const debugBtn = button('', () => init && vscodeApi.postMessage({ type: 'openDebugUrl', runId: init.runId }), 'button secondary');
debugBtn.id = 'open-debug-url';
const saveTestBtn = button('', () => init && vscodeApi.postMessage({ type: 'saveAsTest', runId: init.runId }), 'button secondary');
saveTestBtn.id = 'save-as-test';
actions.append(cancelBtn, debugBtn, saveTestBtn);
header.append(statusEl, statsEl, actions);
const hintEl = el('p', 'hint');
hintEl.id = 'hint';
const noticeEl = el('div', 'hint notice');
noticeEl.id = 'notice';
const noticeText = el('p', 'notice-text');
const fetchBtn = button('', () => init && vscodeApi.postMessage({ type: 'fetchFullOutput', runId: init.runId }), 'button secondary');
fetchBtn.id = 'fetch-full-output';
noticeEl.append(noticeText, fetchBtn);
const errorBox = el('section', 'error');
errorBox.id = 'error';
const interruptBox = el('section', 'interrupt');
interruptBox.id = 'interrupt';
const outputBox = el('section', 'output');
outputBox.id = 'output';
const outputPre = el('pre', 'output-text');
const outputMore = button('…', () => init && vscodeApi.postMessage({ type: 'openOutput', runId: init.runId }), 'link more');
outputMore.id = 'output-more';
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
    el(
      'p',
      'error-meta',
      [e.code !== undefined ? `${t('label.code')} ${e.code}` : '', e.httpStatus ? `HTTP ${e.httpStatus}` : '', e.logid ? `${t('label.logid')} ${e.logid}` : '']
        .filter(Boolean)
        .join(' · '),
    ),
    errorActions(e.actions ?? [], e.logid),
  );
}

/** The error's own buttons (sign in, select environment, try the other region) first, then Copy logid. */
function errorActions(actions: readonly ErrorAction[], logid: string | undefined): HTMLElement {
  const row = el('div', 'error-actions');
  for (const action of actions) {
    const label = ACTION_LABELS[action];
    if (!label || !init) continue;
    const runId = init.runId;
    const b = button(
      format(t(label), init.otherRegion ?? ''),
      () => vscodeApi.postMessage({ type: 'errorAction', runId, action }),
      action === actions[0] ? 'button' : 'button secondary',
    );
    b.id = `error-${action}`;
    row.append(b);
  }
  if (logid) row.append(button(t('action.copyLogid'), () => vscodeApi.postMessage({ type: 'copyText', text: logid }), 'button secondary'));
  return row;
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
  const status = displayStatus(view);
  statusEl.textContent = t(`status.${status}`);
  statusEl.className = `status ${status}`;
  const first = view.firstEventAt !== undefined && view.startedAt !== undefined ? view.firstEventAt - view.startedAt : undefined;
  const total = view.startedAt !== undefined ? (view.endedAt ?? Date.now()) - view.startedAt : undefined;
  const tokens = view.usage?.tokenCount;
  const asyncText = view.asyncStatus
    ? ` · ${t('label.async')
        .replace('{0}', view.asyncStatus)
        .replace('{1}', String(view.polls ?? 0))}`
    : '';
  statsEl.textContent = `${t('label.firstEvent')} ${formatMs(first)} · ${t('label.total')} ${formatMs(total)}${tokens !== undefined ? ` · ${t('label.tokens')} ${tokens}` : ''}${asyncText}`;
  cancelBtn.hidden = !(view.status === 'running' || view.status === 'pending');
  debugBtn.hidden = !view.debugUrl;
  saveTestBtn.hidden = view.status === 'running' || view.status === 'pending';
  nodes?.render(view.nodes);
  outputBox.hidden = view.output === undefined;
  if (view.output !== undefined && renderedOutput !== view.output) {
    renderedOutput = view.output;
    // an output the panel holds only the beginning of reads as it came; the whole of it opens in an editor
    const omitted = view.outputOmitted ?? 0;
    outputPre.textContent = omitted > 0 ? view.output : prettyOutput(view.output);
    outputMore.hidden = omitted === 0;
    outputMore.textContent = `… +${omitted}`;
    renderLinks(view.output);
  }
  hintEl.hidden = !streamedInOneChunk(view);
  renderNotice();
  debugLine.textContent = view.debugUrl ? `${t('label.debugUrl')}: ${view.debugUrl}` : '';
  renderError();
  renderInterrupt();
}

let renderedOutput: string | undefined;

/**
 * What the run is waiting for (a retry) and what it skipped (unreadable events, and so which node's text may
 * be incomplete), so nothing happens silently; on cloud, a button reads the complete text back.
 */
function renderNotice(): void {
  const lines: string[] = [];
  const r = view.retry;
  if (r) lines.push(format(t('notice.retry'), r.reason, (r.delayMs / 1000).toFixed(1), r.attempt, r.maxAttempts));
  if (view.unreadable > 0 && view.incomplete.length > 0) lines.push(format(t('notice.unreadable'), view.unreadable, view.incomplete.join(', ')));
  const text = lines.join('\n');
  noticeEl.hidden = text === '';
  if (noticeText.textContent !== text) noticeText.textContent = text;
  fetchBtn.hidden = !(init?.canFetchOutput && displayStatus(view) === 'succeededWithWarnings');
}

/**
 * Links in the output as buttons that ask the host to open them (after VS Code's own prompt). Nothing is
 * loaded from them here, images included: the panel makes no network request, so output cannot make it
 * reveal anything to a server.
 */
function renderLinks(output: string): void {
  const links = findLinks(output);
  linksBox.replaceChildren(
    ...links.map((l) => {
      const item = el('div', 'link-item');
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
  view = emptyRunState();
  nodes = new NodeList(t, (key) => vscodeApi.postMessage({ type: 'moreText', runId: i.runId, key }));
  renderedInterrupt = '';
  for (const u of i.updates) applyUpdate(view, u);
  cancelBtn.textContent = t('action.cancel');
  debugBtn.textContent = t('action.openDebugUrl');
  saveTestBtn.textContent = t('action.saveAsTest');
  hintEl.textContent = t('hint.oneChunk');
  fetchBtn.textContent = t('action.fetchFullOutput');
  renderedOutput = undefined;
  outputBox.replaceChildren(el('h2', undefined, t('label.output')), outputPre, outputMore, linksBox);
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
      const name = msg.init.workflowName;
      const title = el('h1', 'title', name ?? workflowId);
      title.id = 'title';
      title.append(el('span', 'env', `${name ? ` · ${workflowId}` : ''} · ${msg.init.run?.environmentName ?? msg.init.form?.environmentName ?? ''}`));
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
    case 'moreText':
      if (init && msg.runId === init.runId && appendNodeText(view, msg.key, msg.text, msg.nodeLength)) schedule();
      break;
  }
});

setInterval(() => view.status === 'running' && schedule(), 500);
vscodeApi.postMessage({ type: 'ready' });
