// Every fault the local server can inject, through the one run engine in plain Node: the status, the error's
// kind and words, the logid, what arrived before the fault, how many run requests were sent and retried, and
// that the next run succeeds. The host suite walks a few of these rows through the panel (test/host/faultMatrix).
import assert from 'node:assert/strict';
import { runWorkflow } from '../../src/core/run/engine';
import type { RunUpdate } from '../../src/core/model/runUpdate';
import { TOKENS } from '../server/index';
import { FAULT_ROWS, FULL, HELLO, NAME, NOWHERE, RUN_PATH, TWO_EVENTS, nodeText } from '../shared/faultMatrix';
import { clientFor, useServers } from './support/servers';
import { CozeClient } from '../../src/core/client/cozeClient';

describe('fault matrix: every fault the local server can inject, through the run engine', () => {
  const servers = useServers();
  const twoEvents: Record<string, string> = {};
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  /** The host's retry policy (two retries), without waiting out a Retry-After: the fault says when, the test need not. */
  const retrying = { maxRetries: 2, sleep: () => Promise.resolve() };

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    for (const dialect of ['cloud', 'studio'] as const) {
      const messages: string[] = [];
      const view = await runWorkflow(clientFor(servers[dialect]), { workflowId: HELLO, parameters: { name: NAME } }, 'stream', {
        onUpdate: (u) => void (u.u === 'event' && u.event.kind === 'message' && messages.push(u.event.content)),
      });
      assert.equal(nodeText(view.nodes), FULL);
      twoEvents[dialect] = messages.slice(0, 2).join('');
    }
  });
  after(() => process.off('unhandledRejection', onUnhandled));

  for (const row of FAULT_ROWS) {
    it(`${row.dialect}: ${row.fault}`, async () => {
      const server = servers[row.dialect];
      const kept = row.kept === TWO_EVENTS ? twoEvents[row.dialect]! : row.kept;
      const timeouts = row.idleSeconds ? { idleMs: row.idleSeconds * 1000 } : {};
      const client =
        row.inject === 'refused'
          ? new CozeClient({ baseUrl: NOWHERE, token: TOKENS.valid, dialect: 'cloud', ...retrying })
          : clientFor(server, { ...retrying, timeouts });
      if (row.inject !== 'refused') server.setFault(row.inject);
      const updates: RunUpdate[] = [];
      const view = await runWorkflow(client, { workflowId: HELLO, parameters: { name: NAME } }, 'stream', { onUpdate: (u) => updates.push(u) });

      assert.equal(view.status, row.status, `status (${view.error?.message ?? ''})`);
      assert.equal(view.error?.kind, row.kind);
      const notice = [
        ...updates.flatMap((u) => (u.u === 'retrying' ? [`${u.reason} attempt ${u.attempt} of ${u.maxAttempts}`] : [])),
        view.unreadable > 0 ? `${view.unreadable} event(s) could not be read` : '',
      ]
        .filter(Boolean)
        .join('; ');
      assert.match(view.error?.message ?? notice, row.says);
      if (view.error) assert.ok(view.error.hint.length > 20, 'a hint says what to do');
      assert.equal(Boolean(view.error ? view.error.logid : view.logid), row.logid, 'the logid, when the server sent one');
      assert.ok(nodeText(view.nodes).startsWith(kept), `keeps what arrived: ${JSON.stringify(nodeText(view.nodes).slice(0, 80))}`);
      if (row.kept === FULL) assert.equal(nodeText(view.nodes), FULL);
      if (row.inject !== 'refused' && row.inject.kind === 'big-event') assert.ok(nodeText(view.nodes).length > 5 * 1024 * 1024, 'the 5 MB event arrived whole');
      if (row.status === 'succeeded') assert.equal(view.retry, undefined, 'the retry notice goes once the run answers');

      // retries only where the run cannot have started
      assert.equal(server.requests.filter((r) => r.path === RUN_PATH).length, row.sends, 'run requests the server saw');
      assert.equal(updates.filter((u) => u.u === 'retrying').length, row.retries, 'retries, each one an update');

      // the next run succeeds
      server.setFault(null);
      const next = await runWorkflow(clientFor(server), { workflowId: HELLO, parameters: { name: NAME } }, 'stream');
      assert.equal(next.status, 'succeeded');
      assert.equal(nodeText(next.nodes), FULL);
      await client.close();
    });
  }

  it('no run left an unhandled rejection behind', () => {
    assert.deepEqual(unhandled.map(String), []);
  });
});
