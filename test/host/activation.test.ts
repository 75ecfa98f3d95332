import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi } from './support/host';

describe('activation', () => {
  it('loads in the real VS Code and activates', async () => {
    const api = await extensionApi();
    assert.ok(api.runs && api.envs && api.tokens, 'the extension returns its services');
    console.log(`    host VS Code ${vscode.version}, Node ${process.version}, activate() ${api.activatedInMs.toFixed(1)} ms`);
  });

  it('registers every command it contributes', async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'coze-workflows');
    const contributed: string[] = ext?.packageJSON.contributes.commands.map((c: { command: string }) => c.command) ?? [];
    assert.ok(contributed.length >= 5);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
  });

  it('reads the environments of the workspace settings', async () => {
    const api = await extensionApi();
    const ids = api.envs.all().map((e) => e.id);
    assert.deepEqual(ids, ['coze.cn', 'coze.com', 'local-cloud', 'local-studio']);
    assert.equal(api.envs.active().id, 'local-cloud');
  });
});
