import assert from 'node:assert/strict';
import { describeInterrupt } from '../../src/core/model/interruptQuestion';

describe('interrupt questions', () => {
  it('reads a cloud question as plain text', () => {
    assert.deepEqual(describeInterrupt({ eventId: '1/1', type: 2, data: 'Which colour do you like best?' }), {
      kind: 'question',
      question: 'Which colour do you like best?',
      options: [],
      links: [],
    });
  });

  it('reads a studio option question with its choices', () => {
    const data = JSON.stringify({
      messages: [{ type: 'question', content_type: 'option', content: { question: 'Pick one', options: [{ name: 'red' }, { name: 'green' }] }, id: 'n_1' }],
    });
    const q = describeInterrupt({ eventId: '1/2', type: 2, data });
    assert.equal(q.question, 'Pick one');
    assert.deepEqual(q.options, ['red', 'green']);
  });

  it('gives an input node a JSON template of its required parameters', () => {
    const q = describeInterrupt({
      eventId: '1/3',
      type: 5,
      data: '',
      requiredParameters: { city: { type: 'string', required: true }, days: { type: 'integer', default_value: '3' } },
    });
    assert.equal(q.kind, 'input');
    assert.equal(q.question, '', 'no question text: the node title is not made one');
    assert.deepEqual(JSON.parse(q.answerTemplate ?? ''), { city: '', days: 3 });
  });

  it('finds the link of an OAuth plugin interrupt', () => {
    const q = describeInterrupt({ eventId: '1/4', type: 7, data: '{"content":"Authorize at https://example.com/oauth?x=1 first"}' });
    assert.equal(q.kind, 'oauth');
    assert.deepEqual(q.links, ['https://example.com/oauth?x=1']);
  });

  it('takes the question from the three shapes servers send: text, JSON messages, or only the streamed message', () => {
    const QUESTION = 'What is your name?';
    const text = describeInterrupt({ eventId: '1/5', type: 2, data: QUESTION });
    const messages = describeInterrupt({
      eventId: '1/6',
      type: 2,
      data: JSON.stringify({
        messages: [{ type: 'question', content_type: 'option', content: { question: QUESTION, options: [{ name: 'Ada' }, { name: 'Grace' }] }, id: 'q_1' }],
      }),
    });
    const empty = describeInterrupt({ eventId: '1/7', type: 2, data: '' }, QUESTION);
    for (const q of [text, messages, empty]) assert.equal(q.question, QUESTION);
    assert.deepEqual(messages.options, ['Ada', 'Grace']);
    assert.equal(describeInterrupt({ eventId: '1/8', type: 2, data: '' }).question, '', 'nothing to show is said as such, never the node title');
    // the interrupt's own text wins over what was streamed before it
    assert.equal(describeInterrupt({ eventId: '1/9', type: 2, data: QUESTION }, 'something else').question, QUESTION);
  });
});

import { applyUpdate, emptyRunState } from '../../src/core/model/runState';
import type { RunUpdate } from '../../src/core/model/runUpdate';

describe('the question a run stopped at', () => {
  const fold = (updates: RunUpdate[]) => updates.reduce((v, u) => applyUpdate(v, u), emptyRunState());
  const started: RunUpdate = { u: 'started', at: 1, mode: 'stream' };
  const output = (content: string): RunUpdate => ({
    u: 'event',
    at: 2,
    event: { kind: 'message', content, nodeTitle: 'Output', nodeType: 'Message', nodeIsFinish: true },
  });

  it('cloud: keeps what the question node (named by the interrupt) streamed before an interrupt with empty data', () => {
    const v = fold([
      started,
      output('Some output first'),
      { u: 'event', at: 3, event: { kind: 'message', content: 'What is your name?', nodeTitle: 'Question', nodeIsFinish: true } },
      { u: 'event', at: 4, event: { kind: 'interrupt', nodeTitle: 'Question', interrupt: { eventId: '7/1', type: 2, data: '' } } },
    ]);
    assert.equal(v.interrupt?.streamed, 'What is your name?');
    assert.equal(v.interrupt?.nodeTitle, 'Question');
  });

  it('Coze Studio: the node of type Question, since its interrupt names no node', () => {
    const v = fold([
      started,
      { u: 'event', at: 3, event: { kind: 'message', content: 'What is your name?', nodeTitle: 'Ask', nodeType: 'Question', nodeIsFinish: true } },
      { u: 'event', at: 4, event: { kind: 'interrupt', interrupt: { eventId: '7/1', type: 2, data: '' } } },
    ]);
    assert.equal(v.interrupt?.streamed, 'What is your name?');
  });

  it("never takes another node's output for the question", () => {
    const v = fold([started, output('Not a question'), { u: 'event', at: 4, event: { kind: 'interrupt', interrupt: { eventId: '7/1', type: 2, data: '' } } }]);
    assert.equal(v.interrupt?.streamed, undefined);
  });
});
