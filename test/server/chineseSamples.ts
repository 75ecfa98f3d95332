/**
 * Two samples in Chinese, as a coze.cn user builds them: a workflow whose nodes are 开始 → 大模型 → 问答 → 结束
 * (a streamed answer, then a question, then the result) and a chatflow that answers in Chinese. They stream
 * like every other sample, in pieces on code-point boundaries that the SSE writer cuts into bytes.
 */
import type { NodeInfo } from './constants';
import { success, streamText, delay, chunk } from './script';
import type { InterruptSpec, Script, ScriptEnv } from './script';

export const NODES_ZH = {
  llm: { id: '457913', title: '大模型', type: 'LLM' },
  question: { id: '546810', title: '问答', type: 'Question' },
  end: { id: '900002', title: '结束', type: 'End' },
} satisfies Record<string, NodeInfo>;

export const REFUND_QUESTION = '请问您的订单号是多少？';

/** What the 大模型 node says about returning an item (its product named when given). */
export function refundAdvice(params: Record<string, unknown>): string {
  const item = typeof params.商品 === 'string' && params.商品 !== '' ? params.商品 : '商品';
  return `您好！关于${item}的退货：签收后 7 天内可申请无理由退货，请保持${item}完好并保留包装。我来帮您提交申请。`;
}

/** The result once the order number is given. */
export function refundDone(order: string): string {
  return `已为订单 ${order} 提交退货申请，快递员将在 1–2 个工作日内上门取件，请留意短信通知。`;
}

function* afterOrder(order: string): Script {
  const text = refundDone(order.trim());
  yield* streamText(NODES_ZH.llm, text, 6, 120);
  return success({ output: text }, NODES_ZH.end);
}

/** 退货助手: 开始 → 大模型 (streams the advice) → 问答 (asks the order number) → 结束. */
export function* refundHelper(env: ScriptEnv): Script {
  yield* streamText(NODES_ZH.llm, refundAdvice(env.params), 8, 120);
  yield delay(120);
  yield chunk(NODES_ZH.question, 0, true, REFUND_QUESTION);
  const interrupt: InterruptSpec = {
    type: 2,
    node: NODES_ZH.question,
    cloudData: REFUND_QUESTION,
    studioData: JSON.stringify({ messages: [{ type: 'question', content_type: 'text', content: REFUND_QUESTION, id: `${NODES_ZH.question.id}_1` }] }),
    resume: afterOrder,
  };
  return { kind: 'interrupt', interrupt };
}

/** 客服对话流's replies: it asks for the order number when told 退货, and confirms it on the next turn. */
export function supportReply(text: string, turn: number, pending: boolean): { reply: string; asking: boolean } {
  if (pending) return { reply: `${refundDone(text.trim())}（第 ${turn} 轮）`, asking: false };
  if (/退货|问我/.test(text)) return { reply: REFUND_QUESTION, asking: true };
  return { reply: `您说：${text}（第 ${turn} 轮）。需要退货的话，请告诉我“退货”。`, asking: false };
}
