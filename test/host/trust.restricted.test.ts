// Restricted Mode: this suite runs in a window whose folder is not trusted, and whose .vscode/settings.json
// (as a cloned repository could have it) points the user's environment at another server and picks another
// environment. Runs still work, with the user's own settings only.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { dom, environment, extensionApi, notificationsText, recordedRequests, servers, setToken, waitFor } from './support/host';

const HELLO = '7500000000000000101';

describe("Restricted Mode: runs work with the user's own settings, and the workspace steers nothing", () => {
  before(async () => {
    await setToken('local-cloud', servers().token);
    await setToken('local-studio', servers().token);
  });

  it('the folder is untrusted, and the extension is active in it', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite must run in Restricted Mode');
    const ext = vscode.extensions.getExtension('coze-workflows-dev.coze-workflows');
    assert.equal(ext?.isActive || (await ext?.activate(), ext?.isActive), true);
  });

  it('reads the environments and the active one from the user settings only', async () => {
    const api = await extensionApi();
    const config = vscode.workspace.getConfiguration('coze');
    const file = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, '.vscode', 'settings.json');
    assert.match(fs.readFileSync(file, 'utf8'), new RegExp(servers().elsewhere.replace(/[.:/]/g, '\\$&')), 'the workspace does name another server');
    assert.equal(config.inspect('environments')?.workspaceValue, undefined, 'an application setting: VS Code does not take it from a workspace');
    assert.match(fs.readFileSync(file, 'utf8'), /"coze\.environment": "local-studio"/, 'the workspace tries to choose an environment');
    assert.equal(config.inspect('environment')?.workspaceValue, undefined, 'a restricted setting: VS Code does not read it from an untrusted workspace');
    assert.equal((await environment('local-cloud')).baseUrl, servers().cloud);
    assert.equal(api.envs.active().id, 'local-cloud', "the user's choice, not the untrusted workspace's");
  });

  it("runs a workflow on the user's server; the server the workspace named receives nothing", async () => {
    const api = await extensionApi();
    const before = (await recordedRequests(servers().elsewhere)).length;
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name: 'restricted' } });
    const session = api.runs.get(runId)!;
    await waitFor('the run to end', () => !session.isActive);
    assert.equal(session.view.status, 'succeeded', session.view.error?.message);
    assert.match(session.view.output ?? '', /Hello, restricted!/);
    assert.equal(session.environment.baseUrl, servers().cloud);
    assert.equal((await recordedRequests(servers().elsewhere)).length, before);
  });

  it('choosing an environment is kept for the user, not written into the untrusted workspace', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: 'local-studio' });
    try {
      assert.equal(api.envs.active().id, 'local-studio');
      assert.equal(vscode.workspace.getConfiguration('coze').inspect('environment')?.globalValue, 'local-studio');
    } finally {
      await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: 'local-cloud' });
    }
  });

  it("lists a repository's test cases, but runs none until the folder is trusted: nothing is sent", async () => {
    const api = await extensionApi();
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.coze', 'tests', 'cloned.test.yaml');
    await vscode.workspace.fs.writeFile(
      uri,
      new TextEncoder().encode(`cases:\n  - name: runs on clone\n    workflow: "${HELLO}"\n    parameters: { name: cloned }\n`),
    );
    try {
      await api.tests.items.refresh(uri);
      const item = await waitFor(
        'the case in the Test Explorer',
        () => api.tests.controller.items.get(uri.fsPath)?.children.size === 1 && api.tests.controller.items.get(uri.fsPath),
      );
      const sent = async () =>
        (await Promise.all([servers().cloud, servers().studio, servers().elsewhere].map(recordedRequests)))
          .flat()
          .filter((r) => r.path.startsWith('/v1/workflow')).length;
      const before = await sent();
      await api.tests.run(new vscode.TestRunRequest([item]), new vscode.CancellationTokenSource().token);
      assert.equal(await sent(), before, 'nothing was sent');
      assert.equal(vscode.workspace.isTrusted, false);
      if (dom.available()) {
        // test mode shows no toasts: the warning lands in the notification center, with its way to trust
        const text = await waitFor('the trust warning', async () => {
          const t = await notificationsText();
          return /Trust the folder to run them/.test(t) ? t : undefined;
        });
        assert.match(text, /Manage Workspace Trust/);
        await vscode.commands.executeCommand('notifications.clearAll');
      }
    } finally {
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });
});
