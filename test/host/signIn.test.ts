import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { dom, environment, extensionApi, servers, setToken, tokenOf, waitFor } from './support/host';

function settingsFiles(): string[] {
  const files: string[] = [];
  const userData = process.env.COZE_TEST_USER_DATA;
  if (userData) files.push(path.join(userData, 'User', 'settings.json'));
  for (const f of vscode.workspace.workspaceFolders ?? []) files.push(path.join(f.uri.fsPath, '.vscode', 'settings.json'));
  return files.filter((f) => fs.existsSync(f));
}

describe('sign in', () => {
  const token = `pat_signin_test_${Date.now()}`;

  after(async () => {
    // leave the suite signed in with the local server's real token
    await setToken('local-cloud', servers().token);
    await setToken('local-studio', servers().token);
  });

  it('takes the token typed into its input box, bound to the address of the active environment, and never in settings', async function () {
    if (!dom.available()) this.skip(); // the token is typed by a person: only the DOM bridge can type it here
    const api = await extensionApi();
    await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: 'local-cloud' });
    await vscode.commands.executeCommand('coze.signOut', { environmentId: 'local-studio' });
    const signedIn = vscode.commands.executeCommand<boolean>('coze.signIn');
    await dom.answerQuickInput(token);
    assert.equal(await signedIn, true);
    assert.equal(await tokenOf('local-cloud'), token);
    assert.equal(await tokenOf('local-studio'), undefined, 'one token per environment');
    const state = await api.tokens.state(await environment('local-cloud'));
    assert.equal(state.state === 'bound' && state.origin, new URL(servers().cloud).origin, 'bound to the origin it was entered for');
    const files = settingsFiles();
    assert.ok(files.length >= 2, `settings files found: ${files.join(', ')}`);
    for (const f of files) assert.ok(!fs.readFileSync(f, 'utf8').includes(token), `${f} must not hold the token`);
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('coze')).includes(token));
  });

  it('takes no token from a caller: the command ignores a token argument and asks', async function () {
    if (!dom.available()) this.skip();
    const before = await tokenOf('local-cloud');
    const signedIn = vscode.commands.executeCommand<boolean>('coze.signIn', { token: 'pat_local_demo_from_another_extension' });
    await waitForQuickInput();
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await signedIn, false);
    assert.equal(await tokenOf('local-cloud'), before, 'the token did not change');
  });

  it('signs out of the active environment', async () => {
    await setToken('local-cloud', token);
    await vscode.commands.executeCommand('coze.signOut');
    assert.equal(await tokenOf('local-cloud'), undefined);
  });
});

async function waitForQuickInput(): Promise<void> {
  await waitFor('the input box', async () => (await dom.call('/count', { selector: '.quick-input-widget:visible input' })).count === 1);
}
