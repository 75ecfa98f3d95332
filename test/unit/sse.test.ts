import assert from 'node:assert/strict';
import { createParser } from 'eventsource-parser';
import { readSse, readSseBatches } from '../../src/core/sse/readSse';
import { startCozeServer, TOKENS, WORKFLOWS } from '../server/index';
import { toWorkflowEvent } from '../../src/core/sse/workflowEvents';
import { asAsync, collect, randomChunks } from './support/chunks';

const enc = new TextEncoder();
/** The fields an event has a value for (a Message keeps one shape: absent fields are undefined). */
const defined = (e: object | undefined) => Object.fromEntries(Object.entries(e ?? {}).filter(([, v]) => v !== undefined));
const bytes = (s: string) => enc.encode(s);
const parse = (s: string | Uint8Array, chunks?: (b: Uint8Array) => Iterable<Uint8Array>) => {
  const b = typeof s === 'string' ? bytes(s) : s;
  return collect(readSse(asAsync(chunks ? chunks(b) : [b])));
};

// The shape of cozepy's workflow_run_stream_resp.txt (reference §13.1): spaces after colons, no final newline.
const COZEPY_SHAPE = [
  ...[0, 1, 2, 3, 4].map(
    (i) => `id: ${i}\nevent: Message\ndata: {"content":"msg${i}","node_title":"Message","node_seq_id":"${i}","node_is_finish":${i === 4}}\n`,
  ),
  'id: 5\nevent: Message\ndata: {"content":"{\\"output\\":\\"msg\\"}","node_title":"","node_seq_id":"0","node_is_finish":true,"cost":"0.00","token":0}\n',
  'id: 0\nevent: Error\ndata: {"error_code":4000,"error_message":"Request parameter error"}\n',
  'id: 0\nevent: Message\ndata: {"content":"请问你想查询哪个城市？","content_type":"text","node_is_finish":true,"node_seq_id":"0","node_title":"问答"}\n',
  'id: 1\nevent: Interrupt\ndata: {"interrupt_data":{"data":"","event_id":"7404830425073352713/2769808280134765896","type":2},"node_title":"问答"}\n',
  'id: 6\nevent: Done\ndata: {}',
].join('\n');

// coze-go's inline fixture (reference §13.5): no space after colons, PING and an unknown event.
const COZE_GO_SHAPE =
  'id:0\nevent:Message\ndata:{"content":"Hello","node_title":"Start","node_seq_id":"0","node_is_finish":false}\n\n' +
  'id:1\nevent:Message\ndata:{"content":"World","node_title":"End","node_seq_id":"1","node_is_finish":true}\n\n' +
  'id:2\nevent:PING\ndata:{}\n\nid:3\nevent:invalid\ndata:{}\n\nid:4\nevent:Done\ndata:{"debug_url":"https://www.coze.cn/work_flow?***"}\n\n';

// studio (reference §4.6, §4.4): Message with node_type, Interrupt without node_title, lower-case plain-text error.
const STUDIO_SHAPE =
  'id: 0\nevent: Message\ndata: {"content":"Hi","content_type":"text","node_seq_id":"0","node_id":"135790","node_is_finish":true,"node_type":"Message","node_title":"Output"}\n\n' +
  'id: 1\nevent: Interrupt\ndata: {"debug_url":"http://localhost:8888/work_flow?execute_id=7600000000000000001","interrupt_data":{"event_id":"7600000000000000001/7600000000000000077","type":2,"data":"{\\"messages\\":[]}"}}\n\n' +
  'event: error\ndata: internal server error\n\n';

/** Streams recorded from the local server, both dialects: text, a question, an error, multi-byte text. */
async function recordedStreams(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const dialect of ['cloud', 'studio'] as const) {
    const server = await startCozeServer({ dialect, timeScale: 0 });
    try {
      const runs: [string, string, Record<string, unknown>][] = [
        ['hello', WORKFLOWS.helloStream, { name: '世界 🌍' }],
        ['question', WORKFLOWS.askQuestion, {}],
        ['error', WORKFLOWS.failMidway, {}],
        ['utf8', WORKFLOWS.firehose, { count: 12, size: 40, utf8: true }],
      ];
      for (const [label, workflowId, parameters] of runs) {
        const res = await fetch(`${server.url}/v1/workflow/stream_run`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKENS.valid}`, 'content-type': 'application/json' },
          body: JSON.stringify({ workflow_id: workflowId, parameters }),
        });
        out[`${dialect}:${label}`] = await res.text();
      }
    } finally {
      await server.close();
    }
  }
  return out;
}

describe('SSE reader (eventsource-parser)', () => {
  it('reads the cozepy fixture shape, including the last event without a blank line', async () => {
    const events = await parse(COZEPY_SHAPE);
    assert.equal(events.length, 10);
    assert.deepEqual(
      events.map((e) => e.event),
      ['Message', 'Message', 'Message', 'Message', 'Message', 'Message', 'Error', 'Message', 'Interrupt', 'Done'],
    );
    assert.equal(events[9]?.data, '{}');
    assert.equal(events[8]?.id, '1');
  });

  it('reads the no-space form and keeps unknown event names', async () => {
    const events = (await parse(COZE_GO_SHAPE)).map(toWorkflowEvent);
    assert.deepEqual(
      events.map((e) => e.kind),
      ['message', 'message', 'ping', 'unknown', 'done'],
    );
    assert.equal(events[4]?.kind === 'done' && events[4].debugUrl, 'https://www.coze.cn/work_flow?***');
  });

  it('gives the same events for every stream under 1,000+ re-chunkings, LF/CRLF/CR, with and without the space', async function () {
    this.timeout(120_000);
    const streams: Record<string, string> = { COZEPY_SHAPE, COZE_GO_SHAPE, STUDIO_SHAPE, ...(await recordedStreams()) };
    const perStream: Record<string, number> = {};
    for (const [name, text] of Object.entries(streams)) {
      const expected = await parse(text);
      assert.ok(expected.length > 0, name);
      let checked = 0;
      for (const eol of ['\n', '\r\n', '\r']) {
        for (const space of [true, false]) {
          const source = space ? text : text.replace(/^(id|event|data): /gm, '$1:');
          const variant = bytes(source.replace(/\r?\n/g, eol));
          for (let seed = 1; seed <= 170; seed++) {
            // one byte per chunk every fifth time, so every multi-byte character is split somewhere
            const chunks = (b: Uint8Array) => randomChunks(b, seed * 7919 + eol.length * 31 + Number(space), seed % 5 === 0 ? 1 : 1 + (seed % 97));
            const got = seed % 2 ? await parse(variant, chunks) : (await collect(readSseBatches(asAsync(chunks(variant))))).flat();
            assert.deepEqual(got, expected, `${name} eol=${JSON.stringify(eol)} space=${space} seed=${seed}`);
            checked++;
          }
        }
      }
      perStream[name] = checked;
    }
    const total = Object.values(perStream).reduce((a, b) => a + b, 0);
    console.log(
      `      parser properties: ${Object.keys(perStream).length} streams × ${Object.values(perStream)[0]} re-chunkings = ${total}, every one the same events`,
    );
    for (const [name, n] of Object.entries(perStream)) assert.ok(n >= 1000, `${name}: ${n}`);
  });

  it('reads a network chunk larger than its 32 KB slices with multi-byte characters across every slice edge', async () => {
    // one 200 KB chunk of 3-byte characters: the 32 KB slice edges (32768 is not a multiple of 3) cut
    // characters in two, which the streaming decoder must join
    const content = '数据'.repeat(34_000);
    const body = `id: 0\nevent: Message\ndata: ${JSON.stringify({ content })}\n\nid: 1\nevent: Done\ndata: {}\n\n`;
    const events = await parse(body);
    assert.equal(bytes(body).byteLength > 6 * 32 * 1024, true);
    assert.deepEqual(
      events.map((e) => e.event),
      ['Message', 'Done'],
    );
    assert.equal((JSON.parse(events[0]!.data) as { content: string }).content, content);
  });

  it('cuts large chunks at line ends without changing a single event (against the bare parser fed the whole text)', async () => {
    // a long stream of events from 10 bytes to 80 KB (lines longer than a 32 KB piece included), multi-byte
    // text everywhere, in network chunks of 40-160 KB: the reader cuts each chunk after a line feed where
    // it can, and must give exactly what eventsource-parser gives for the whole text at once
    const sizes = [10, 250, 2_000, 31_000, 33_000, 80_000, 7, 16_384, 32_767];
    const events = Array.from({ length: 120 }, (_, i) => {
      const content = 'stream 数据 🌍 '.repeat(Math.ceil(sizes[i % sizes.length]! / 20)).slice(0, sizes[i % sizes.length]);
      return `id: ${i}\nevent: Message\ndata: ${JSON.stringify({ content })}\n\n`;
    }).join('');
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = events.replace(/\n/g, eol);
      const expected: unknown[] = [];
      const oracle = createParser({ onEvent: (e) => expected.push(e) });
      oracle.feed(text);
      oracle.feed('\n\n');
      const body = bytes(text);
      for (let seed = 1; seed <= 6; seed++) {
        const chunks = (b: Uint8Array) => randomChunks(b, seed * 104_729 + eol.length, 40_000 + seed * 20_000);
        const got = (await collect(readSseBatches(asAsync(chunks(body))))).flat();
        assert.equal(got.length, 120, `eol=${JSON.stringify(eol)} seed=${seed}`);
        assert.deepEqual(got, expected, `eol=${JSON.stringify(eol)} seed=${seed}`);
      }
    }
  });

  it('joins multi-line data and ignores comments and retry lines', async () => {
    const events = await parse(': comment\nretry: 1000\nevent: Message\ndata: {"a":\ndata: 1}\n\n');
    assert.deepEqual(events, [{ id: undefined, event: 'Message', data: '{"a":\n1}' }]);
  });
});

describe('workflow events', () => {
  it('maps studio events: node_type, Interrupt without node_title, plain-text lower-case error', async () => {
    const [msg, interrupt, err] = (await parse(STUDIO_SHAPE)).map(toWorkflowEvent);
    assert.deepEqual(defined(msg), {
      kind: 'message',
      id: '0',
      content: 'Hi',
      nodeIsFinish: true,
      nodeId: '135790',
      nodeTitle: 'Output',
      nodeType: 'Message',
      nodeSeqId: 0,
    });
    assert.equal(interrupt?.kind, 'interrupt');
    if (interrupt?.kind === 'interrupt') {
      assert.equal(interrupt.interrupt.eventId, '7600000000000000001/7600000000000000077');
      assert.equal(interrupt.nodeTitle, undefined);
      assert.match(interrupt.debugUrl ?? '', /execute_id=7600000000000000001/);
    }
    assert.deepEqual(err, { kind: 'error', message: 'internal server error', transport: true });
  });

  it('compares event names case-insensitively and tolerates empty data', () => {
    assert.equal(toWorkflowEvent({ id: '1', event: 'message', data: '{"content":"x","node_is_finish":false}' }).kind, 'message');
    assert.equal(toWorkflowEvent({ id: '2', event: 'DONE', data: '' }).kind, 'done');
    assert.equal(toWorkflowEvent({ id: '3', event: 'PING', data: '' }).kind, 'ping');
    const err = toWorkflowEvent({ id: '4', event: 'Error', data: '{"error_code":720701013,"error_message":"boom","debug_url":"http://x/y"}' });
    assert.deepEqual(err, { kind: 'error', id: '4', message: 'boom', code: 720701013, debugUrl: 'http://x/y', transport: false });
  });

  it('keeps a Message node_id exact when it comes as an int64 number, and other events whole', () => {
    const msg = toWorkflowEvent({ event: 'Message', data: '{"content":"x","node_id":7600000000000000009,"node_seq_id":"0","node_is_finish":true}' });
    assert.equal(msg.kind === 'message' && msg.nodeId, '7600000000000000009');
    const safe = toWorkflowEvent({ event: 'Message', data: '{"content":"1234567890123456789 in text","node_id":135790,"node_is_finish":false}' });
    assert.deepEqual(defined(safe), { kind: 'message', content: '1234567890123456789 in text', nodeId: '135790', nodeIsFinish: false });
    const interrupt = toWorkflowEvent({ event: 'Interrupt', data: '{"interrupt_data":{"event_id":7600000000000000009,"type":2,"data":"?"},"node_title":"Q"}' });
    assert.equal(interrupt.kind === 'interrupt' && interrupt.interrupt.eventId, '7600000000000000009');
  });

  it('keeps the Interrupt payload the SDKs drop: data and required_parameters', () => {
    const e = toWorkflowEvent({
      id: '1',
      event: 'Interrupt',
      data: '{"interrupt_data":{"event_id":"1/2","type":5,"data":"Where?","required_parameters":{"city":{"type":"string","required":true}}},"node_title":"Input"}',
    });
    assert.deepEqual(e, {
      kind: 'interrupt',
      id: '1',
      nodeTitle: 'Input',
      interrupt: { eventId: '1/2', type: 5, data: 'Where?', requiredParameters: { city: { type: 'string', required: true } } },
    });
  });

  it('reads usage from cloud messages and the token total from studio', () => {
    const cloud = toWorkflowEvent({
      id: '0',
      event: 'Message',
      data: '{"content":"a","node_is_finish":true,"usage":{"input_count":1,"output_count":2,"token_count":3}}',
    });
    assert.deepEqual(cloud.kind === 'message' && cloud.usage, { inputCount: 1, outputCount: 2, tokenCount: 3 });
    const studio = toWorkflowEvent({ id: '0', event: 'Message', data: '{"content":"a","node_is_finish":true,"token":42}' });
    assert.deepEqual(studio.kind === 'message' && studio.usage, { tokenCount: 42 });
  });
});
