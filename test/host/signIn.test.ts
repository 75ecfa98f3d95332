import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionApi, servers } from './support/host';

function settingsFiles(): string[] {
  const files: string[] = [];
  const userData = process.env.COZE_TEST_USER_DATA;
  if (userData) files.push(path.join(userData, 'User', 'settings.json'));
  for (const f of vscode.workspace.workspaceFolders ?? []) files.push(path.join(f.uri.fsPath, '.vscode', 'settings.json'));
  return files.filter((f) => fs.existsSync(f));
}

describe('sign in', () => {
  const token = `pat_signin_test_${Date.now()}`;

  it('stores the token in SecretStorage for the active environment, never in settings', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('coze.signOut', { environmentId: 'local-studio' });
    await vscode.commands.executeCommand('coze.signIn', { token });
    assert.equal(await api.tokens.get('local-cloud'), token);
    assert.equal(await api.tokens.get('local-studio'), undefined, 'one token per environment');
    const files = settingsFiles();
    assert.ok(files.length >= 2, `settings files found: ${files.join(', ')}`);
    for (const f of files) assert.ok(!fs.readFileSync(f, 'utf8').includes(token), `${f} must not hold the token`);
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('coze')).includes(token));
  });

  it('signs out of the active environment', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('coze.signOut');
    assert.equal(await api.tokens.get('local-cloud'), undefined);
    // leave the suite signed in with the local server's real token
    await vscode.commands.executeCommand('coze.signIn', { token: servers().token });
    await vscode.commands.executeCommand('coze.signIn', { token: servers().token, environmentId: 'local-studio' });
    assert.equal(await api.tokens.get('local-studio'), servers().token);
  });
});
