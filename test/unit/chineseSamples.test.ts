// The Chinese samples of the local server, through the run engine and the client, on both dialects: 退货助手
// (开始 → 大模型 → 问答 → 结束) streams Chinese text in pieces, asks its question, and finishes with the answer;
// 客服对话流 answers in Chinese and asks for the order number when told 退货.
import assert from 'node:assert/strict';
import { runWorkflow } from '../../src/core/run/engine';
import type { RunUpdate } from '../../src/core/model/runUpdate';
import { APP_ID, WORKFLOWS } from '../server/index';
import { REFUND_QUESTION, refundAdvice, refundDone } from '../server/chineseSamples';
import { collect } from './support/chunks';
import { clientFor, useServers } from './support/servers';

describe('the Chinese samples', () => {
  const servers = useServers();

  for (const dialect of ['cloud', 'studio'] as const) {
    it(`${dialect}: 退货助手 streams its advice from 大模型 in pieces, asks at 问答, and ends at 结束 with the order`, async () => {
      const updates: RunUpdate[] = [];
      const asked: string[] = [];
      const view = await runWorkflow(clientFor(servers[dialect]), { workflowId: WORKFLOWS.refundHelper, parameters: { 商品: '耳机' } }, 'stream', {
        answer: (q) => (asked.push(q.question), '20261206001'),
        onUpdate: (u) => updates.push(u),
      });
      assert.equal(view.status, 'succeeded', view.error?.message);
      assert.deepEqual(asked, [REFUND_QUESTION]);
      const pieces = updates.flatMap((u) => (u.u === 'event' && u.event.kind === 'message' && u.event.nodeTitle === '大模型' ? [u.event.content] : []));
      assert.ok(pieces.length >= 8, `streamed in pieces (${pieces.length})`);
      assert.equal(pieces.join(''), refundAdvice({ 商品: '耳机' }) + refundDone('20261206001'));
      assert.ok(
        view.nodes.some((n) => n.title === '问答'),
        'the question node is shown by its title',
      );
      assert.match(view.output ?? '', new RegExp(refundDone('20261206001')));
      if (dialect === 'studio') {
        // Coze Studio names the End node in its last message
        const titles = updates.flatMap((u) => (u.u === 'event' && u.event.kind === 'message' ? [u.event.nodeTitle] : []));
        assert.equal(titles.at(-1), '结束');
      }
    });

    it(`${dialect}: 客服对话流 answers in Chinese and asks for the order number when told 退货`, async () => {
      const client = clientFor(servers[dialect]);
      const where = dialect === 'cloud' ? { appId: APP_ID } : {};
      const params = { CONVERSATION_NAME: '客服' };
      const reply = async (message: string, conversationId?: string) => {
        const events = await collect(
          await client.chat({ workflowId: WORKFLOWS.supportChat, message, parameters: params, ...where, ...(conversationId ? { conversationId } : {}) }),
        );
        const done = events.find((e) => e.kind === 'completed');
        const conv = events.map((e) => (e.kind === 'chat' ? e.chat.conversationId : undefined)).find(Boolean);
        return { text: done?.kind === 'completed' ? done.message.content : '', conv, deltas: events.filter((e) => e.kind === 'delta').length };
      };
      const first = await reply('你好');
      assert.match(first.text, /^您说：你好（第 1 轮）/);
      assert.ok(first.deltas >= 3, 'streamed in pieces');
      const second = await reply('我要退货', first.conv);
      assert.equal(second.text, REFUND_QUESTION);
      const third = await reply('20261206002', first.conv);
      assert.equal(third.text, `${refundDone('20261206002')}（第 3 轮）`);
    });
  }
});
