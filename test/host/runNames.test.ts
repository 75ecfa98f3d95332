// A run is named the same wherever it shows: a panel opened by id takes the workflow's name once it is known,
// and an async run that fails unseen says which workflow failed.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, dom, extensionApi, notificationsText, useLocalEnvironments, waitFor } from './support/host';

const ASK = '7500000000000000102';
const FAIL = '7500000000000000104';

const runTabs = () =>
  vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .map((t) => t.label)
    .filter((l) => l.startsWith('Coze Run'));

describe('a run is named by its workflow wherever it shows', () => {
  useLocalEnvironments();
  const file = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.coze', 'workflows.json');
  afterEach(async () => {
    await closeAll();
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.workspace.fs.delete(file()).then(undefined, () => undefined);
  });

  it("a panel takes the workflow's name as its title once the name is known, and follows it when it changes", async () => {
    const api = await extensionApi();
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: ASK, environmentId: 'local-cloud', parameters: {} });
    const before = api.names.label('local-cloud', ASK); // the id, or a name an earlier run learned
    await waitFor('the panel titled as known now', () => runTabs().includes(`Coze Run · ${before}`));
    const learned = `ask_question_${Date.now()}`;
    await api.names.remember('local-cloud', ASK, learned);
    await waitFor('the title to follow the name', () => runTabs().includes(`Coze Run · ${learned}`));
    api.runs.get(runId)?.cancel();
  });

  it('an async run that fails names its workflow in the notification', async function () {
    if (!dom.available()) this.skip();
    const api = await extensionApi();
    await vscode.workspace.fs.writeFile(
      file(),
      new TextEncoder().encode(JSON.stringify({ workflows: [{ id: FAIL, name: 'nightly_report', kind: 'workflow', environment: 'local-cloud' }] })),
    );
    await waitFor('the saved name to be known', () => api.names.nameOf('local-cloud', FAIL) === 'nightly_report');
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', {
      workflowId: FAIL,
      environmentId: 'local-cloud',
      parameters: {},
      mode: 'async',
    });
    const session = api.runs.get(runId)!;
    await waitFor('the async run to fail', () => session.view.status === 'failed');
    const text = await waitFor('the notification naming the workflow', async () => {
      const t = await notificationsText();
      return /nightly_report/.test(t) ? t : undefined;
    });
    assert.match(text, /The run of nightly_report failed\./);
  });
});
