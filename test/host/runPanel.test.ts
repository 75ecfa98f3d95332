import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { dom, extensionApi, nextEvent, servers, useLocalEnvironments, waitFor } from './support/host';
import { WORKFLOWS } from '../server/constants';

const HELLO = '7500000000000000101';
const FAIL = '7500000000000000104';
const UNPUBLISHED = '7500000000000000107';

describe('run panel', () => {
  useLocalEnvironments();

  it('coze.runWorkflow streams the text into the panel chunk by chunk (PINGs in between)', async function () {
    if (!dom.available()) this.skip();
    const api = await extensionApi();
    // a slow stream: three PING intervals before each event, so the growth is visible after the webview loads
    await fetch(`${servers().cloud}/_test/fault`, { method: 'PUT', body: JSON.stringify({ kind: 'slow-ping', pingIntervalMs: 150 }) });
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name: 'VS Code' } });
    assert.ok(runId, 'the command returns the run id');
    const expected = 'Hello, VS Code! This answer is streamed from a local Coze workflow, chunk by chunk.';
    const seen = new Set<string>();
    await waitFor(
      'the full streamed text in the panel',
      async function () {
        const text = await dom.webviewText('.node:not(.end) .node-text', 500).catch(() => '');
        if (text) seen.add(text);
        return text === expected ? text : undefined;
      },
      20,
    );
    const partial = [...seen].filter((t) => t !== expected && expected.startsWith(t));
    assert.ok(partial.length >= 3, `the panel showed the text growing (saw ${seen.size} states: ${JSON.stringify([...seen])})`);
    const session = api.runs.get(runId);
    await waitFor('the run to succeed', () => session?.view.status === 'succeeded');
    const output = await waitFor('the output', () => dom.webviewText('#output .output-text').catch(() => undefined));
    assert.match(output, /"output": "Hello, VS Code!/);
    await dom.waitForText('.status', /Succeeded/);
    await dom.waitForText('#debug-url', /work_flow\?execute_id=\d+/);
  });

  it('holds the first 20,000 characters of a long node, and "more" brings the next 100,000 from the host', async function () {
    if (!dom.available()) this.skip();
    const api = await extensionApi();
    // 1,000 chunks of 300 characters: 300,000 in one node
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', {
      workflowId: WORKFLOWS.firehose,
      parameters: { count: 1000, size: 300 },
    });
    const session = api.runs.get(runId)!;
    await waitFor('the run to succeed', () => session.view.status === 'succeeded');
    assert.equal(session.view.nodes[0]?.text.length, 300_000, 'the host holds the whole text');
    await dom.waitForText('.node:not(.end) .node-meta', /^1000 /);
    await dom.waitForText('.node:not(.end) .more', /\+280000$/);
    assert.equal((await dom.webviewText('.node:not(.end) .node-text')).length, 20_000);
    await dom.webviewClick('.node:not(.end) .more');
    await dom.waitForText('.node:not(.end) .more', /\+180000$/);
    const shown = await dom.webviewText('.node:not(.end) .node-text');
    assert.equal(shown, session.view.nodes[0]?.text.slice(0, 120_000), 'the beginning of the text, in order');
  });

  it('holds the beginning of an output longer than 20,000 characters, and "… +N" opens the whole of it read-only', async function () {
    if (!dom.available()) this.skip();
    const api = await extensionApi();
    const name = 'x'.repeat(30_000);
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name } });
    const session = api.runs.get(runId)!;
    await waitFor('the run to succeed', () => session.view.status === 'succeeded');
    const whole = session.view.output!;
    assert.ok(whole.length > 30_000, 'the host holds the whole output');
    await dom.waitForText('#output-more', new RegExp(`\\+${whole.length - 20_000}$`));
    assert.equal((await dom.webviewText('#output .output-text')).length, 20_000);
    const opened = nextEvent(vscode.window.onDidChangeActiveTextEditor, (e) => e?.document.uri.scheme === 'coze-run');
    await dom.webviewClick('#output-more');
    const editor = (await opened)!;
    assert.ok(editor.document.getText().includes(name), 'the whole output, every character of the name');
  });

  it('shows a workflow error with its code, logid and a hint, and keeps the partial output', async function () {
    const api = await extensionApi();
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: FAIL, parameters: {} });
    const session = api.runs.get(runId);
    await waitFor('the run to fail', () => session?.view.status === 'failed');
    assert.equal(session?.view.error?.code, 720701013);
    assert.ok(session?.view.error?.logid, 'the stream logid is kept with the error');
    assert.equal(session?.view.nodes[0]?.chunks, 3);
    if (!dom.available()) return this.skip(); // the rest reads the screen, which needs the DOM bridge
    const error = await waitFor('the error box', () => dom.webviewText('#error').catch(() => undefined));
    assert.match(error, /upstream model timed out/);
    assert.match(error, /720701013/);
    assert.match(error, /logid \w+/);
    assert.match(error, /debug URL/i, 'the hint says what to do');
    assert.ok((await dom.webviewText('.node .node-text')).length > 0, 'the chunks before the error stay on screen');
  });

  it('explains an unpublished workflow on the studio dialect', async function () {
    const api = await extensionApi();
    await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: 'local-studio' });
    try {
      const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: UNPUBLISHED, parameters: {} });
      const session = api.runs.get(runId);
      await waitFor('the run to fail', () => session?.view.status === 'failed');
      assert.equal(session?.view.error?.kind, 'notRunnable');
      if (!dom.available()) return this.skip(); // the rest reads the screen, which needs the DOM bridge
      const error = await waitFor('the error box', () => dom.webviewText('#error').catch(() => undefined));
      // one explanation, the one that fits Coze Studio's empty answers: never "not a Coze response"
      assert.match(error, /Coze Studio answered stream_run with an empty body/);
      assert.match(error, /published/i);
      assert.doesNotMatch(error, /not a Coze response|base URL/);
    } finally {
      await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: 'local-cloud' });
    }
  });

  it('renders under a strict Content-Security-Policy', async function () {
    if (!dom.available()) this.skip();
    await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name: 'CSP' } });
    const csp = String(await waitFor('the panel', () => dom.webviewProbe('csp').catch(() => undefined)));
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|connect-src/);
  });
});
