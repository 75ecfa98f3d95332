import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { dom, extensionApi, servers, useLocalEnvironments, waitFor } from './support/host';

const HELLO = '7500000000000000101';

describe('run history', () => {
  useLocalEnvironments();

  it('records every run with its inputs, events, output and logid, outside the workspace', async () => {
    const api = await extensionApi();
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name: 'history' } });
    await waitFor('the run to be stored', async () => (await api.history.store.get(runId))?.status === 'succeeded' || undefined);
    const rec = (await api.history.store.get(runId))!;
    assert.deepEqual(rec.request.parameters, { name: 'history' });
    assert.ok(rec.updates.some((u) => u.u === 'event' && u.event.kind === 'done'));
    assert.match(rec.output ?? '', /Hello, history!/);
    assert.ok(rec.logid);
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      assert.ok(!fs.existsSync(`${folder.uri.fsPath}/.coze/history`), 'history never lands in the workspace');
    }
    const items = await api.historyTree.getChildren();
    assert.equal(items[0]?.entry.id, runId, 'newest first');
  });

  it('re-runs a history item with the same inputs, and copies it as curl without the token', async () => {
    const api = await extensionApi();
    const [first] = await api.historyTree.getChildren();
    assert.ok(first);
    const again = await vscode.commands.executeCommand<string>('coze.rerun', first);
    assert.ok(again && again !== first.entry.id);
    const session = api.runs.get(again)!;
    await waitFor('the re-run to succeed', () => session.view.status === 'succeeded');
    assert.deepEqual(session.request.parameters, first.entry.request.parameters);
    const curl = await vscode.commands.executeCommand<string>('coze.copyAsCurl', first);
    assert.match(curl, /curl -N -sS -X POST '.*\/v1\/workflow\/stream_run'/);
    assert.match(curl, /\$COZE_API_TOKEN/);
    assert.ok(!curl.includes(servers().token), 'the token is never in the copied command');
    assert.equal(await vscode.env.clipboard.readText(), curl);
  });

  it('opens a stored run (from an earlier session) in a panel, as it happened', async function () {
    const api = await extensionApi();
    const [item] = await api.historyTree.getChildren();
    // a copy under a new id exists only on disk, as a run of an earlier VS Code session would
    const stored = { ...(await api.history.store.get(item!.entry.id))!, id: `earlier-${Date.now()}`, startedAt: 1 };
    await api.history.store.save(stored);
    assert.equal(api.runs.get(stored.id), undefined);
    await vscode.commands.executeCommand('coze.showRun', { runId: stored.id });
    assert.ok(api.runs.panelFor(stored.id));
    if (!dom.available()) return this.skip(); // the rest reads the screen, which needs the DOM bridge
    assert.match(await waitFor('the output', () => dom.webviewText('#output').catch(() => undefined)), /Hello, history!/);
    await dom.waitForText('.status', /Succeeded/);
  });

  it("compares two runs' outputs in the diff editor", async () => {
    const api = await extensionApi();
    const ids: string[] = [];
    for (const name of ['Ada', 'Grace']) {
      const id = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name } });
      await waitFor('the run to be stored', async () => (await api.history.store.get(id))?.status === 'succeeded' || undefined);
      ids.push(id);
    }
    const pair = await vscode.commands.executeCommand<[string, string]>(
      'coze.compareRuns',
      undefined,
      ids.map((runId) => ({ runId })),
    );
    assert.deepEqual(pair, ids);
    const tab = await waitFor('the diff editor', () => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      return t?.input instanceof vscode.TabInputTextDiff ? t.input : undefined;
    });
    const [left, right] = await Promise.all([vscode.workspace.openTextDocument(tab.original), vscode.workspace.openTextDocument(tab.modified)]);
    assert.match(left.getText(), /Hello, Ada!/);
    assert.match(right.getText(), /Hello, Grace!/);
    assert.doesNotMatch(left.getText(), /Grace/);
  });

  it("saves a run's output to a file and copies it as @coze/api and cozepy code", async () => {
    const api = await extensionApi();
    const [item] = await api.historyTree.getChildren();
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const target = vscode.Uri.joinPath(folder, 'saved-output.json');
    const saved = await vscode.commands.executeCommand<string>('coze.saveOutput', item, target);
    assert.equal(saved, target.toString());
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.deepEqual(Object.keys(JSON.parse(text)), ['output']);
    await vscode.workspace.fs.delete(target);
    const node = await vscode.commands.executeCommand<string>('coze.copyAsCode', item, 'node');
    assert.match(node, /client\.workflows\.runs\.stream\(/);
    const python = await vscode.commands.executeCommand<string>('coze.copyAsCode', item, 'python');
    assert.match(python, /coze\.workflows\.runs\.resume\(/);
    assert.equal(await vscode.env.clipboard.readText(), python);
    for (const code of [node, python]) assert.ok(!code.includes(servers().token));
  });
});
