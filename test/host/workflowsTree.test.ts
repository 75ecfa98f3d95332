import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dom, extensionApi, servers, useLocalEnvironments, waitFor } from './support/host';
import type { WorkflowItem } from '../../src/host/workflows/workflowItem';

const file = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.coze', 'workflows.json');
const write = (text: string) => vscode.workspace.fs.writeFile(file(), new TextEncoder().encode(text));
const read = async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(file()));

describe('workflows tree', () => {
  useLocalEnvironments();
  after(() => vscode.workspace.fs.delete(file()).then(undefined, () => undefined));

  it("fills from .coze/workflows.json, with each cloud workflow's inputs as children", async () => {
    const api = await extensionApi();
    await write(
      JSON.stringify({
        workflows: [
          { id: '7500000000000000101', name: 'Greeter', environment: 'local-cloud' },
          { id: '7500000000000000106', name: 'Assistant', environment: 'local-studio', kind: 'chatflow' },
        ],
      }),
    );
    const items = (await waitFor('the tree to fill', async () => {
      const roots = await api.workflowsTree.getChildren();
      return roots.length === 2 ? roots : undefined;
    })) as WorkflowItem[];
    assert.deepEqual(
      items.map((i) => [i.label, i.description, i.contextValue]),
      [
        ['Greeter', '7500000000000000101 · Local Coze (cloud)', 'workflow:workflow'],
        ['Assistant', '7500000000000000106 · Local Coze Studio', 'workflow:chatflow'],
      ],
    );
    const params = await api.workflowsTree.getChildren(items[0]);
    assert.deepEqual(
      params.map((p) => p.label),
      ['name *', 'style'],
    );
    const studio = await api.workflowsTree.getChildren(items[1]);
    assert.match(String(studio[0]?.label), /Coze Studio/);
  });

  it('adds a workflow by pasting a project URL: name from Coze, app_id from the URL', async () => {
    const api = await extensionApi();
    const added = await vscode.commands.executeCommand<{ id: string; name: string; app_id?: string }>('coze.addWorkflow', {
      ref: 'https://www.coze.cn/space/7500000000000000002/project-ide/7400000000000000009/workflow/7500000000000000102',
    });
    assert.deepEqual([added?.id, added?.name, added?.app_id], ['7500000000000000102', 'ask_question', '7400000000000000009']);
    const saved = JSON.parse(await read()) as { workflows: { id: string }[] };
    assert.deepEqual(
      saved.workflows.map((w) => w.id),
      ['7500000000000000101', '7500000000000000106', '7500000000000000102'],
    );
    assert.ok(!(await read()).includes(servers().token), 'the file never holds a token');
    await waitFor('the new item', async () => ((await api.workflowsTree.getChildren()).length === 3 ? true : undefined));
  });

  it('runs a saved workflow on its own environment, not the active one', async function () {
    const api = await extensionApi();
    await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: 'local-studio' });
    const [greeter] = (await api.workflowsTree.getChildren()) as WorkflowItem[];
    // the item's own command, as its ▶ button runs it: the panel opens on the workflow's environment
    await vscode.commands.executeCommand('coze.runSavedWorkflow', greeter);
    const panel = await waitFor('the panel of the saved workflow', () => api.runs.lastPanel());
    assert.equal(panel.launch.workflowId, greeter!.workflow.id);
    assert.equal(panel.launch.environment.id, 'local-cloud', "the workflow's environment, not the active one");
    if (!dom.available()) return this.skip(); // the rest reads the screen, which needs the DOM bridge
    await dom.waitForText('#run', /Run/);
    await dom.webviewFill('#field-name', 'tree');
    await dom.webviewClick('#run');
    const session = await waitFor('the run', () => (panel.runId ? api.runs.get(panel.runId) : undefined));
    await waitFor('the run to succeed', () => session.view.status === 'succeeded');
    assert.equal(session.environment.id, 'local-cloud');
    // the item's Open Debug URL opens the latest run of that workflow
    assert.ok(session.view.debugUrl);
    assert.equal(await vscode.commands.executeCommand('coze.openDebugUrl', greeter), session.view.debugUrl);
  });

  it('writes the file through workspace.fs in place: a symlink stays a symlink and the file keeps its permissions', async function () {
    if (vscode.workspace.workspaceFolders![0]!.uri.scheme !== 'file') this.skip();
    const api = await extensionApi();
    const real = path.join(path.dirname(file().fsPath), 'shared-workflows.json');
    fs.writeFileSync(real, JSON.stringify({ workflows: [{ id: '7500000000000000101', name: 'Greeter', environment: 'local-cloud' }] }));
    fs.chmodSync(real, 0o640);
    fs.rmSync(file().fsPath, { force: true });
    fs.symlinkSync(real, file().fsPath);
    try {
      await waitFor('the tree to read the linked file', async () => ((await api.workflowsTree.getChildren()).length === 1 ? true : undefined));
      await vscode.commands.executeCommand('coze.addWorkflow', { ref: '7500000000000000109', name: 'firehose' });
      assert.ok(fs.lstatSync(file().fsPath).isSymbolicLink(), 'still a symlink');
      assert.equal(fs.statSync(real).mode & 0o777, 0o640, 'permissions kept');
      assert.match(fs.readFileSync(real, 'utf8'), /firehose/, 'the change went to the linked file');
    } finally {
      fs.rmSync(file().fsPath, { force: true });
      fs.rmSync(real, { force: true });
      await write(JSON.stringify({ workflows: [{ id: '7500000000000000101', name: 'Greeter', environment: 'local-cloud' }] }));
    }
  });

  it('reports a malformed file with its location and never overwrites it', async () => {
    const api = await extensionApi();
    const broken = '{\n  "workflows": [\n    { "id": "7500000000000000101", }\n  ]\n}\n';
    await write(broken);
    const [item] = await waitFor('the error item', async () => {
      const roots = await api.workflowsTree.getChildren();
      return api.workflowsTree.error ? roots : undefined;
    });
    assert.match(String(item?.label), /workflows\.json cannot be read: not valid JSON/);
    assert.equal(api.workflowsTree.error?.line, 3, 'the line of the mistake');
    const result = await vscode.commands.executeCommand('coze.addWorkflow', { ref: '7500000000000000109', name: 'firehose' });
    assert.equal(result, undefined, 'the change was refused');
    assert.equal(await read(), broken, 'the file is untouched');
  });
});
