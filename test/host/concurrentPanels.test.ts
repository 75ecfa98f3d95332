import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { dom, extensionApi, heldAtLeast, servers, useLocalEnvironments, waitFor } from './support/host';

const HELLO = '7500000000000000101';
const FIREHOSE = '7500000000000000109';
const PANELS = 20;

interface Planned {
  args: { workflowId: string; parameters: Record<string, unknown> };
  /** What only this run shows: its greeting, or its own number of chunks. */
  marker: RegExp;
  check: (view: { messageCount: number; nodes: { title: string; text: string }[]; output?: string }) => void;
}

describe('load: twenty runs streaming at once into twenty panels', function () {
  useLocalEnvironments();

  it('keeps every output separate and complete, in the host and on screen', async () => {
    const api = await extensionApi();
    const plan: Planned[] = Array.from({ length: PANELS }, (_, i) => {
      if (i % 2 === 0) {
        const name = `panel-${i}`;
        return {
          args: { workflowId: HELLO, parameters: { name } },
          marker: new RegExp(`Hello, ${name}!`),
          check: (v) => {
            const text = v.nodes.map((n) => n.text).join('');
            assert.match(text, new RegExp(`Hello, ${name}!`));
            assert.equal(text.match(/panel-\d+/g)?.length, 2, `only its own name (${text.match(/panel-\d+/g)?.join(', ')})`);
          },
        };
      }
      // firehose runs of different lengths (multi-byte text in every other one): each panel must hold exactly its own count
      const count = 1_000 + i * 97;
      const size = 120;
      return {
        args: { workflowId: FIREHOSE, parameters: { count, size, utf8: i % 4 === 1 } },
        marker: new RegExp(`firehose emitted ${count} messages`),
        check: (v) => {
          assert.equal(v.messageCount, count + 1, 'its chunks and the End message');
          const streamed = v.nodes.filter((n) => n.title === 'Output').reduce((n, x) => n + Buffer.byteLength(x.text), 0);
          assert.equal(streamed, count * size, 'every byte of its own stream');
          assert.match(v.output ?? '', new RegExp(`firehose emitted ${count} messages`));
        },
      };
    });
    // a barrier on the server: no stream is answered until all twenty have connected, then all are at once,
    // however busy the machine is
    const cloud = servers().cloud;
    await fetch(`${cloud}/_test/hold`, { method: 'PUT', body: JSON.stringify({ paths: ['/v1/workflow/stream_run'], until: PANELS }) });
    const t0 = Date.now();
    // one after another as fast as the command answers: it answers once the run has started (its request is
    // on its way), so the twenty are in flight together
    const runIds: string[] = [];
    for (const p of plan) runIds.push(await vscode.commands.executeCommand<string>('coze.runWorkflow', p.args));
    assert.equal(new Set(runIds).size, PANELS, 'twenty runs');
    const sessions = runIds.map((id) => api.runs.get(id)!);
    let overlapping: number;
    try {
      // the barrier was one-shot: it reports how many it released together
      overlapping = (await heldAtLeast(cloud, PANELS)).released;
      await waitFor('all twenty to end', () => (sessions.every((s) => !s.isActive) ? true : undefined), 100);
    } finally {
      await fetch(`${cloud}/_test/release`, { method: 'POST' });
    }
    assert.equal(overlapping, PANELS, 'all twenty were connected together, and answered together');
    sessions.forEach((s, i) => {
      assert.equal(s.view.status, 'succeeded', `run ${i}: ${s.view.error?.message ?? ''}`);
      plan[i]!.check(s.view);
    });
    const panels = runIds.map((id) => api.runs.panelFor(id));
    assert.equal(new Set(panels).size, PANELS, 'each run in a panel of its own');
    let onScreen = 0;
    if (dom.available()) {
      // every panel keeps its webview (retained when hidden): bring each to the front and read what it shows
      for (const [i, panel] of panels.entries()) {
        panel!.reveal();
        const text = await waitFor(`panel ${i} on screen`, async () => {
          const t = await dom.visibleWebviewText('#run-view', 1_000).catch(() => '');
          return plan[i]!.marker.test(t) && /Succeeded/.test(t) ? t : undefined;
        });
        const others = plan.filter((p, j) => j !== i && p.args.workflowId === HELLO && p.marker.test(text));
        assert.equal(others.length, 0, `panel ${i} shows only its own run`);
        onScreen++;
      }
    }
    console.log(
      `      ${PANELS} panels: ${overlapping} runs streaming at the same time, all complete and separate in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${onScreen} checked on screen; ${panels.reduce((n, p) => n + (p?.messagesPosted ?? 0), 0)} host→webview messages in all`,
    );
  });
});
