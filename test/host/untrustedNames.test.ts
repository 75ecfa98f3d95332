// Names a cloned repository writes (saved workflows and their presets in .coze/workflows.json) reach
// notifications and the tooltips of the Workflows and History views. Each carries a Markdown link to a command and an icon
// code here: wherever it shows, it shows as written, and nothing in the workbench becomes a live link.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { dom, extensionApi, notificationsText, servers, setToken, useLocalEnvironments, waitFor } from './support/host';

const SLOW_JOB = '7500000000000000105';
const HELLO = '7500000000000000101';
const LINK = '[Run as Stream](command:coze.signOut)';
const PAYLOAD = `${LINK} $(alert)`;

/** Links in the workbench's notifications (toasts and the list): none may point at a command. */
async function commandLinks(): Promise<number> {
  const selector = '.notifications-toasts a[href^="command:"], .notifications-center a[href^="command:"], .notification-list-item-message a';
  return Number((await dom.call('/count', { selector })).count);
}

describe('names from a cloned repository are text wherever they show', () => {
  useLocalEnvironments();
  const file = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.coze', 'workflows.json');
  before(async () => {
    const workflows = [
      { id: SLOW_JOB, name: PAYLOAD, kind: 'workflow', environment: 'local-cloud', presets: { [PAYLOAD]: { seconds: 0 } } },
      { id: HELLO, name: `hello ${PAYLOAD}`, kind: 'workflow', environment: 'local-cloud' },
    ];
    await vscode.workspace.fs.writeFile(file(), new TextEncoder().encode(JSON.stringify({ workflows })));
    const api = await extensionApi();
    await waitFor(
      'the saved workflows to load',
      async () => (await api.workflowsTree.getChildren()).filter((i) => String(i.label).includes('Run as Stream')).length === 2,
    );
    await waitFor('the saved names to be known', () => api.names.nameOf('local-cloud', SLOW_JOB) === PAYLOAD);
  });
  after(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.workspace.fs.delete(file()).then(undefined, () => undefined);
  });

  it('a notification naming a saved workflow (async needs a paid plan, 6003) shows the name as written, with no live link', async function () {
    if (!dom.available()) this.skip();
    const api = await extensionApi();
    await setToken('local-cloud', 'pat_local_free_plan');
    try {
      const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', {
        workflowId: SLOW_JOB,
        environmentId: 'local-cloud',
        parameters: {},
        mode: 'async',
      });
      const session = api.runs.get(runId)!;
      await waitFor('the run to fail with 6003', () => session.view.error?.kind === 'paidFeature');
      const text = await waitFor('the notification naming the workflow', async () => {
        const t = await notificationsText();
        return /paid Coze plan/.test(t) && /coze\.signOut/.test(t) ? t : undefined;
      });
      assert.match(text, /\[Run as Stream\] \(command:coze\.signOut\)/, 'the name shows as written, its link broken');
      assert.equal(await commandLinks(), 0, 'no link in any notification');
      assert.equal(await setTokenStillThere(), true, 'nothing signed the user out');
    } finally {
      await setToken('local-cloud', servers().token);
    }
  });

  it('the quick pick of Upload as Workflow Input shows the saved names as written: no icon drawn from them', async function () {
    if (!dom.available()) this.skip();
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'inputs', 'names.pdf');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('%PDF-1.4 names'));
    const picked = vscode.commands.executeCommand('coze.uploadFileAsInput', file, [file]);
    try {
      const text = await waitFor('the quick pick of workflows', async () => {
        const t = String((await dom.call('/text', { selector: '.quick-input-widget', timeout: '1000' }).catch(() => ({ text: '' }))).text);
        return t.includes('Run as Stream') ? t : undefined;
      });
      assert.ok(text.includes(PAYLOAD), `the name shows as written: ${text}`);
      assert.equal(Number((await dom.call('/count', { selector: '.quick-input-widget .codicon-alert' })).count), 0, 'no icon is drawn from a name');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await picked;
      await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    }
  });

  it("the Workflows and History views' tooltips hold the names as text", async () => {
    const api = await extensionApi();
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', {
      workflowId: HELLO,
      environmentId: 'local-cloud',
      parameters: { name: 'names' },
    });
    const session = api.runs.get(runId)!;
    await waitFor('the run to end', () => !session.isActive);
    const history = await waitFor('the run in history', async () => (await api.historyTree.getChildren()).find((i) => i.entry.id === runId));
    const items = [...((await api.workflowsTree.getChildren()) as vscode.TreeItem[]), history];
    // MarkdownString.appendText writes spaces as &nbsp;
    const tips = items.map((i) => (i.tooltip instanceof vscode.MarkdownString ? i.tooltip.value : String(i.tooltip ?? '')).replace(/&nbsp;/g, ' '));
    assert.ok(tips.filter((t) => t.includes('Run as Stream')).length >= 3, `the tooltips name the workflows and the run: ${JSON.stringify(tips)}`);
    for (const t of tips) {
      assert.ok(!t.includes(LINK), `no Markdown link survives in a tooltip: ${t}`);
      assert.ok(!/(^|[^\\])\$\(alert\)/.test(t), `no icon code survives in a tooltip: ${t}`);
    }
  });
});

/** The token is still stored (a live link to coze.signOut, had it been clicked, would have removed it). */
async function setTokenStillThere(): Promise<boolean> {
  const state = await (await extensionApi()).tokens.state((await extensionApi()).envs.all().find((e) => e.id === 'local-cloud')!);
  return state.state === 'bound';
}
