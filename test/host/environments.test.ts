import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, servers, setToken, useLocalEnvironments } from './support/host';

describe('environments', () => {
  useLocalEnvironments();

  it('switches the active environment and tests the connection of each', async () => {
    const api = await extensionApi();
    for (const id of ['local-cloud', 'local-studio']) {
      await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: id });
      assert.equal(api.envs.active().id, id);
      const report = await vscode.commands.executeCommand<{ ok: boolean; detail: string }>('coze.testConnection');
      assert.equal(report?.ok, true, `${id}: ${report?.detail}`);
    }
  });

  it('reports a refused token as such', async () => {
    await setToken('local-cloud', 'pat_refused');
    try {
      const report = await vscode.commands.executeCommand<{ ok: boolean; detail: string }>('coze.testConnection');
      assert.equal(report?.ok, false);
      assert.match(report?.detail ?? '', /authentication/i);
    } finally {
      await setToken('local-cloud', servers().token);
    }
  });
});
