import { describeInterrupt } from '../../core/model/interruptQuestion';
import type { RunState } from '../../core/model/runState';
import type { RunInit, StringKey } from '../../shared/protocol';
import { button, el, format } from '../shared/dom';
import { vscodeApi } from '../shared/vscodeApi';

/** The question of a paused run and the means to answer it: options, a text or JSON answer, links. */
export function renderInterruptCard(box: HTMLElement, view: RunState, init: RunInit, t: (k: StringKey) => string): void {
  const i = view.interrupt;
  if (!i) return;
  const q = describeInterrupt(i, i.streamed);
  const send = (answer: string) => {
    if (answer.trim() !== '') vscodeApi.postMessage({ type: 'resume', runId: init.runId, answer });
  };
  // the node's title is a heading only; the question is the text the workflow asked
  const parts: HTMLElement[] = [
    el('h2', undefined, `${t('label.question')}${i.nodeTitle ? ` (${i.nodeTitle})` : ''}`),
    el('pre', 'question', q.question || t('label.noQuestionText')),
  ];
  if (q.options.length > 0) {
    const row = el('div', 'options');
    for (const o of q.options) row.append(button(o, () => send(o), 'button option'));
    parts.push(row);
  }
  for (const url of q.links) {
    const line = el('p', 'link-line', url);
    line.append(
      ' ',
      button(t('action.openLink'), () => vscodeApi.postMessage({ type: 'openLink', runId: init.runId, url }), 'button secondary'),
    );
    parts.push(line);
  }
  const input = el('textarea', 'answer');
  input.id = 'answer';
  input.rows = q.answerTemplate ? Math.min(12, q.answerTemplate.split('\n').length + 1) : 2;
  if (q.answerTemplate) {
    input.value = q.answerTemplate;
    parts.push(el('p', 'answer-label', t('label.answerJson')));
  }
  const sendButton = button(t('action.answer'), () => send(input.value));
  sendButton.id = 'send-answer';
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send(input.value);
  });
  parts.push(input, sendButton);
  const used = view.resumes[i.eventId] ?? 0;
  if (init.resumeLimit) parts.push(el('p', 'resumes', format(t('label.resumes'), used, init.resumeLimit)));
  box.replaceChildren(...parts);
}
