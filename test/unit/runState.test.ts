import assert from 'node:assert/strict';
import { applyUpdate, emptyRunState, prettyOutput, streamedInOneChunk } from '../../src/core/model/runState';
import { endsStream, type RunUpdate } from '../../src/core/model/runUpdate';
import { coalesceUpdates } from '../../src/core/run/coalesceUpdates';
import type { WorkflowEvent } from '../../src/core/model/events';

const ev = (at: number, event: WorkflowEvent): RunUpdate => ({ u: 'event', at, event });
const msg = (
  content: string,
  nodeTitle: string,
  nodeId: string | undefined,
  finish: boolean,
  extra: Partial<Extract<WorkflowEvent, { kind: 'message' }>> = {},
): WorkflowEvent => ({
  kind: 'message',
  content,
  nodeTitle,
  ...(nodeId ? { nodeId } : {}),
  nodeIsFinish: finish,
  ...extra,
});

describe('run state machine', () => {
  it('groups chunks by node in order, with state and time, and takes the End output', () => {
    const v = emptyRunState();
    [
      { u: 'started', at: 0, mode: 'stream' } as RunUpdate,
      ev(100, msg('Hel', 'Output', '1', false)),
      ev(150, msg('Thinking', 'LLM', '2', false)),
      ev(200, msg('lo', 'Output', '1', true)),
      ev(250, msg('…done', 'LLM', '2', true, { usage: { tokenCount: 5 } })),
      ev(300, msg('{"output":"Hello"}', '', undefined, true, { usage: { tokenCount: 7 } })),
      ev(310, { kind: 'done', debugUrl: 'https://d' }),
    ].forEach((u) => applyUpdate(v, u));
    assert.deepEqual(
      v.nodes.map((n) => [n.title, n.text, n.chunks, n.state, n.lastAt - n.firstAt]),
      [
        ['Output', 'Hello', 2, 'finished', 100],
        ['LLM', 'Thinking…done', 2, 'finished', 100],
        ['End', '{"output":"Hello"}', 1, 'finished', 0],
      ],
    );
    assert.equal(v.status, 'succeeded');
    assert.equal(v.output, '{"output":"Hello"}');
    assert.equal(v.firstEventAt, 100);
    assert.equal(v.usage?.tokenCount, 12);
    assert.equal(v.debugUrl, 'https://d');
    assert.equal(streamedInOneChunk(v), false);
  });

  it('marks running nodes failed on an Error event and keeps the partial text', () => {
    const v = emptyRunState();
    applyUpdate(v, { u: 'started', at: 0, mode: 'stream' });
    applyUpdate(v, { u: 'logid', at: 1, logid: 'L1' });
    applyUpdate(v, ev(10, msg('partial', 'LLM', '2', false)));
    applyUpdate(v, ev(20, { kind: 'error', code: 720701013, message: 'boom', transport: false }));
    assert.equal(v.status, 'failed');
    assert.equal(v.nodes[0]?.state, 'failed');
    assert.equal(v.nodes[0]?.text, 'partial');
    assert.deepEqual([v.error?.code, v.error?.logid], [720701013, 'L1']);
  });

  it('pauses at an interrupt and continues the same run on resume, counting answers', () => {
    const v = emptyRunState();
    applyUpdate(v, { u: 'started', at: 0, mode: 'stream' });
    applyUpdate(v, ev(10, msg('Which?', 'Question', '3', true)));
    applyUpdate(v, ev(11, { kind: 'interrupt', interrupt: { eventId: '9/1', type: 2, data: 'Which?' }, nodeTitle: 'Question' }));
    assert.equal(v.status, 'interrupted');
    applyUpdate(v, { u: 'started', at: 20, mode: 'stream', resume: true });
    assert.equal(v.status, 'running');
    assert.equal(v.interrupt, undefined);
    assert.equal(v.resumes['9/1'], 1);
    applyUpdate(v, ev(30, msg('You chose red', 'Answer', '4', true)));
    applyUpdate(v, ev(40, { kind: 'done' }));
    assert.equal(v.status, 'succeeded');
    assert.equal(v.segments, 2);
    assert.deepEqual(
      v.nodes.map((n) => n.title),
      ['Question', 'Answer'],
    );
  });

  it('records a cancel and a transport failure', () => {
    const v = emptyRunState();
    applyUpdate(v, { u: 'started', at: 0, mode: 'stream' });
    applyUpdate(v, ev(1, msg('a', 'Output', '1', false)));
    applyUpdate(v, { u: 'cancelled', at: 2 });
    assert.equal(v.status, 'cancelled');
    assert.equal(v.nodes[0]?.state, 'failed');
    const w = emptyRunState();
    applyUpdate(w, { u: 'started', at: 0, mode: 'sync' });
    applyUpdate(w, { u: 'failed', at: 5, error: { kind: 'network', message: 'dropped', hint: 'h' } });
    assert.equal(w.status, 'failed');
  });

  it('says when a streamed run produced its output in one chunk', () => {
    const v = emptyRunState();
    applyUpdate(v, { u: 'started', at: 0, mode: 'stream' });
    applyUpdate(v, ev(1, msg('{"output":"all at once"}', 'End', '9', true, { nodeType: 'End' })));
    applyUpdate(v, ev(2, { kind: 'done' }));
    assert.equal(streamedInOneChunk(v), true);
  });

  it('unwraps JSON held inside string fields for display', () => {
    const pretty = prettyOutput(JSON.stringify({ output: JSON.stringify({ data: '{"a":1}' }), n: 2 }));
    assert.deepEqual(JSON.parse(pretty), { output: { data: { a: 1 } }, n: 2 });
    assert.equal(prettyOutput('plain text'), 'plain text');
  });
});

import { findLinks } from '../../src/core/model/outputLinks';

describe('links in output', () => {
  it('finds distinct http(s) links and ignores other schemes', () => {
    const text = '{"img":"https:\\/\\/cdn.example.com\\/a.png","page":"see https://example.com/x). and https://example.com/x","js":"javascript:alert(1)"}';
    assert.deepEqual(findLinks(text), [{ url: 'https://cdn.example.com/a.png' }, { url: 'https://example.com/x' }]);
  });
});

describe('coalesced updates for the panel', () => {
  /** A small deterministic generator (mulberry32), so a failure names the seed that reproduces it. */
  const rng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  function randomRun(seed: number): RunUpdate[] {
    const r = rng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const nodes = [
      { nodeTitle: 'LLM', nodeId: '2', nodeExecuteUuid: 'u2' },
      { nodeTitle: 'Output', nodeId: '3' },
      { nodeTitle: 'Question', nodeId: '4', nodeType: 'Question' },
      { nodeTitle: '', nodeType: 'End' },
    ];
    const out: RunUpdate[] = [{ u: 'started', at: 0, mode: 'stream' }];
    let at = 1;
    for (let i = 0; i < 60 + Math.floor(r() * 140); i++) {
      at += Math.floor(r() * 5);
      const roll = r();
      if (roll < 0.8) {
        const n = r() < 0.85 && out.at(-1)?.u === 'event' ? (out.at(-1) as { event: { nodeTitle?: string } }).event : pick(nodes);
        const node = nodes.find((x) => x.nodeTitle === (n as { nodeTitle?: string }).nodeTitle) ?? pick(nodes);
        out.push(
          ev(at, {
            kind: 'message',
            content: `c${i}·`,
            ...node,
            nodeIsFinish: r() < 0.1,
            ...(r() < 0.05 ? { usage: { tokenCount: 3, inputCount: 1, outputCount: 2 } } : {}),
          }),
        );
      } else if (roll < 0.85) out.push(ev(at, { kind: 'ping' }));
      else if (roll < 0.88) out.push(ev(at, { kind: 'unknown', event: 'Message', data: '{"content":"broken' }));
      else if (roll < 0.9) out.push({ u: 'retrying', at, attempt: 2, maxAttempts: 3, delayMs: 10, reason: 'x' });
      else if (roll < 0.92) {
        out.push(ev(at, { kind: 'interrupt', interrupt: { eventId: `e${i}`, type: 2, data: '' }, nodeTitle: 'Question' }));
        out.push({ u: 'started', at: at + 1, mode: 'stream', resume: true, answer: 'a' });
      }
    }
    out.push(ev(at + 1, { kind: 'done' }));
    return out;
  }

  const fold = (updates: readonly RunUpdate[]) => updates.reduce((v, u) => applyUpdate(v, u), emptyRunState());

  it('folds to the same view as the updates themselves, over 300 random runs, and leaves the originals as they were', () => {
    let before = 0;
    let after = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const updates = randomRun(seed);
      const copy = structuredClone(updates);
      const merged = coalesceUpdates(updates);
      assert.deepEqual(fold(merged), fold(updates), `seed ${seed}`);
      assert.deepEqual(updates, copy, `seed ${seed}: the originals changed`);
      // coalescing what was coalesced already (a panel's init, then its batches) changes nothing either
      assert.deepEqual(fold(coalesceUpdates([...merged.slice(0, 5), ...coalesceUpdates(merged.slice(5))])), fold(updates), `seed ${seed}, twice`);
      before += updates.length;
      after += merged.length;
    }
    assert.ok(after < before * 0.6, `${after} of ${before}: runs of one node's chunks are folded`);
  });

  it('sends a 10,000-chunk stream as two updates, with the chunk count and times of the originals', () => {
    const updates: RunUpdate[] = Array.from({ length: 10_000 }, (_, i) => ev(100 + i, msg(`${i % 10}`, 'Output', '3', i === 9_999)));
    const merged = coalesceUpdates([{ u: 'started', at: 0, mode: 'stream' }, ...updates]);
    assert.equal(merged.length, 2);
    const v = fold(merged);
    assert.deepEqual(
      [v.nodes[0]?.chunks, v.nodes[0]?.text.length, v.nodes[0]?.firstAt, v.nodes[0]?.lastAt, v.nodes[0]?.state, v.messageCount, v.firstEventAt],
      [10_000, 10_000, 100, 10_099, 'finished', 10_000, 100],
    );
  });
});

describe('the end of a stream', () => {
  it('is a result, a failure, a cancel, or a Done, Error or Interrupt event; nothing else', () => {
    const ends: RunUpdate[] = [
      { u: 'result', at: 1 },
      { u: 'failed', at: 1, error: { kind: 'network', message: 'x', hint: '' } },
      { u: 'cancelled', at: 1 },
      ev(1, { kind: 'done' }),
      ev(1, { kind: 'error', message: 'x', transport: false }),
      ev(1, { kind: 'interrupt', interrupt: { eventId: 'e', type: 2, data: '' } }),
    ];
    const goesOn: RunUpdate[] = [
      { u: 'started', at: 1, mode: 'stream' },
      ev(1, msg('a', 'LLM', '2', true)),
      ev(1, { kind: 'ping' }),
      { u: 'logid', at: 1, logid: 'L' },
      { u: 'retrying', at: 1, attempt: 2, maxAttempts: 3, delayMs: 1, reason: 'r' },
    ];
    assert.deepEqual(
      ends.map(endsStream),
      ends.map(() => true),
    );
    assert.deepEqual(
      goesOn.map(endsStream),
      goesOn.map(() => false),
    );
  });
});
