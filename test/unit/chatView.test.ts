import assert from 'node:assert/strict';
import { applyChatUpdate, emptyChatView, isChatBusy } from '../../src/core/model/chatView';
import type { ChatEvent } from '../../src/core/model/events';

const e = (at: number, event: ChatEvent) => ({ c: 'event' as const, at, event });
const delta = (content: string, type = 'answer'): ChatEvent => ({
  kind: 'delta',
  message: { role: 'assistant', type, content, contentType: 'text', conversationId: 'conv1' },
});

describe('chat state machine', () => {
  it('merges deltas into the answer of the turn, keeps the conversation and ends at done', () => {
    const v = emptyChatView();
    applyChatUpdate(v, { c: 'user', at: 0, text: 'hi' });
    assert.equal(isChatBusy(v), true);
    applyChatUpdate(v, e(1, { kind: 'chat', event: 'conversation.chat.created', chat: { conversationId: 'conv1', executeId: '76' } }));
    applyChatUpdate(v, e(2, delta('You ')));
    applyChatUpdate(v, e(3, delta('said hi')));
    assert.equal(v.turns[0]?.answer, 'You said hi');
    applyChatUpdate(v, e(4, { kind: 'completed', message: { role: 'assistant', type: 'answer', content: 'You said hi.', contentType: 'text' } }));
    applyChatUpdate(v, e(5, { kind: 'completed', message: { role: 'assistant', type: 'follow_up', content: 'Tell me more?', contentType: 'text' } }));
    applyChatUpdate(v, e(6, { kind: 'chat', event: 'conversation.chat.completed', chat: { usage: { tokenCount: 9 } } }));
    applyChatUpdate(v, e(7, { kind: 'done', debugUrl: 'https://d' }));
    assert.deepEqual(
      [v.conversationId, v.turns[0]?.answer, v.turns[0]?.extras, v.turns[0]?.status, v.turns[0]?.usage?.tokenCount, v.turns[0]?.debugUrl, v.turns[0]?.firstAt],
      ['conv1', 'You said hi.', ['Tell me more?'], 'completed', 9, 'https://d', 2],
    );
    assert.equal(isChatBusy(v), false);
  });

  it('treats requires_action as a question the next message answers', () => {
    const v = emptyChatView();
    applyChatUpdate(v, { c: 'user', at: 0, text: 'ask me' });
    applyChatUpdate(v, e(1, delta('Which colour?', 'question')));
    applyChatUpdate(v, e(2, { kind: 'chat', event: 'conversation.chat.requires_action', chat: {} }));
    applyChatUpdate(v, e(3, { kind: 'done' }));
    assert.equal(v.turns[0]?.status, 'requires_action');
    assert.equal(v.awaitingAnswer, true);
    applyChatUpdate(v, { c: 'user', at: 4, text: 'red' });
    assert.equal(v.awaitingAnswer, false);
  });

  it('starts a new conversation on request', () => {
    const v = emptyChatView();
    applyChatUpdate(v, { c: 'user', at: 0, text: 'hi' });
    applyChatUpdate(v, e(1, delta('x')));
    applyChatUpdate(v, { c: 'newConversation', at: 2 });
    assert.deepEqual([v.conversationId, v.turns.length], [undefined, 0]);
  });

  it('records an error event on the turn', () => {
    const v = emptyChatView();
    applyChatUpdate(v, { c: 'user', at: 0, text: 'hi' });
    applyChatUpdate(v, e(1, { kind: 'error', code: 4000, message: 'bad' }));
    assert.deepEqual([v.turns[0]?.status, v.turns[0]?.error?.code], ['failed', 4000]);
  });
});
