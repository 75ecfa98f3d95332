import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CozeErrorKind } from '../../src/core/model/errorKind';
import { applyUpdate, emptyRunState, type RunStatus } from '../../src/core/model/runState';
import type { Fault } from '../server/types';
import { dom, extensionApi, nextEvent, recordedRequests, servers, setToken, useLocalEnvironments, waitFor } from './support/host';

const HELLO = '7500000000000000101';
const NAME = 'matrix';
const FULL = `Hello, ${NAME}! This answer is streamed from a local Coze workflow, chunk by chunk.`;
/** What hello_stream has said after two events (its chunks differ per dialect: filled in from a clean run). */
const TWO_EVENTS = 'the first two events';
const twoEvents: Record<string, string> = {};
const RUN_PATH = '/v1/workflow/stream_run';

interface Row {
  fault: string;
  dialect: 'cloud' | 'studio';
  /** The server's fault, or a server that is not there at all. */
  inject: Fault | 'refused';
  /** coze.timeouts.idleSeconds for this row. */
  idleSeconds?: number;
  status: RunStatus;
  kind?: CozeErrorKind;
  /** The error's message, or for a run that goes on, the notice that says what happened. */
  says: RegExp;
  logid: boolean;
  /** Output that must be on screen and in history afterwards ('' = nothing arrived). */
  kept: string;
  /** Run requests the server saw: more than one only where a retry is safe. */
  sends: number;
  retries: number;
}

const rows: Row[] = [];
for (const dialect of ['cloud', 'studio'] as const) {
  rows.push(
    {
      fault: 'dropped before headers',
      dialect,
      inject: { kind: 'drop-before-headers' },
      status: 'failed',
      kind: 'network',
      says: /connection .* was closed during stream_run/,
      logid: false,
      kept: '',
      sends: 1,
      retries: 0,
    },
    {
      fault: 'dropped mid-stream',
      dialect,
      inject: { kind: 'drop-mid-stream', afterEvents: 2 },
      status: 'failed',
      kind: 'network',
      says: /connection .* was closed during stream_run/,
      logid: true,
      kept: TWO_EVENTS,
      sends: 1,
      retries: 0,
    },
    {
      fault: 'HTTP 500, HTML body',
      dialect,
      inject: { kind: 'http-500-html' },
      status: 'failed',
      kind: 'server',
      says: /\(HTTP 500\): 500 Internal Server Error$/,
      logid: true,
      kept: '',
      sends: 1,
      retries: 0,
    },
    {
      fault: 'JSON error on a stream',
      dialect,
      inject: { kind: 'json-error' },
      status: 'failed',
      kind: dialect === 'cloud' ? 'badRequest' : 'unpublished',
      says: dialect === 'cloud' ? /^Request parameter error$/ : /^workflow not published$/,
      logid: true,
      kept: '',
      sends: 1,
      retries: 0,
    },
    {
      fault: 'empty 200 body',
      dialect,
      inject: { kind: 'empty-200' },
      status: 'failed',
      kind: 'protocol',
      says: /empty (body|stream)/,
      logid: true,
      kept: '',
      sends: 1,
      retries: 0,
    },
    {
      fault: '401',
      dialect,
      inject: { kind: 'http-401' },
      status: 'failed',
      kind: 'auth',
      says: dialect === 'cloud' ? /^authentication is invalid$/ : /^authentication failed: invalid api key$/,
      logid: true,
      kept: '',
      sends: 1,
      retries: 0,
    },
    {
      fault: '429, Retry-After 1, once',
      dialect,
      inject: { kind: 'http-429', retryAfter: 1 },
      status: 'succeeded',
      says: /rate limited \(HTTP 429, code 4009\).*attempt 2 of 3/,
      logid: true,
      kept: FULL,
      sends: 2,
      retries: 1,
    },
    {
      fault: 'malformed JSON in one event',
      dialect,
      inject: { kind: 'malformed-event', afterEvents: 2 },
      status: 'succeeded',
      says: /1 event\(s\) could not be read/,
      logid: true,
      kept: FULL,
      sends: 1,
      retries: 0,
    },
    {
      fault: 'silence beyond the idle timeout',
      dialect,
      inject: { kind: 'silence', afterEvents: 2, silenceMs: 10_000 },
      idleSeconds: 1,
      status: 'failed',
      kind: 'timeout',
      says: /No data from .* for 1 s/,
      logid: true,
      kept: TWO_EVENTS,
      sends: 1,
      retries: 0,
    },
    {
      fault: 'one 5 MB event',
      dialect,
      inject: { kind: 'big-event', afterEvents: 2 },
      status: 'succeeded',
      says: /^$/,
      logid: true,
      kept: TWO_EVENTS,
      sends: 1,
      retries: 0,
    },
    {
      fault: 'no Done',
      dialect,
      inject: { kind: 'no-done' },
      status: 'failed',
      kind: 'network',
      says: /ended before the workflow finished/,
      logid: true,
      kept: FULL,
      sends: 1,
      retries: 0,
    },
  );
}
rows.push(
  {
    fault: "studio's lowercase error, plain text",
    dialect: 'studio',
    inject: { kind: 'json-error', afterEvents: 2 },
    status: 'failed',
    kind: 'server',
    says: /broke off the stream with an error: "internal server error"/,
    logid: true,
    kept: TWO_EVENTS,
    sends: 1,
    retries: 0,
  },
  {
    fault: '429 every time',
    dialect: 'cloud',
    inject: { kind: 'http-429', retryAfter: 0, times: 0 },
    status: 'failed',
    kind: 'rateLimited',
    says: /^The system request limit has been reached/,
    logid: true,
    kept: '',
    sends: 3,
    retries: 2,
  },
  {
    fault: '4009 in a 200 body, once',
    dialect: 'cloud',
    inject: { kind: 'rate-limit-200', code: 4009 },
    status: 'succeeded',
    says: /rate limited \(code 4009\).*attempt 2 of 3/,
    logid: true,
    kept: FULL,
    sends: 2,
    retries: 1,
  },
  {
    fault: 'daily limit (4008)',
    dialect: 'cloud',
    inject: { kind: 'rate-limit-200', code: 4008 },
    status: 'failed',
    kind: 'dailyLimit',
    says: /daily/i,
    logid: true,
    kept: '',
    sends: 1,
    retries: 0,
  },
  {
    fault: 'connection refused',
    dialect: 'cloud',
    inject: 'refused',
    status: 'failed',
    kind: 'network',
    says: /Connection to http:\/\/127\.0\.0\.1:9 was refused/,
    logid: false,
    kept: '',
    sends: 0,
    retries: 2,
  },
);

const DOWN = { id: 'local-down', name: 'Nothing listens here', baseUrl: 'http://127.0.0.1:9', dialect: 'cloud', allowInsecureHttp: true };

async function setFault(base: string, fault: Fault | null): Promise<void> {
  await fetch(`${base}/_test/fault`, { method: 'PUT', body: JSON.stringify(fault) });
}

async function runRequests(base: string): Promise<number> {
  return (await recordedRequests(base)).filter((r) => r.path === RUN_PATH).length;
}

/** All the text of one node of hello_stream (its Output node), as a run view folds it. */
const nodeText = (nodes: { title: string; text: string }[]) =>
  nodes
    .filter((n) => n.title === 'Output')
    .map((n) => n.text)
    .join('');

describe('fault matrix: every fault the local server can inject, end to end in the real host', function () {
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
      `\n      fault matrix: ${table.filter((r) => r.at(-1) === 'pass').length} of ${rows.length} rows pass, ${unhandled.length} unhandled rejections`,
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
