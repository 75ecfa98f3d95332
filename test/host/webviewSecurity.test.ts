// Workflow output is untrusted: XSS payloads in outputs, node text and error messages render as inert text.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { WORKFLOWS } from '../server/constants';
import { dom, extensionApi, servers, useLocalEnvironments, waitFor } from './support/host';

const PAYLOAD = [
  '<script>window.__cozeXss="script"</script>',
  '<img src=x onerror="window.__cozeXss=\'img\'">',
  '<svg onload="window.__cozeXss=\'svg\'"></svg>',
  '<a href="javascript:window.__cozeXss=\'link\'">click</a>',
  '<iframe src="javascript:window.__cozeXss=\'frame\'"></iframe>',
].join(' ');

/** Runs a workflow of the local cloud server through the command and waits until the run reaches `status`. */
async function runUntil(workflowId: string, parameters: Record<string, unknown>, status: string): Promise<void> {
  const api = await extensionApi();
  const id = (await vscode.commands.executeCommand('coze.runWorkflow', { workflowId, environmentId: 'local-cloud', parameters })) as string;
  await waitFor(`the run to be ${status}`, () => api.runs.get(id)?.view.status === status);
}

describe('webview security', () => {
  useLocalEnvironments();

  it('renders XSS payloads in the output and node text as text: nothing injected, nothing run', async function () {
    if (!dom.available()) this.skip();
    await runUntil(WORKFLOWS.helloStream, { name: PAYLOAD }, 'succeeded');
    const output = await dom.waitForText('#output', /<script>window\.__cozeXss/);
    assert.match(output, /<svg onload=/, 'the markup is shown as characters');
    assert.match(await dom.webviewText('.node .node-text'), /<img src=x onerror=/);
    assert.deepEqual(await dom.webviewProbe('injected'), { elements: 0, ran: null });
  });

  it('renders an interrupt question carrying markup as text', async function () {
    if (!dom.available()) this.skip();
    await runUntil(WORKFLOWS.askQuestion, { topic: PAYLOAD }, 'interrupted');
    const card = await dom.waitForText('#interrupt', /<script>window\.__cozeXss/);
    assert.match(card, /<a href="javascript:/, 'the question is shown as characters');
    assert.deepEqual(await dom.webviewProbe('injected'), { elements: 0, ran: null });
  });

  it('uploads a dropped link only when it is a file of this workspace: the webview cannot name any file it likes', async function () {
    if (!dom.available()) this.skip();
    const uploads = async () =>
      ((await (await fetch(`${servers().cloud}/_test/requests`)).json()) as { path: string }[]).filter((r) => r.path === '/v1/files/upload').length;
    const before = await uploads();
    await vscode.commands.executeCommand('coze.runWorkflow', { workflowId: WORKFLOWS.describeFile, environmentId: 'local-cloud' });
    await dom.waitForText('#editor', /file/);
    await dom.webviewDrop('#drop-file', { uris: ['file:///etc/hostname'] });
    await dom.waitForText('#message-file', /only files of this workspace/i);
    assert.equal(await uploads(), before, 'nothing was uploaded');
  });

  it('renders an error message carrying markup as text', async function () {
    if (!dom.available()) this.skip();
    await runUntil(WORKFLOWS.describeFile, { file: '<img src=x onerror="window.__cozeXss=1">' }, 'failed');
    await dom.waitForText('#error', /<img src=x onerror=/);
    assert.deepEqual(await dom.webviewProbe('injected'), { elements: 0, ran: null });
  });
});
