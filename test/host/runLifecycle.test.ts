import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, dom, extensionApi, servers, useLocalEnvironments, waitFor } from './support/host';

const HELLO = '7500000000000000101';
const ASK = '7500000000000000102';

async function setFault(fault: unknown): Promise<void> {
  await fetch(`${servers().cloud}/_test/fault`, { method: 'PUT', body: JSON.stringify(fault) });
}

describe('run lifecycle: interrupts, cancel, status bar, debug URL', () => {
  useLocalEnvironments();
  afterEach(() => setFault(null));

  it('answers a question in the panel and shows the resumed output in the same panel', async function () {
    if (!dom.available()) this.skip();
    const api = await extensionApi();
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: ASK, parameters: {} });
    const session = api.runs.get(runId)!;
    await waitFor('the question', () => session.view.status === 'interrupted');
    const card = await waitFor('the question card', () => dom.webviewText('#interrupt').catch(() => undefined));
    assert.match(card, /Which colour do you like best\?/);
    assert.match(card, /0 of 3/, "cloud's limit of three answers is shown before answering");
    await dom.webviewFill('#answer', 'green');
    await dom.webviewClick('#send-answer');
    await waitFor('the resumed run to succeed', () => session.view.status === 'succeeded');
    const text = await waitFor('the resumed output in the panel', async () => {
      const t = await dom.webviewText('#output').catch(() => '');
      return /You chose green/.test(t) ? t : undefined;
    });
    assert.match(text, /Good choice/);
    assert.equal(session.view.segments, 2, 'the resume continued the same run');
    const resumeRequest = (await (await fetch(`${servers().cloud}/_test/requests`)).json()) as { path: string; body: { resume_data: string } }[];
    assert.equal(resumeRequest.filter((r) => r.path === '/v1/workflow/stream_resume').at(-1)?.body.resume_data, 'green');
  });

  it('coze.resumeInterrupt answers a run whose panel was closed, and reopens it', async () => {
    const api = await extensionApi();
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: ASK, parameters: {} });
    const session = api.runs.get(runId)!;
    await waitFor('the question', () => session.view.status === 'interrupted');
    await closeAll();
    await waitFor('the panel to close', () => (api.runs.panelFor(runId) ? undefined : true));
    const resumed = await vscode.commands.executeCommand<string>('coze.resumeInterrupt', { runId, answer: 'blue' });
    assert.equal(resumed, runId);
    await waitFor('the run to succeed', () => session.view.status === 'succeeded');
    assert.match(session.view.output ?? '', /You chose blue/);
    assert.ok(api.runs.panelFor(runId), 'the panel is open again');
    if (dom.available()) assert.match(await waitFor('the output', () => dom.webviewText('#output').catch(() => undefined)), /You chose blue/);
  });

  it('cancels a streaming run from the status bar at once and records it as cancelled', async () => {
    const api = await extensionApi();
    // the server goes silent after the first event for ten minutes: only the cancel can end the run before that
    await setFault({ kind: 'silence', afterEvents: 1, silenceMs: 600_000 });
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name: 'cancel' } });
    const session = api.runs.get(runId)!;
    await waitFor('the first chunk', () => session.view.messageCount > 0);
    assert.match(api.runStatus.text, /loading~spin/, 'a spinning status item while it streams');
    await vscode.commands.executeCommand('coze.cancelRun', { runId });
    await waitFor('the run to be cancelled', () => session.view.status === 'cancelled', 10);
    assert.equal(session.view.messageCount, 1, 'nothing arrived after the cancel');
    await waitFor('the status bar to show the cancelled run', () => (/circle-slash/.test(api.runStatus.text) ? true : undefined));
  });

  it('shows the result in the status bar and opens the debug URL of the run', async () => {
    const api = await extensionApi();
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name: 'status' } });
    const session = api.runs.get(runId)!;
    await waitFor('the run to succeed', () => session.view.status === 'succeeded');
    await waitFor('the status bar result', () => (/\$\(pass\) Coze [\d.]+ s · 42 tokens/.test(api.runStatus.text) ? true : undefined));
    const url = await vscode.commands.executeCommand<string>('coze.openDebugUrl', { runId });
    assert.equal(url, session.view.debugUrl);
    assert.match(url, /^https:\/\/www\.coze\.cn\/work_flow\?execute_id=\d+/);
  });

  it('runs synchronously, showing the result and its usage in the panel', async () => {
    const api = await extensionApi();
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name: 'sync' }, mode: 'sync' });
    const session = api.runs.get(runId)!;
    await waitFor('the sync run to succeed', () => session.view.status === 'succeeded');
    assert.match(session.view.output ?? '', /Hello, sync!/);
    assert.equal(session.view.usage?.tokenCount, 42);
    assert.ok(session.view.debugUrl);
    if (dom.available()) assert.match(await waitFor('the output', () => dom.webviewText('#output').catch(() => undefined)), /Hello, sync!/);
  });

  it('shows links of the output as inert buttons, and loads nothing from them, images included', async function () {
    if (!dom.available()) this.skip();
    const DESCRIBE = '7500000000000000103';
    // describeFile accepts an http(s) URL as the file and names it in its output
    await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: DESCRIBE, parameters: { file: 'https://cdn.example.com/cat.png' } });
    await waitFor('the links', () => dom.webviewCount('#links button.link').then((n) => n > 0 || undefined));
    assert.equal(await dom.webviewCount('#links a'), 0, 'no live anchors: links open only through the host');
    assert.equal(await dom.webviewCount('img'), 0, 'no image is loaded from the output: the panel makes no network request');
    await dom.waitForText('#links', /https:\/\/cdn\.example\.com\/cat\.png/);
  });

  it('sends the run options each dialect offers: Studio execute_mode and version, cloud workflow_version and connector_id', async () => {
    const api = await extensionApi();
    const last = async (base: string) =>
      ((await (await fetch(`${base}/_test/requests`)).json()) as { path: string; body: Record<string, unknown> }[])
        .filter((r) => r.path === '/v1/workflow/stream_run')
        .at(-1)?.body;
    let runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', {
      workflowId: HELLO,
      parameters: { name: 'v' },
      options: { workflowVersion: 'v0.0.3', connectorId: '1024' },
    });
    await waitFor('the cloud run', () => api.runs.get(runId)?.view.status === 'succeeded');
    assert.deepEqual(await last(servers().cloud), { workflow_id: HELLO, parameters: { name: 'v' }, workflow_version: 'v0.0.3', connector_id: '1024' });
    await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: 'local-studio' });
    runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', {
      workflowId: HELLO,
      parameters: { name: 'd' },
      options: { executeMode: 'DEBUG', version: 'v0.0.1', workflowVersion: 'ignored' },
    });
    await waitFor('the studio run', () => api.runs.get(runId)?.view.status === 'succeeded');
    assert.deepEqual(await last(servers().studio), { workflow_id: HELLO, parameters: { name: 'd' }, execute_mode: 'DEBUG', version: 'v0.0.1' });
  });
});
