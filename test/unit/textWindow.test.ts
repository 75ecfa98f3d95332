import { strict as assert } from 'node:assert';
import { appendNodeText, applyUpdate, emptyRunState, type RunState } from '../../src/core/model/runState';
import type { RunUpdate } from '../../src/core/model/runUpdate';
import type { WorkflowEvent } from '../../src/core/model/events';
import { coalesceUpdates } from '../../src/core/run/coalesceUpdates';
import { TextWindow, VISIBLE_CHARS } from '../../src/core/run/textWindow';

const ev = (at: number, event: WorkflowEvent): RunUpdate => ({ u: 'event', at, event });
const message = (content: string, nodeTitle: string, nodeId: string | undefined, nodeIsFinish = false): WorkflowEvent => ({
  kind: 'message',
  content,
  nodeTitle,
  ...(nodeId ? { nodeId } : {}),
  nodeIsFinish,
});

/** A seeded random run: three nodes streaming pieces of 1–40 characters, a question and its resume, a read-back. */
function randomRun(seed: number): RunUpdate[] {
  let s = seed;
  const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const nodes = [
    { title: 'LLM', id: '2' },
    { title: 'Output', id: '3' },
    { title: '', id: undefined },
  ];
  const out: RunUpdate[] = [{ u: 'started', at: 0, mode: 'stream' }];
  for (let i = 0; i < 200 + Math.floor(r() * 300); i++) {
    const roll = r();
    const n = nodes[Math.floor(r() * nodes.length)]!;
    if (roll < 0.9) out.push(ev(i, message(`${i}:${'x'.repeat(Math.floor(r() * 40))}|`, n.title, n.id, r() < 0.02)));
    else if (roll < 0.92) out.push(ev(i, { kind: 'ping' }));
    else if (roll < 0.93) {
      out.push(ev(i, { kind: 'interrupt', interrupt: { eventId: `e${i}`, type: 2, data: '' }, nodeTitle: 'Question' }));
      out.push({ u: 'started', at: i, mode: 'stream', resume: true, answer: 'a' });
    } else if (roll < 0.94)
      out.push({ u: 'fetched', at: i, nodes: [{ key: `${countStarts(out)}:2`, text: `whole ${'y'.repeat(Math.floor(r() * 300))}` }], complete: false });
  }
  out.push(ev(999, message('{"output":"end"}', '', undefined, true)));
  out.push(ev(1000, { kind: 'done' }));
  return out;
}

const countStarts = (updates: RunUpdate[]) => updates.filter((u) => u.u === 'started').length;

/** The view without the texts that the window cuts (compared on their own). */
function shape(v: RunState): unknown {
  return { ...v, output: undefined, outputOmitted: undefined, nodes: v.nodes.map((n) => ({ ...n, text: undefined, omitted: undefined })) };
}

describe('the text window: what a run panel is sent', () => {
  it('gives the panel each node’s text up to what it asked for and the whole length, over 200 random runs with random flushes and "more"s', () => {
    let sentChars = 0;
    let allChars = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const updates = randomRun(seed);
      const host = emptyRunState();
      const panel = emptyRunState();
      const window = new TextWindow(50, 100);
      let s = seed * 7 + 1;
      const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
      let pending: RunUpdate[] = [];
      const flush = () => {
        for (const u of window.trim(coalesceUpdates(pending))) {
          if (u.u === 'event' && u.event.kind === 'message') sentChars += u.event.content.length;
          applyUpdate(panel, structuredClone(u));
        }
        pending = [];
      };
      for (const u of updates) {
        applyUpdate(host, structuredClone(u));
        if (u.u === 'event' && u.event.kind === 'message') allChars += u.event.content.length;
        pending.push(u);
        if (r() < 0.2) flush();
        // "more" on a node the panel has, while updates may wait for the next flush
        const asked = panel.nodes[Math.floor(r() * panel.nodes.length)];
        if (asked && r() < 0.05) {
          const whole = host.nodes.find((n) => n.key === asked.key)!;
          const more = window.more(asked.key, whole.text);
          if (more) appendNodeText(panel, asked.key, more.text, more.nodeLength);
        }
      }
      flush();
      assert.deepEqual(shape(panel), shape(host), `seed ${seed}: the view apart from its texts`);
      for (const [i, n] of host.nodes.entries()) {
        const p = panel.nodes[i]!;
        assert.equal(p.text, n.text.slice(0, p.text.length), `seed ${seed}, node ${n.key}: the beginning of the whole text`);
        assert.equal(p.text.length + (p.omitted ?? 0), n.text.length, `seed ${seed}, node ${n.key}: held + omitted = whole`);
        assert.ok(p.text.length >= Math.min(50, n.text.length), `seed ${seed}, node ${n.key}: at least the window`);
      }
      const output = panel.output ?? '';
      assert.equal(output, host.output?.slice(0, output.length), `seed ${seed}: the output's beginning`);
      assert.equal(output.length + (panel.outputOmitted ?? 0), host.output?.length, `seed ${seed}: the output's whole length`);
    }
    assert.ok(sentChars < allChars / 3, `${sentChars} of ${allChars} characters sent`);
  });

  it('sends a 100,000-chunk stream of 30 MB as 20,000 characters, and "more" adds 100,000 at a time', () => {
    const window = new TextWindow();
    const text = 'x'.repeat(300);
    const host = emptyRunState();
    const panel = emptyRunState();
    let sent = 0;
    const batch: RunUpdate[] = [{ u: 'started', at: 0, mode: 'stream' }];
    for (let i = 0; i < 100_000; i++) {
      batch.push(ev(i, message(text, 'LLM', '2', i === 99_999)));
      // a flush per 1,000 chunks, as frames would come
      if (batch.length >= 1000 || i === 99_999) {
        for (const u of batch) applyUpdate(host, u);
        for (const u of window.trim(coalesceUpdates(batch))) {
          sent += u.u === 'event' && u.event.kind === 'message' ? u.event.content.length : 0;
          applyUpdate(panel, u);
        }
        batch.length = 0;
      }
    }
    assert.equal(sent, VISIBLE_CHARS);
    assert.deepEqual([panel.nodes[0]?.text.length, panel.nodes[0]?.omitted, panel.nodes[0]?.chunks], [20_000, 29_980_000, 100_000]);
    const more = window.more(host.nodes[0]!.key, host.nodes[0]!.text)!;
    appendNodeText(panel, host.nodes[0]!.key, more.text, more.nodeLength);
    assert.deepEqual([panel.nodes[0]?.text.length, panel.nodes[0]?.omitted], [120_000, 29_880_000]);
  });

  it('cuts a long result to its beginning, with its whole length', () => {
    const window = new TextWindow(10);
    const [u] = window.trim([{ u: 'result', at: 1, data: 'abcdefghijklmnop' }]);
    const v = applyUpdate(emptyRunState(), u!);
    assert.deepEqual([v.output, v.outputOmitted], ['abcdefghij', 6]);
    const short = window.trim([{ u: 'result', at: 1, data: 'abc' }]);
    assert.deepEqual(applyUpdate(emptyRunState(), short[0]!).outputOmitted, undefined);
  });
});
