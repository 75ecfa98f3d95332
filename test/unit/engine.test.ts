// The one run engine (src/core/run/engine.ts) against the local server: stream, sync and async, a start and
// the answer to a question, on cloud and on Coze Studio. Every surface runs through it, so these twelve are
// the run paths of the panel, Resume, the Test Explorer, the CLI, the MCP server and the language model tool.
import assert from 'node:assert/strict';
import type { RunMode } from '../../src/core/model/workflow';
import { resumeEndpoint, runLeg, runWorkflow } from '../../src/core/run/engine';
import type { RunUpdate } from '../../src/core/model/runUpdate';
import { applyUpdate, emptyRunState } from '../../src/core/model/runState';
import { answerText } from '../server/interrupts';
import { WORKFLOWS, type Dialect } from '../server/index';
import { helloText } from '../server/workflows';
import { clientFor, useServers } from './support/servers';

const MODES: RunMode[] = ['stream', 'sync', 'async'];
const DIALECTS: Dialect[] = ['cloud', 'studio'];
/** Polls without waiting: the local server makes an async run's end visible at once (timeScale 0). */
const poll = { sleep: () => Promise.resolve() };
const runPaths = (paths: string[]) => paths.filter((p) => /\/(run|stream_run|stream_resume|resume|run_histories\/\d+|get_run_history)$/.test(p));

describe('the run engine', () => {
  const servers = useServers();

  for (const dialect of DIALECTS) {
    for (const mode of MODES) {
      it(`${dialect}, ${mode}: a start runs to its output`, async () => {
        const server = servers[dialect];
        const updates: RunUpdate[] = [];
        const view = await runWorkflow(clientFor(server), { workflowId: WORKFLOWS.helloStream, parameters: { name: 'Ada' } }, mode, {
          poll,
          onUpdate: (u) => updates.push(u),
        });
        assert.equal(view.status, 'succeeded', view.error?.message);
        assert.match(view.output ?? '', new RegExp(helloText({ name: 'Ada' }).slice(0, 20)));
        assert.equal(updates[0]?.u, 'started');
        if (mode === 'async') assert.ok(updates.some((u) => u.u === 'accepted') && updates.some((u) => u.u === 'polled'), 'accepted, then polled');
        const sent = runPaths(server.requests.map((r) => r.path));
        assert.equal(sent[0], mode === 'stream' ? '/v1/workflow/stream_run' : '/v1/workflow/run');
      });

      const what =
        dialect === 'studio' && mode === 'sync'
          ? 'a question is refused by the server (a sync run cannot stop), so there is nothing to answer'
          : dialect === 'studio' && mode === 'async'
            ? 'a question waits unseen (the history says Running): polling ends at its deadline as a timeout'
            : `a question is answered through ${resumeEndpoint(dialect, mode)} and the run ends with the answer`;
      it(`${dialect}, ${mode}: ${what}`, async () => {
        const server = servers[dialect];
        const asked: string[] = [];
        let now = 0;
        const view = await runWorkflow(clientFor(server), { workflowId: WORKFLOWS.askQuestion, parameters: {} }, mode, {
          poll: { now: () => now, sleep: (ms: number) => Promise.resolve(void (now += ms)), deadlineMs: 10 * 60_000 },
          answer: (q) => (asked.push(q.question), 'green'),
        });
        const sent = runPaths(server.requests.map((r) => r.path));
        if (dialect === 'studio' && mode === 'async') {
          // Coze Studio's run history shows a run that waits at a question as Running, with no question in
          // it: polling cannot see it, and ends at its deadline (a fake clock here) as a timeout
          assert.equal(view.status, 'failed');
          assert.equal(view.error?.kind, 'timeout');
          assert.deepEqual(asked, []);
          assert.ok(!sent.includes('/v1/workflow/stream_resume'));
          return;
        }
        if (dialect === 'studio' && mode === 'sync') {
          // Coze Studio cannot stop a sync run at a question: it refuses it, and there is nothing to answer
          assert.equal(view.status, 'failed');
          assert.equal(view.error?.kind, 'interruptOnSync');
          assert.deepEqual(asked, []);
          return;
        }
        assert.equal(view.status, 'succeeded', view.error?.message);
        assert.equal(asked.length, 1);
        assert.ok(asked[0]?.length, 'the question is read');
        assert.match(view.output ?? '', new RegExp(answerText('green')));
        const endpoint = resumeEndpoint(dialect, mode) === 'resume' ? '/v1/workflows/resume' : '/v1/workflow/stream_resume';
        assert.ok(sent.includes(endpoint), `resumed through ${endpoint}: ${sent.join(', ')}`);
        assert.equal(sent.filter((p) => p === '/v1/workflows/resume' || p === '/v1/workflow/stream_resume').length, 1, 'one resume');
        if (mode === 'async')
          assert.ok(
            sent.slice(sent.indexOf(endpoint) + 1).some((p) => /run_histories/.test(p)) || dialect === 'studio',
            'the resumed async run is polled to its end',
          );
      });
    }
  }

  it('chooses the resume endpoint from the dialect: cloud answers a sync or async run without a stream; Studio has only stream_resume', () => {
    assert.deepEqual(
      DIALECTS.flatMap((d) => MODES.map((m) => `${d}/${m}:${resumeEndpoint(d, m)}`)),
      [
        'cloud/stream:stream_resume',
        'cloud/sync:resume',
        'cloud/async:resume',
        'studio/stream:stream_resume',
        'studio/sync:stream_resume',
        'studio/async:stream_resume',
      ],
    );
  });

  it('reports a retry while polling, as it does for the start', async () => {
    const server = servers.cloud;
    const updates: RunUpdate[] = [];
    const view = await runWorkflow(clientFor(server, { maxRetries: 2 }), { workflowId: WORKFLOWS.helloStream, parameters: { name: 'Ada' } }, 'async', {
      poll,
      onUpdate: (u) => {
        updates.push(u);
        // the next poll of this run is refused once with 429 and Retry-After: 0
        if (u.u === 'accepted')
          server.setFault({ kind: 'http-429', retryAfter: 0, times: 1, paths: [`/v1/workflows/${WORKFLOWS.helloStream}/run_histories/${u.executeId}`] });
      },
    });
    assert.equal(view.status, 'succeeded', view.error?.message);
    const retrying = updates.filter((u) => u.u === 'retrying');
    assert.equal(retrying.length, 1, 'the refused poll is shown as a retry');
    assert.ok(updates.indexOf(retrying[0]!) > updates.findIndex((u) => u.u === 'accepted'));
  });

  it('a cancel ends the leg as cancelled, never a rejection', async () => {
    const server = servers.cloud;
    const abort = new AbortController();
    const view = emptyRunState();
    await runLeg(
      clientFor(server),
      { workflowId: WORKFLOWS.slowJob, parameters: {} },
      'async',
      undefined,
      (u) => {
        applyUpdate(view, u);
        if (u.u === 'accepted') abort.abort();
      },
      { signal: abort.signal, poll },
    );
    assert.equal(view.status, 'cancelled');
  });
});
