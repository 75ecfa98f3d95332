import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/host/ids';
import { extensionApi } from './support/host';

describe('activation', () => {
  it('loads in the real VS Code and activates, exporting nothing', async () => {
    const api = await extensionApi();
    assert.ok(api.runs && api.envs && api.tokens, 'under the test runner, the services are reachable for the tests');
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.equal(ext.exports, undefined, 'activate() returns nothing: no other extension can reach the services');
    // the run panels, the chat and the HTTP stack come at first use (dist/panels.js, dist/http.js)
    assert.deepEqual([api.httpLoadedAtActivation, api.panelsLoadedAtActivation], [false, false], 'activation loads neither the HTTP stack nor the panels');
    console.log(`    host VS Code ${vscode.version}, Node ${process.version}, activate() ${api.activatedInMs.toFixed(1)} ms`);
  });

  it('registers every command it contributes', async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'coze-workflows');
    const contributed: string[] = ext?.packageJSON.contributes.commands.map((c: { command: string }) => c.command) ?? [];
    assert.ok(contributed.length >= 5);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c)),
      [],
    );
  });

  it('reads the environments of the user settings', async () => {
    const api = await extensionApi();
    const ids = api.envs.all().map((e) => e.id);
    assert.deepEqual(ids, ['coze.cn', 'coze.com', 'local-cloud', 'local-studio']);
    assert.equal(api.envs.active().id, 'local-cloud');
  });
});
