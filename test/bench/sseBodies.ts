/**
 * Pre-rendered cloud-dialect SSE bodies for the benchmarks (reference §4.2: `id`, `event`, `data` lines and a
 * blank line; Message events shaped as the cloud sends them). Rendered once, so the server side costs
 * nothing and the figures measure the clients.
 */
const NODE = { node_title: 'LLM', node_id: '135790', node_execute_uuid: '7500000000000000042_135790' };
const DONE_DATA = JSON.stringify({ debug_url: 'https://www.coze.cn/work_flow?execute_id=7500000000000000042&space_id=1&workflow_id=7500000000000000109' });

export function messageEvent(id: number, content: string): string {
  const data = JSON.stringify({ content, ...NODE, node_seq_id: String(id), node_is_finish: false });
  return `id: ${id}\nevent: Message\ndata: ${data}\n\n`;
}

export const doneEvent = (id: number): string => `id: ${id}\nevent: Done\ndata: ${DONE_DATA}\n\n`;

/** `count` Message events of about `eventBytes` each (mixed ASCII and multi-byte text), then Done. */
export function streamBody(count: number, eventBytes: number): Buffer {
  const overhead = Buffer.byteLength(messageEvent(100000, ''));
  const unit = 'stream 数据 ';
  const content = unit.repeat(Math.ceil(eventBytes / Buffer.byteLength(unit))).slice(0, Math.max(1, eventBytes - overhead - 8));
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(messageEvent(i, content));
  parts.push(doneEvent(count));
  return Buffer.from(parts.join(''), 'utf8');
}

/** One Message event whose content is `bytes` long, then Done. */
export function longEventBody(bytes: number): Buffer {
  return Buffer.from(messageEvent(0, 'x'.repeat(bytes)) + doneEvent(1), 'utf8');
}

export type Scenario = { kind: 'stream'; count: number; eventBytes: number } | { kind: 'long'; bytes: number };

export function bodyFor(s: Scenario): Buffer {
  return s.kind === 'stream' ? streamBody(s.count, s.eventBytes) : longEventBody(s.bytes);
}
