// What a run holds and for how long: released once it has ended and its panel closed (kept while it waits
// for an answer), each update shown once even when it arrives while the panel loads its form, ids unique.
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { closeAll, dom, extensionApi, heldAtLeast, nextEvent, servers, setToken, useLocalEnvironments, waitFor } from './support/host';

const HELLO = '7500000000000000101';
const ASK = '7500000000000000102';
const CHAT = '7500000000000000106';

/** A full collection in the extension host, which runs without --expose-gc. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

async function control(base: string, path: string, body: unknown, method = 'PUT'): Promise<Record<string, unknown>> {
  return (await (await fetch(`${base}${path}`, { method, body: JSON.stringify(body) })).json()) as Record<string, unknown>;
}

describe('run and chat sessions: released when done, shown once, unique', () => {
  useLocalEnvironments();

  it('a finished run is released when its panel closes: its listeners go, and it lives on in history only', async () => {
    const api = await extensionApi();
    // the test holds the session only weakly, so what keeps it alive can only be the extension
    const { runId, weak } = await (async () => {
      const id = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name: 'released' } });
      await waitFor('the run to end', () => !api.runs.get(id)?.isActive);
      return { runId: id, weak: new WeakRef(api.runs.get(id)!) };
    })();
    const released = nextEvent(api.runs.onDidRelease, (id) => id === runId);
    await closeAll();
    await released;
    assert.equal(api.runs.get(runId), undefined);
    assert.equal((await api.history.get(runId))?.status, 'succeeded', 'in history');
    // nothing of the extension holds it any more: the garbage collector takes it
    await waitFor('the session to be collected', () => {
      collectGarbage();
      return weak.deref() === undefined;
    });
    // and it still opens, from history
    await vscode.commands.executeCommand('coze.showRun', { runId });
    assert.equal(api.runs.panelFor(runId)?.runId, runId);
    if (dom.available()) await dom.waitForText('#output', /Hello, released!/);
  });

  it('a run waiting for an answer is kept with its panel closed, so Resume Interrupt can still answer it', async () => {
    const api = await extensionApi();
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: ASK, parameters: {} });
    await waitFor('the question', () => api.runs.get(runId)?.view.status === 'interrupted');
    await closeAll();
    assert.equal(api.runs.get(runId)?.view.status, 'interrupted', 'still held');
    await vscode.commands.executeCommand('coze.resumeInterrupt', { runId, answer: 'red' });
    await waitFor('the resumed run', () => api.runs.get(runId)?.view.status === 'succeeded');
  });

  it('a chat session is released when its panel closes', async () => {
    const api = await extensionApi();
    const chatId = await vscode.commands.executeCommand<string>('coze.openChat', { workflowId: CHAT, message: 'hello', environmentId: 'local-studio' });
    const chat = api.chats.get(chatId)!;
    await waitFor('the answer', () => chat.view.turns[0]?.status === 'completed');
    await closeAll();
    await waitFor('the chat to be released', () => api.chats.get(chatId) === undefined);
    assert.ok(chat.isDisposed);
  });

  it('updates that arrive while the panel loads its form are shown once, never twice', async function () {
    if (!dom.available()) this.skip();
    const api = await extensionApi();
    const cloud = servers().cloud;
    // an environment of its own (the same server), so no schema is cached for it yet and the panel must ask
    const config = vscode.workspace.getConfiguration('coze');
    const mine = config.inspect<unknown[]>('environments')!.globalValue!;
    const added = nextEvent(api.envs.onDidChange);
    await config.update(
      'environments',
      [...mine, { id: 'local-cloud-form', name: 'Form load', baseUrl: cloud, dialect: 'cloud' }],
      vscode.ConfigurationTarget.Global,
    );
    await added;
    await setToken('local-cloud-form', servers().token);
    // the panel's form needs the workflow's input schema: the server holds that answer while the run streams
    await control(cloud, '/_test/hold', { paths: [`/v1/workflows/${HELLO}`] });
    try {
      const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', {
        workflowId: HELLO,
        parameters: { name: 'once' },
        environmentId: 'local-cloud-form',
      });
      const session = api.runs.get(runId)!;
      await heldAtLeast(cloud, 1); // the form's request has arrived and waits
      await waitFor('the run to end', () => !session.isActive);
      const expected = session.view.nodes.find((n) => !n.isEnd)!.text;
      assert.equal(await dom.waitForText('.node:not(.end) .node-text', /Hello, once!/), expected, 'each chunk once, while the form still loads');
      await fetch(`${cloud}/_test/release`, { method: 'POST' });
      await waitFor('the form from the schema', async () => (await dom.webviewCount('#field-name')) === 1);
      assert.equal(await dom.webviewText('.node:not(.end) .node-text'), expected, 'and once after the form arrived');
    } finally {
      await fetch(`${cloud}/_test/release`, { method: 'POST' }); // ends the hold too
      await config.update('environments', mine, vscode.ConfigurationTarget.Global);
    }
  });

  it('gives every run an id that no other window can give: a random UUID', async () => {
    const api = await extensionApi();
    const ids = await Promise.all(
      [1, 2].map((i) => vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name: `id${i}` } })),
    );
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(ids[0], ids[1]);
    await Promise.all(ids.map((id) => waitFor('the run to end', () => !api.runs.get(id)?.isActive)));
  });
});
