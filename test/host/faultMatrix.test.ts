// The panel's side of a fault: a few rows of the engine's fault matrix (test/shared/faultMatrix.ts, walked in
// full by test/unit/faultMatrix.test.ts) through the real host, to see what arrived and the error on screen and
// in history, the retry and unreadable-event notices come and go, the idle-timeout setting honoured, an
// environment nobody listens on, and the next run in the same window succeed.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyUpdate, emptyRunState } from '../../src/core/model/runState';
import { FAULT_ROWS, FULL, HELLO, NAME, NOWHERE, RUN_PATH, TWO_EVENTS, nodeText, setFault } from '../shared/faultMatrix';
import { dom, extensionApi, nextEvent, recordedRequests, servers, setToken, useLocalEnvironments, waitFor } from './support/host';

const twoEvents: Record<string, string> = {};
/** The rows the panel adds something to: kept output beside an error, a notice, a setting, an environment. */
const PANEL_ROWS: [string, string][] = [
  ['cloud', 'dropped mid-stream'],
  ['studio', "studio's lowercase error, plain text"],
  ['cloud', '429, Retry-After 1, once'],
  ['studio', 'malformed JSON in one event'],
  ['studio', 'silence beyond the idle timeout'],
  ['cloud', 'connection refused'],
];
const rows = PANEL_ROWS.map(([dialect, fault]) => FAULT_ROWS.find((r) => r.dialect === dialect && r.fault === fault)!);

const DOWN = { id: 'local-down', name: 'Nothing listens here', baseUrl: NOWHERE, dialect: 'cloud', allowInsecureHttp: true };

async function runRequests(base: string): Promise<number> {
  return (await recordedRequests(base)).filter((r) => r.path === RUN_PATH).length;
}

describe('fault matrix: what the panel shows of a fault, end to end in the real host', function () {
  useLocalEnvironments();
  const table: string[][] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  const coze = () => vscode.workspace.getConfiguration('coze');

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    // an environment is the user's to add (a workspace cannot): a user setting
    const envs = coze().inspect<unknown[]>('environments')?.globalValue ?? [];
    const api = await extensionApi();
    const added = nextEvent(api.envs.onDidChange);
    await coze().update('environments', [...envs, DOWN], vscode.ConfigurationTarget.Global);
    await added;
    await setToken(DOWN.id, servers().token);
    for (const dialect of ['cloud', 'studio']) {
      const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', {
        workflowId: HELLO,
        parameters: { name: NAME },
        environmentId: `local-${dialect}`,
      });
      const session = api.runs.get(runId)!;
      await waitFor('a clean run', () => (session.isActive ? undefined : true));
      const contents = session.updates.flatMap((u) => (u.u === 'event' && u.event.kind === 'message' ? [u.event.content] : []));
      twoEvents[dialect] = contents.slice(0, 2).join('');
    }
  });

  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    const envs = coze().inspect<{ id: string }[]>('environments')?.globalValue ?? [];
    await coze().update(
      'environments',
      envs.filter((e) => e.id !== DOWN.id),
      vscode.ConfigurationTarget.Global,
    );
    await (await extensionApi()).tokens.delete(DOWN.id);
    await coze().update('timeouts.idleSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    for (const base of [servers().cloud, servers().studio]) await setFault(base, null);
    const header = ['fault', 'dialect', 'status', 'kind', 'says', 'logid', 'kept (screen, history)', 'sends', 'retries', 'next run', ''];
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] ?? '').length)));
    const line = (cells: string[]) => `      | ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
    console.log(
      `\n      panel fault rows: ${table.filter((r) => r.at(-1) === 'pass').length} of ${rows.length} pass, ${unhandled.length} unhandled rejections`,
    );
    console.log(line(header));
    console.log(line(widths.map((w) => '-'.repeat(w))));
    for (const r of table) console.log(line(r));
  });

  for (const row of rows) {
    it(`${row.dialect}: ${row.fault}`, async () => {
      const api = await extensionApi();
      const base = row.dialect === 'cloud' ? servers().cloud : servers().studio;
      const kept = row.kept === TWO_EVENTS ? twoEvents[row.dialect]! : row.kept;
      const environmentId = row.inject === 'refused' ? DOWN.id : `local-${row.dialect}`;
      const cells = [row.fault, row.dialect, '', '', '', '', '', '', '', '', 'FAIL'];
      table.push(cells);
      const before = await runRequests(base);
      const unhandledBefore = unhandled.length;
      await coze().update('timeouts.idleSeconds', row.idleSeconds, vscode.ConfigurationTarget.Workspace);
      if (row.inject !== 'refused') await setFault(base, row.inject);

      const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name: NAME }, environmentId });
      const session = api.runs.get(runId)!;
      await waitFor('the run to end', () => (session.isActive ? undefined : true));
      const v = session.view;
      cells[2] = v.status;
      assert.equal(v.status, row.status, `status (${v.error?.message ?? ''})`);

      // one clear message: what happened, and what to do
      cells[3] = v.error?.kind ?? '–';
      const notice = [
        v.retry ? 'retry' : '',
        ...session.updates.filter((u) => u.u === 'retrying').map((u) => `${u.reason} attempt ${u.attempt} of ${u.maxAttempts}`),
        v.unreadable > 0 ? `${v.unreadable} event(s) could not be read` : '',
      ]
        .filter(Boolean)
        .join('; ');
      const says = v.error?.message ?? notice;
      cells[4] = says === '' ? '(nothing to say: output complete)' : says.length > 60 ? `${says.slice(0, 57)}…` : says;
      assert.equal(v.error?.kind, row.kind);
      assert.match(says, row.says);
      if (v.error) assert.ok(v.error.hint.length > 20, 'a hint says what to do');
      cells[5] = (v.error?.logid ?? v.logid) ? 'yes' : 'no';
      assert.equal(Boolean(v.error ? v.error.logid : v.logid), row.logid, 'the logid, when the server sent one');

      // the output so far: on screen and in history, with the run's status
      const record = await waitFor('the history record', () => api.history.get(runId));
      assert.equal(record.status, row.status, 'the status recorded in history');
      const replayed = emptyRunState();
      for (const u of record.updates) applyUpdate(replayed, u);
      assert.ok(nodeText(replayed.nodes).startsWith(kept), `history keeps what arrived: ${JSON.stringify(nodeText(replayed.nodes).slice(0, 80))}`);
      assert.equal(nodeText(replayed.nodes), nodeText(v.nodes), 'history holds every update of the run');
      if (row.kept === FULL) assert.equal(nodeText(v.nodes), FULL);
      if (row.inject !== 'refused' && row.inject.kind === 'big-event') assert.ok(nodeText(v.nodes).length > 5 * 1024 * 1024, 'the 5 MB event arrived whole');
      let screen = 'n/a';
      if (dom.available()) {
        const shown = [kept.slice(-24), v.error?.message.slice(0, 60), v.error?.logid].filter((t): t is string => Boolean(t));
        await dom.waitForText('#run-view', new RegExp(shown.map((t) => `(?=[\\s\\S]*${escape(t)})`).join('')));
        if (row.retries > 0 && row.status === 'succeeded')
          assert.equal(await dom.webviewCount('#notice:not([hidden])'), 0, 'the retry notice goes once the run answers');
        if (v.unreadable > 0) assert.match(await dom.webviewText('#notice'), /could not be read/);
        screen = 'yes';
      }
      cells[6] = kept ? `${screen}, yes` : 'nothing arrived';

      // retries only where the run cannot have started
      const sends = (await runRequests(base)) - before;
      const retries = session.updates.filter((u) => u.u === 'retrying').length;
      cells[7] = String(sends);
      cells[8] = String(retries);
      assert.equal(sends, row.sends, 'run requests the server saw');
      assert.equal(retries, row.retries, 'retries, each said in the panel');
      assert.equal(unhandled.length, unhandledBefore, `no unhandled rejection: ${unhandled.slice(unhandledBefore).map(String).join('; ')}`);

      // the next run in the same window succeeds
      await setFault(base, null);
      await coze().update('timeouts.idleSeconds', undefined, vscode.ConfigurationTarget.Workspace);
      const nextId = await vscode.commands.executeCommand<string>('coze.runWorkflow', {
        workflowId: HELLO,
        parameters: { name: NAME },
        environmentId: `local-${row.dialect}`,
      });
      const next = api.runs.get(nextId)!;
      await waitFor('the next run to end', () => (next.isActive ? undefined : true));
      cells[9] = next.view.status;
      assert.equal(next.view.status, 'succeeded');
      assert.equal(nodeText(next.view.nodes), FULL);
      cells[10] = 'pass';
    });
  }

  it('no run left an unhandled rejection behind', () => {
    assert.deepEqual(unhandled.map(String), []);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
