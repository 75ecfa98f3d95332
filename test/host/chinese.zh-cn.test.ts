// In a VS Code whose display language is Simplified Chinese (code-server --locale zh-cn): a failed run, a
// failing test case, an async run and an error notification show no English word of ours. What is not ours
// is taken out first: what the server sent (its messages, the workflow's output), ids, URLs, codes, and the
// names of products and of the user's environments. VS Code's own words stay English here (no language pack
// can be installed offline), so only the extension's texts are read: the run panel, the status bar, the Test
// Explorer's messages and output, and the notifications the extension raised.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { dom, extensionApi, servers, setToken, useLocalEnvironments, waitFor } from './support/host';

const HELLO = '7500000000000000101';
const FAIL_MIDWAY = '7500000000000000104';
const SLOW_JOB = '7500000000000000105';
/** What the local server says, in its own (English) words: a real server's text is not ours to translate. */
const FROM_THE_SERVER = [
  'Workflow execution failure: node LLM: upstream model timed out',
  'The model starts to answer, but then stalls...',
  'Workflow execution failure: node Job: the job was asked to fail',
  'authentication is invalid',
  'Hello, 小明! This answer is streamed from a local Coze workflow, chunk by chunk.',
  'LLM', // a node's title, as the workflow names it
];
/** Names that stay as they are in Chinese text: products, formats, and the user's own environment names. */
const NAMES =
  /Coze Studio|Coze Plus|Coze|VS Code|Token|LogID|JSON|HTTP|URL|ID|MCP|Local Coze \(cloud\)|Local Coze Studio|passRate|answers|contains|equals|expect|output/g;

/** The English words of a text once what is not ours is taken out: ids, URLs, codes, names, the server's words. */
function englishWords(text: string): string[] {
  let t = text;
  for (const s of FROM_THE_SERVER) t = t.split(s).join(' ');
  t = t
    .replace(/https?:\/\/\S+/g, ' ') // URLs (debug links)
    .replace(/\$\([\w~-]+\)/g, ' ') // codicons in status bar text
    .replace(NAMES, ' ')
    .replace(/[\w.-]*[_/][\w./-]*/g, ' ') // code: snake_case ids, paths, flags
    .replace(/\b[0-9A-Fa-f-]{12,}\b/g, ' ') // logids, execute ids
    .replace(/\b\d+(\.\d+)?\s*(ms|s|MB|KB)\b/g, ' '); // units after numbers
  return t.match(/[A-Za-z]{2,}/g) ?? [];
}

function assertChinese(where: string, text: string): void {
  assert.ok(/[\u4e00-\u9fff]/.test(text), `${where} is in Chinese: ${JSON.stringify(text.slice(0, 300))}`);
  assert.deepEqual(englishWords(text), [], `${where} holds English: ${JSON.stringify(text.slice(0, 600))}`);
}

/** The newest notification's own text (its message and its buttons), once one shows. */
async function newestNotification(): Promise<string> {
  return waitFor('a notification', async () => {
    await vscode.commands.executeCommand('notifications.showList');
    const r = await dom.call('/text', { selector: '.notifications-center .notification-list-item', timeout: '1000' }).catch(() => undefined);
    // "Source: …" is VS Code's own label of every notification
    const text = String(r?.text ?? '')
      .split('\n')
      .filter((l) => !l.startsWith('Source:'))
      .join('\n')
      .trim();
    return text || undefined;
  });
}

describe('in Simplified Chinese (VS Code --locale zh-cn)', () => {
  useLocalEnvironments();

  it('VS Code runs in zh-cn, so the extension speaks Chinese', () => {
    assert.equal(vscode.env.language, 'zh-cn');
  });

  it('the Get Started walkthrough shows the Chinese screenshots, each in the package', () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'coze-workflows')!;
    const walkthrough = (ext.packageJSON.contributes.walkthroughs as { steps: { id: string; media: { image: string } }[] }[])[0]!;
    for (const step of walkthrough.steps) {
      assert.match(step.media.image, /^media\/screenshots\/zh-cn\/[\w-]+\.png$/, `${step.id}: ${step.media.image}`);
      assert.ok(existsSync(join(ext.extensionPath, step.media.image)), `${step.id}: ${step.media.image} exists`);
    }
  });

  it('a failed run: the panel, its error and the status bar', async function () {
    const api = await extensionApi();
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: FAIL_MIDWAY, parameters: {}, environmentId: 'local-cloud' });
    const session = api.runs.get(runId)!;
    await waitFor('the run to fail', () => (session.view.status === 'failed' ? true : undefined));
    assertChinese('the status bar', api.runStatus.text);
    if (!dom.available()) this.skip(); // the panel's words are read through the DOM bridge
    const error = await dom.waitForText('#error', /\S/);
    assertChinese("the panel's error", error);
    assertChinese('the run panel', await dom.webviewText('#run-view'));
  });

  it('a failing test case: its message, its diff and its output in the Test Explorer', async () => {
    const api = await extensionApi();
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const file = vscode.Uri.joinPath(folder, '.coze/tests/zh.test.yaml');
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(file, {
      overwrite: true,
      contents: Buffer.from(
        `cases:\n  - name: 问候小明\n    workflow: "${HELLO}"\n    parameters: { name: 小明 }\n    expect: { output: { equals: "你好，小明" } }\n`,
      ),
    });
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const item = await waitFor('the test file in the Test Explorer', () => {
        const i = api.tests.controller.items.get(file.fsPath);
        return i && i.children.size === 1 ? i : undefined;
      });
      const messages: vscode.TestMessage[] = [];
      let output = '';
      const { controller } = api.tests;
      const original = controller.createTestRun.bind(controller);
      controller.createTestRun = (request, name, persist) => {
        const run = original(request, name, persist);
        return new Proxy(run, {
          get(target, key, receiver) {
            const value: unknown = Reflect.get(target, key, receiver);
            if (typeof value !== 'function') return value;
            return (...args: unknown[]) => {
              if (key === 'failed') messages.push(...([] as vscode.TestMessage[]).concat(args[1] as vscode.TestMessage));
              if (key === 'appendOutput') output += String(args[0]);
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        });
      };
      try {
        await api.tests.run(new vscode.TestRunRequest([item]), new vscode.CancellationTokenSource().token);
      } finally {
        controller.createTestRun = original;
      }
      assert.equal(messages.length, 1);
      assertChinese("the failure's message", typeof messages[0]!.message === 'string' ? messages[0]!.message : messages[0]!.message.value);
      // the test output: the case's own lines (node texts and output are the workflow's words)
      const ours = output
        .split(/\r?\n/)
        .filter((l) => l && !l.startsWith('[') && !l.startsWith('▶'))
        .join('\n');
      assertChinese("the test run's output", ours);
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });

  it('an async run that fails: the status bar while it runs, and the notification', async function () {
    const api = await extensionApi();
    await vscode.commands.executeCommand('notifications.clearAll');
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', {
      workflowId: SLOW_JOB,
      parameters: { seconds: 1, fail: true },
      mode: 'async',
      environmentId: 'local-cloud',
    });
    await waitFor('the status bar to show the async run', () => (api.runs.get(runId)?.view.asyncStatus === 'Running' ? true : undefined));
    assertChinese('the status bar of an async run', api.runStatus.text);
    await waitFor('the async run to fail', () => (api.runs.get(runId)?.view.status === 'failed' ? true : undefined));
    if (!dom.available()) this.skip(); // notifications are read through the DOM bridge
    assertChinese('the notification of a failed async run', await newestNotification());
  });

  it('an error notification: a refused token, with its actions', async function () {
    if (!dom.available()) this.skip();
    await vscode.commands.executeCommand('notifications.clearAll');
    await setToken('local-cloud', 'pat_revoked_long_ago');
    try {
      await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: 'local-cloud' });
      const report = await vscode.commands.executeCommand<{ ok: boolean }>('coze.testConnection');
      assert.equal(report?.ok, false);
      assertChinese('the notification of a refused token', await newestNotification());
    } finally {
      await setToken('local-cloud', servers().token);
    }
  });
});
