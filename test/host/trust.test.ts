// The token goes only where the user sent it: not to another extension (exports, commands), not to a server a
// workspace names, not to a new address of an environment before the user signs in there again.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/host/ids';
import { environment, extensionApi, nextEvent, recordedRequests, servers, setToken, tokenOf, useLocalEnvironments, waitFor } from './support/host';

const HELLO = '7500000000000000101';

interface Stolen {
  exportsBefore: string[];
  exportsAfter: string[];
  results: Record<string, string[]>;
}

/** Runs hello_stream on an environment through the command and waits for it to end; the run id, or undefined if refused. */
async function runHello(environmentId: string, name: string): Promise<string | undefined> {
  const api = await extensionApi();
  const runId = await vscode.commands.executeCommand<string | undefined>('coze.runWorkflow', { workflowId: HELLO, parameters: { name }, environmentId });
  if (runId) await waitFor(`the run of ${name} to end`, () => !api.runs.get(runId)?.isActive);
  return runId;
}

const workspaceSettings = () => path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, '.vscode', 'settings.json');

describe('trust: the token goes only where the user sent it', () => {
  useLocalEnvironments();
  const token = `pat_local_demo_trust_${randomBytes(6).toString('hex')}`;

  beforeEach(async () => {
    await setToken('local-cloud', token);
    await setToken('local-studio', token);
  });
  after(async () => {
    await setToken('local-cloud', servers().token);
    await setToken('local-studio', servers().token);
  });

  it('another extension gets nothing: activate() exports nothing, and no command hands out the token', async () => {
    const runId = await runHello('local-cloud', 'attacker');
    assert.ok(runId);
    const argumentSets = [[], [{ environmentId: 'local-cloud' }], [{ runId }], [{ runId, environmentId: 'local-studio', workflowId: HELLO }]];
    // signing out, clearing history and removing saved workflows destroy, they do not reveal: left out so the
    // suite keeps its state (they return nothing either way)
    const skip = ['coze.signOut', 'coze.clearHistory', 'coze.removeWorkflow', 'coze.renameWorkflow'];
    const stolen = await vscode.commands.executeCommand<Stolen>('cozeTestAttacker.steal', { target: EXTENSION_ID, argumentSets, skip });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.deepEqual(stolen.exportsBefore, [], 'exports before activation: nothing');
    assert.deepEqual(stolen.exportsAfter, [], 'activate() returned nothing');
    const calls = Object.keys(stolen.results);
    const ours = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('coze.') && !skip.includes(c));
    assert.equal(calls.length, ours.length * argumentSets.length, 'every command was called with every argument set');
    assert.ok(
      Object.values(stolen.results).some((r) => r.some((s) => s.includes('$COZE_API_TOKEN'))),
      'results were captured (Copy as curl returned its command)',
    );
    const leaks = Object.entries(stolen.results).filter(([, r]) => r.some((s) => s.includes(token) || s.includes(token.slice(4))));
    console.log(
      `      another extension: ${calls.length} command calls (${ours.length} commands × ${argumentSets.length} argument sets), exports empty, ${leaks.length} results holding the token`,
    );
    assert.deepEqual(
      leaks.map(([k]) => k),
      [],
      'no command result holds the token',
    );
    assert.equal(await tokenOf('local-cloud'), token, "and the token is still the user's");
  });

  it('a workspace .vscode/settings.json that changes while the window is open cannot move an environment: the other server gets nothing', async () => {
    const api = await extensionApi();
    const elsewhere = servers().elsewhere;
    const before = (await recordedRequests(elsewhere)).length;
    const hostile = {
      'coze.environments': [
        { id: 'local-cloud', name: 'Local Coze (cloud)', baseUrl: elsewhere, dialect: 'cloud' },
        { id: 'from-the-repository', name: 'From the repository', baseUrl: elsewhere, dialect: 'cloud' },
      ],
      // a setting a workspace may hold, to know when VS Code has read the file
      'coze.timeouts.idleSeconds': 299,
    };
    fs.writeFileSync(workspaceSettings(), JSON.stringify(hostile, null, 2));
    try {
      await waitFor('VS Code to read the workspace settings', () => vscode.workspace.getConfiguration('coze').get('timeouts.idleSeconds') === 299);
      assert.equal((await environment('local-cloud')).baseUrl, servers().cloud, 'local-cloud still points where the user set it');
      assert.ok(!api.envs.all().some((e) => e.id === 'from-the-repository'), 'a workspace defines no environment');
      const cloudBefore = (await recordedRequests(servers().cloud)).length;
      const runId = await runHello('local-cloud', 'pulled');
      assert.equal(api.runs.get(runId!)?.view.status, 'succeeded');
      const sent = (await recordedRequests(servers().cloud)).slice(cloudBefore);
      assert.ok(
        sent.some((r) => r.path === '/v1/workflow/stream_run' && r.headers.authorization === `Bearer ${token}`),
        "the run went to the user's server",
      );
      assert.equal((await recordedRequests(elsewhere)).length, before, 'the server the workspace named received nothing');
    } finally {
      fs.writeFileSync(workspaceSettings(), '{}');
      await waitFor('VS Code to read the workspace settings again', () => vscode.workspace.getConfiguration('coze').get('timeouts.idleSeconds') === 300);
    }
  });

  it('when the user moves an environment, its token stays with the old address until they sign in at the new one', async () => {
    const api = await extensionApi();
    const elsewhere = servers().elsewhere;
    const config = vscode.workspace.getConfiguration('coze');
    const mine = config.inspect<unknown[]>('environments')!.globalValue!;
    const moved = mine.map((e) => ((e as { id: string }).id === 'local-cloud' ? { ...(e as object), baseUrl: elsewhere } : e));
    const before = (await recordedRequests(elsewhere)).length;
    const changed = nextEvent(api.envs.onDidChange);
    await config.update('environments', moved, vscode.ConfigurationTarget.Global);
    try {
      await changed;
      const state = await api.tokens.state(await environment('local-cloud'));
      assert.equal(state.state, 'elsewhere');
      assert.equal(await runHello('local-cloud', 'moved'), undefined, 'the run is refused before anything is sent');
      assert.equal((await recordedRequests(elsewhere)).length, before, 'the new address received nothing');
      await assert.rejects(
        api.runs.start({ workflowId: HELLO, parameters: {} }, 'stream', await environment('local-cloud')),
        (e: Error & { kind?: string }) => {
          assert.equal(e.kind, 'notSignedIn');
          assert.match(e.message, /now points to .*but its token was entered for/);
          return true;
        },
      );
      // signing in at the new address is the user's consent: from then on it goes there
      await setToken('local-cloud', token);
      const runId = await runHello('local-cloud', 'consented');
      assert.equal(api.runs.get(runId!)?.view.status, 'succeeded');
      assert.ok((await recordedRequests(elsewhere)).length > before);
    } finally {
      await config.update('environments', mine, vscode.ConfigurationTarget.Global);
      await waitFor('local-cloud back at its address', async () => (await environment('local-cloud')).baseUrl === servers().cloud);
    }
  });

  it('a changed id alone carries no token: an environment renamed in the settings is signed out', async () => {
    const api = await extensionApi();
    const config = vscode.workspace.getConfiguration('coze');
    const mine = config.inspect<unknown[]>('environments')!.globalValue!;
    const renamed = [...mine, { id: 'local-cloud-renamed', name: 'Renamed', baseUrl: servers().cloud, dialect: 'cloud' }];
    const changed = nextEvent(api.envs.onDidChange);
    await config.update('environments', renamed, vscode.ConfigurationTarget.Global);
    try {
      await changed;
      assert.equal((await api.tokens.state(await environment('local-cloud-renamed'))).state, 'none', 'same address, new id: no token');
    } finally {
      await config.update('environments', mine, vscode.ConfigurationTarget.Global);
    }
  });
});
