import './chat.css';
import { applyChatUpdate, emptyChatView, isChatBusy, type ChatTurn, type ChatView } from '../../core/model/chatView';
import { parseHostChatMessage, type ChatPanelInit, type ChatStringKey } from '../../shared/chatProtocol';
import { button, el, formatMs } from '../shared/dom';
import { vscodeApi } from '../shared/vscodeApi';

let init: ChatPanelInit | undefined;
let view: ChatView = emptyChatView();
let frame = 0;
const app = document.getElementById('app') as HTMLElement;
const t = (k: ChatStringKey) => init?.strings[k] ?? k;

const header = el('header', 'chat-header');
const title = el('h1', 'title');
const conv = el('span', 'conversation');
conv.id = 'conversation';
const newBtn = button('', () => init && vscodeApi.postMessage({ type: 'chatNew', chatId: init.chatId }), 'button secondary');
newBtn.id = 'new-conversation';
header.append(title, conv, newBtn);
const log = el('section', 'chat-log');
log.id = 'chat-log';
const form = el('footer', 'composer');
const input = el('textarea', 'message');
input.id = 'message';
input.rows = 3;
const send = button('', () => submit());
send.id = 'send';
const stop = button('', () => init && vscodeApi.postMessage({ type: 'chatCancel', chatId: init.chatId }), 'button secondary');
stop.id = 'stop';
form.append(input, send, stop);

function submit(): void {
  if (!init || isChatBusy(view) || input.value.trim() === '') return;
  vscodeApi.postMessage({ type: 'chatSend', chatId: init.chatId, text: input.value });
  input.value = '';
}

input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    submit();
  }
});

/** Each turn's DOM, updated in place as the answer streams. */
const turnDoms: { root: HTMLElement; answer: HTMLElement; meta: HTMLElement; extras: HTMLElement }[] = [];

function renderTurn(turn: ChatTurn, i: number): void {
  let dom = turnDoms[i];
  if (!dom) {
    const root = el('article', 'turn');
    const user = el('div', 'bubble user');
    user.append(el('span', 'who', t('chat.you')), el('pre', 'text', turn.user));
    const bot = el('div', 'bubble bot');
    const answer = el('pre', 'text answer');
    const meta = el('div', 'meta');
    const extras = el('div', 'extras');
    bot.append(el('span', 'who', t('chat.workflow')), answer, extras, meta);
    root.append(user, bot);
    log.append(root);
    dom = { root, answer, meta, extras };
    turnDoms[i] = dom;
  }
  dom.root.dataset.status = turn.status;
  dom.answer.textContent = turn.answer || (turn.status === 'streaming' ? t('chat.thinking') : '');
  const bits: string[] = [];
  if (turn.status === 'requires_action') bits.push(t('chat.question'));
  if (turn.status === 'failed') bits.push(`${t('chat.failed')}: ${turn.error?.message ?? ''}${turn.error?.code !== undefined ? ` (${turn.error.code})` : ''}`);
  if (turn.status === 'cancelled') bits.push(t('chat.cancelled'));
  if (turn.endedAt !== undefined) bits.push(formatMs(turn.endedAt - turn.startedAt));
  if (turn.usage?.tokenCount !== undefined) bits.push(`${turn.usage.tokenCount} ${t('chat.tokens')}`);
  dom.meta.textContent = bits.join(' · ');
  dom.extras.replaceChildren(...turn.extras.map((x) => el('span', 'suggestion', x)));
}

function render(): void {
  frame = 0;
  if (view.turns.length < turnDoms.length) {
    for (const d of turnDoms.splice(view.turns.length)) d.root.remove();
  }
  view.turns.forEach(renderTurn);
  if (view.turns.length === 0) log.replaceChildren(el('p', 'empty', t('chat.empty')));
  else log.querySelector('.empty')?.remove();
  conv.textContent = view.conversationId ? `${t('chat.conversation')} ${view.conversationId}` : '';
  const busy = isChatBusy(view);
  send.disabled = busy;
  stop.hidden = !busy;
  input.placeholder = view.awaitingAnswer ? t('chat.answerPlaceholder') : t('chat.placeholder');
  log.lastElementChild?.scrollIntoView({ block: 'end' });
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const m = parseHostChatMessage(e.data);
  if (!m) return;
  if (m.type === 'chatInit') {
    init = m.init;
    view = emptyChatView();
    turnDoms.splice(0).forEach((d) => d.root.remove());
    for (const u of m.init.updates) applyChatUpdate(view, u);
    // names are the workspace's or the server's words: text, never markup
    title.textContent = [m.init.workflowName, m.init.workflowId, m.init.environmentName].filter(Boolean).join(' · ');
    newBtn.textContent = t('chat.new');
    send.textContent = t('chat.send');
    stop.textContent = t('chat.cancel');
    app.replaceChildren(header, log, form);
    render();
    input.focus();
  } else if (init && m.chatId === init.chatId) {
    for (const u of m.updates) applyChatUpdate(view, u);
    frame ||= requestAnimationFrame(render);
  }
});
vscodeApi.postMessage({ type: 'ready' });
