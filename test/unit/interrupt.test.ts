import assert from 'node:assert/strict';
import { describeInterrupt } from '../../src/core/run/interruptQuestion';

describe('interrupt questions', () => {
  it('reads a cloud question as plain text', () => {
    assert.deepEqual(describeInterrupt({ eventId: '1/1', type: 2, data: 'Which colour do you like best?' }), {
      kind: 'question', question: 'Which colour do you like best?', options: [], links: [],
    });
  });

  it('reads a studio option question with its choices', () => {
    const data = JSON.stringify({ messages: [{ type: 'question', content_type: 'option', content: { question: 'Pick one', options: [{ name: 'red' }, { name: 'green' }] }, id: 'n_1' }] });
    const q = describeInterrupt({ eventId: '1/2', type: 2, data });
    assert.equal(q.question, 'Pick one');
    assert.deepEqual(q.options, ['red', 'green']);
  });

  it('gives an input node a JSON template of its required parameters', () => {
    const q = describeInterrupt({ eventId: '1/3', type: 5, data: '', requiredParameters: { city: { type: 'string', required: true }, days: { type: 'integer', default_value: '3' } } }, 'Input');
    assert.equal(q.kind, 'input');
    assert.equal(q.question, 'Input');
    assert.deepEqual(JSON.parse(q.answerTemplate ?? ''), { city: '', days: 3 });
  });

  it('finds the link of an OAuth plugin interrupt', () => {
    const q = describeInterrupt({ eventId: '1/4', type: 7, data: '{"content":"Authorize at https://example.com/oauth?x=1 first"}' });
    assert.equal(q.kind, 'oauth');
    assert.deepEqual(q.links, ['https://example.com/oauth?x=1']);
  });
});
