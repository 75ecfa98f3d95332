// The parameter editor and file inputs in the real VS Code: the form from the input schema, its checks,
// the raw JSON view, and files given by the Explorer's menu, a drop on the panel and a drop on the tree.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { WORKFLOWS } from '../server/constants';
import { dom, extensionApi, recordedRequests, servers, useLocalEnvironments, waitFor } from './support/host';
import type { WorkflowItem } from '../../src/host/workflows/workflowItem';

const uploadsTo = async (base: string) => (await recordedRequests(base)).filter((r) => r.path === '/v1/files/upload');
const runsTo = async (base: string, path = '/v1/workflow/stream_run') =>
  (await recordedRequests(base)).filter((r) => r.path === path && r.body?.workflow_id === WORKFLOWS.describeFile);

async function workspaceFile(name: string, content: string): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with a workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, 'inputs', name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  return uri;
}

async function clearRequests(): Promise<void> {
  for (const base of [servers().cloud, servers().studio]) await fetch(`${base}/_test/requests`, { method: 'DELETE' });
}

describe('parameter editor and file inputs', function () {
  useLocalEnvironments();
  beforeEach(clearRequests);

  it('opens the form from the input schema and refuses a missing required field at the field, sending nothing', async function () {
    if (!dom.available()) this.skip();
    const api = await extensionApi();
    // nothing typed for this workflow before (other tests type into it): the editor starts from the schema
    await api.places.globalState.update(`coze.lastParameters.${WORKFLOWS.helloStream}`, undefined);
    await vscode.commands.executeCommand('coze.runWorkflow', { workflowId: WORKFLOWS.helloStream, environmentId: 'local-cloud' });
    assert.ok(api.runs.lastPanel(), 'a panel opened on the editor');
    await dom.waitForText('label[for="field-name"]', /name.*string.*required/);
    await dom.webviewFill('#field-name', '');
    await dom.webviewClick('#run');
    await dom.waitForText('#message-name', /Required/);
    assert.equal((await recordedRequests(servers().cloud)).filter((r) => r.path === '/v1/workflow/stream_run').length, 0, 'nothing was sent');
    // typed in the form, the raw JSON follows; edited as JSON, the form follows
    await dom.webviewFill('#field-name', 'Form');
    await dom.webviewClick('#tab-json');
    assert.deepEqual(JSON.parse(await dom.webviewValue('#params-json')), { name: 'Form', style: 'plain' }, 'the default of style is filled in');
    await dom.webviewFill('#params-json', '{"name": "Json", "style": "shout"}');
    await dom.webviewClick('#tab-form');
    assert.equal(await dom.webviewValue('#field-name'), 'Json');
    assert.equal(await dom.webviewValue('#field-style'), 'shout');
    await dom.webviewClick('#run');
    await dom.waitForText('#output', /HELLO, JSON/i);
    const sent = (await recordedRequests(servers().cloud)).filter((r) => r.path === '/v1/workflow/stream_run');
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0]!.body?.parameters, { name: 'Json', style: 'shout' });
    // what was typed is remembered for the workflow: a new panel starts from it
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('coze.runWorkflow', { workflowId: WORKFLOWS.helloStream, environmentId: 'local-cloud' });
    await waitFor('the remembered parameters in the form', async () => ((await dom.webviewValue('#field-name').catch(() => '')) === 'Json' ? true : undefined));
    assert.equal(await dom.webviewValue('#field-style'), 'shout');
  });

  it('keeps what is typed when the JSON is invalid, and says why at Run', async function () {
    if (!dom.available()) this.skip();
    await vscode.commands.executeCommand('coze.runWorkflow', { workflowId: WORKFLOWS.helloStream, environmentId: 'local-cloud' });
    await dom.waitForText('label[for="field-name"]', /name/);
    await dom.webviewClick('#tab-json');
    await dom.webviewFill('#params-json', '{"name": "half');
    await dom.webviewClick('#run');
    await dom.waitForText('#form-issues', /Not valid JSON/);
    assert.equal((await recordedRequests(servers().cloud)).filter((r) => r.path === '/v1/workflow/stream_run').length, 0);
    assert.equal(await dom.webviewValue('#params-json'), '{"name": "half', 'the text stays as typed');
    // closed and opened again, the panel starts from the same text
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('coze.runWorkflow', { workflowId: WORKFLOWS.helloStream, environmentId: 'local-cloud' });
    await dom.waitForText('label[for="field-name"]', /name/);
    await dom.webviewClick('#tab-json');
    assert.equal(await dom.webviewValue('#params-json'), '{"name": "half');
  });

  it('on Coze Studio (no schema) shows raw JSON with the reason, and runs it', async function () {
    if (!dom.available()) this.skip();
    await vscode.commands.executeCommand('coze.runWorkflow', { workflowId: WORKFLOWS.helloStream, environmentId: 'local-studio' });
    await dom.waitForText('#editor', /Coze Studio does not tell/);
    assert.equal(await dom.webviewCount('#tab-form:not([hidden])'), 0, 'no form without a schema');
    await dom.webviewFill('#params-json', '{"name": "Studio"}');
    await dom.webviewClick('#run');
    await dom.waitForText('#output', /Hello, Studio/);
  });

  for (const env of ['local-cloud', 'local-studio'] as const) {
    const base = () => (env === 'local-cloud' ? servers().cloud : servers().studio);
    const assertEncoded = (value: unknown) => {
      if (env === 'local-cloud') assert.match(String(value), /^\{"file_id":"\d+"\}$/, 'cloud: a JSON-encoded {"file_id"} string');
      else assert.match(String(value), /^http:\/\/127\.0\.0\.1:\d+\/.+/, "studio: the uploaded file's URL");
    };

    it(`${env}: Upload as Workflow Input from the Explorer uploads once, fills the input, and a second upload reuses the file`, async function () {
      const api = await extensionApi();
      const uri = await workspaceFile(`report-${env}.txt`, `quarterly report for ${env}\n`.repeat(1000));
      const target = { workflowId: WORKFLOWS.describeFile, environmentId: env, field: 'file' };
      const first = (await vscode.commands.executeCommand('coze.uploadFileAsInput', uri, [uri], target)) as { values: string[]; reused: boolean[] };
      assert.deepEqual(first.reused, [false]);
      const uploads = await uploadsTo(base());
      assert.equal(uploads.length, 1, 'one multipart upload');
      assert.deepEqual(
        uploads[0]!.multipart?.files.map((f) => [f.field, f.filename]),
        [['file', `report-${env}.txt`]],
      );
      assertEncoded(first.values[0]);
      // the panel opened on the editor with the input filled in; Run sends the encoded value
      const panel = await waitFor('the editor panel', () => api.runs.lastPanel());
      assert.equal(panel.launch.workflowId, WORKFLOWS.describeFile);
      if (dom.available()) {
        await dom.waitForText('#editor', /describe|file/);
        await dom.webviewClick('#run');
        await dom.waitForText('#output', new RegExp(`report-${env}\\.txt`));
      } else {
        await vscode.commands.executeCommand('coze.runWorkflow', {
          workflowId: WORKFLOWS.describeFile,
          environmentId: env,
          parameters: { file: first.values[0] },
        });
      }
      const run = await waitFor('the run', async () => (await runsTo(base())).at(-1));
      assert.equal((run.body?.parameters as Record<string, unknown>).file, first.values[0], 'the run carries the encoded value');
      // the same bytes again: nothing uploaded, the same value
      const second = (await vscode.commands.executeCommand('coze.uploadFileAsInput', uri, [uri], target)) as { values: string[]; reused: boolean[] };
      assert.deepEqual(second.reused, [true]);
      assert.deepEqual(second.values, first.values);
      assert.equal((await uploadsTo(base())).length, 1, 'still one upload');
      await vscode.commands.executeCommand('coze.runWorkflow', {
        workflowId: WORKFLOWS.describeFile,
        environmentId: env,
        parameters: { file: second.values[0] },
      });
      const runs = await waitFor('the second run', async () => ((await runsTo(base())).length >= 2 ? runsTo(base()) : undefined));
      assert.equal((runs.at(-1)!.body?.parameters as Record<string, unknown>).file, first.values[0], 'the second run carries the same file');
    });

    it(`${env}: a file dropped on the panel (from the OS, as bytes) uploads once and runs with the encoded value`, async function () {
      if (!dom.available()) this.skip();
      const field = env === 'local-cloud' ? 'file' : undefined;
      await vscode.commands.executeCommand('coze.runWorkflow', { workflowId: WORKFLOWS.describeFile, environmentId: env });
      // cloud: the form's file input; studio (no schema): the drop zone that fills the input named beside it
      const zone = field ? '#drop-file' : '#drop-generic';
      await dom.waitForText('#editor', field ? /file.*required/ : /Coze Studio does not tell/);
      const content = 'dropped bytes 中文 ';
      const repeat = 150_000; // ≈3.3 MB: several acknowledged pieces
      await dom.webviewDrop(zone, { name: 'dropped.csv', content, repeat });
      await dom.waitForText(field ? '#message-file' : '#message-generic', /dropped\.csv: uploaded/);
      const uploads = await uploadsTo(base());
      assert.equal(uploads.length, 1);
      const part = uploads[0]!.multipart!.files[0]!;
      assert.deepEqual([part.field, part.filename, part.size], ['file', 'dropped.csv', Buffer.byteLength(content.repeat(repeat))]);
      await dom.webviewClick('#run');
      await dom.waitForText('#output', /dropped\.csv/);
      const run = (await runsTo(base())).at(-1)!;
      assertEncoded((run.body?.parameters as Record<string, unknown>).file);
      // dropped again: reused, not uploaded
      await dom.webviewDrop(zone, { name: 'dropped.csv', content, repeat });
      await dom.waitForText(field ? '#message-file' : '#message-generic', /already uploaded, reused/);
      assert.equal((await uploadsTo(base())).length, 1);
    });
  }

  it('a file dropped on the panel from the Explorer (a URI) is read through workspace.fs; an unsupported type is refused at the field', async function () {
    if (!dom.available()) this.skip();
    const uri = await workspaceFile('from-explorer.md', '# notes\n');
    await vscode.commands.executeCommand('coze.runWorkflow', { workflowId: WORKFLOWS.describeFile, environmentId: 'local-cloud' });
    await dom.waitForText('#editor', /file.*required/);
    await dom.webviewDrop('#drop-file', { uris: [uri.toString()] });
    await dom.waitForText('#message-file', /from-explorer\.md: uploaded/);
    assert.equal((await uploadsTo(servers().cloud))[0]?.multipart?.files[0]?.filename, 'from-explorer.md');
    await dom.webviewDrop('#drop-attachments', { name: 'setup.exe', content: 'MZ' });
    await dom.waitForText('#message-attachments', /Not uploaded: setup\.exe is a \.exe file, a type Coze does not take/);
    assert.equal((await uploadsTo(servers().cloud)).length, 1, 'nothing sent for the refused file');
  });

  it("a file dropped on a workflow in the Workflows view uploads it as that workflow's input", async () => {
    const api = await extensionApi();
    const folder = vscode.workspace.workspaceFolders![0]!;
    const file = vscode.Uri.joinPath(folder.uri, '.coze', 'workflows.json');
    const saved = { workflows: [{ id: WORKFLOWS.describeFile, name: 'describe', environment: 'local-cloud' }] };
    const previous = await vscode.workspace.fs.readFile(file).then(
      (b) => b,
      () => undefined,
    );
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(saved)));
    try {
      const item = await waitFor('the saved workflow', async () =>
        ((await api.workflowsTree.getChildren()) as WorkflowItem[]).find((w) => w.workflow?.id === WORKFLOWS.describeFile),
      );
      const uri = await workspaceFile('tree-drop.json', '{"a":1}');
      const dt = new vscode.DataTransfer();
      dt.set('text/uri-list', new vscode.DataTransferItem(uri.toString()));
      // describe_file has two file inputs: the drop asks which (the first offered is the required one)
      let dropped = false;
      const drop = api.workflowsTree.drop.handleDrop(item, dt, new vscode.CancellationTokenSource().token).finally(() => (dropped = true));
      await waitFor(
        'the input to be picked',
        async () => {
          await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
          return dropped || undefined;
        },
        300,
      );
      await drop;
      const uploads = await uploadsTo(servers().cloud);
      assert.deepEqual(
        uploads.map((u) => u.multipart?.files[0]?.filename),
        ['tree-drop.json'],
      );
      const panel = await waitFor('the editor panel', () => api.runs.lastPanel());
      assert.equal(panel.launch.workflowId, WORKFLOWS.describeFile);
      assert.equal(panel.launch.environment.id, 'local-cloud');
    } finally {
      if (previous) await vscode.workspace.fs.writeFile(file, previous);
      else await vscode.workspace.fs.delete(file);
    }
  });
});
