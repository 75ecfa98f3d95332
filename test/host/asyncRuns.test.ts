import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, servers, setToken, useLocalEnvironments, waitFor } from './support/host';

const SLOW_JOB = '7500000000000000105';

describe('async runs', () => {
  useLocalEnvironments();

  for (const env of ['local-cloud', 'local-studio']) {
    it(`${env}: polls an async run in the background until Success, and records it`, async () => {
      const api = await extensionApi();
      await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: env });
      const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: SLOW_JOB, parameters: { seconds: 1 }, mode: 'async' });
      const session = api.runs.get(runId)!;
      await waitFor('the async run to be accepted', () => session.view.asyncStatus);
      assert.match(session.view.executeId ?? '', /^\d{19}$/);
      await waitFor('the status bar to show the polled run', () => (/Coze async run: Running · /.test(api.runStatus.text) ? true : undefined));
      await waitFor('the async run to succeed', () => session.view.status === 'succeeded');
      assert.match(session.view.output ?? '', /job finished/);
      assert.ok((session.view.polls ?? 0) >= 2, `polled ${session.view.polls} times`);
      assert.ok(session.view.debugUrl);
      await waitFor('the stored record', async () => (await api.history.store.get(runId))?.status === 'succeeded' || undefined);
    });
  }

  it("reports an async run that fails, with the server's error", async () => {
    const api = await extensionApi();
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', {
      workflowId: SLOW_JOB,
      parameters: { seconds: 1, fail: true },
      mode: 'async',
    });
    const session = api.runs.get(runId)!;
    await waitFor('the async run to fail', () => session.view.status === 'failed');
    assert.equal(session.view.asyncStatus, 'Fail');
    assert.ok(session.view.error?.message);
    assert.equal(session.view.error?.kind, 'workflow');
  });

  it('explains 6003 (async needs a paid plan) on cloud', async () => {
    const api = await extensionApi();
    await setToken('local-cloud', 'pat_local_free_plan');
    try {
      const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: SLOW_JOB, parameters: {}, mode: 'async' });
      const session = api.runs.get(runId)!;
      await waitFor('the run to fail', () => session.view.status === 'failed');
      assert.equal(session.view.error?.kind, 'paidFeature');
      assert.match(session.view.error?.hint ?? '', /stream/);
    } finally {
      await setToken('local-cloud', servers().token);
    }
  });
});
