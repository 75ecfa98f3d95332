// Journeys walked as a new user would (palette, panel buttons, notifications), on both dialects: a chatflow on
// cloud, answering a question whose panel was closed, a refused token, messages that tell the truth.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  closeAll,
  dom,
  environment,
  extensionApi,
  heldAtLeast,
  notificationsText,
  recordedRequests,
  servers,
  setToken,
  tokenOf,
  useLocalEnvironments,
  waitFor,
} from './support/host';

const HELLO = '7500000000000000101';
const ASK = '7500000000000000102';
const CHAT = '7500000000000000106';
const APP = '7500000000000000301';
const QUESTION = 'Which colour do you like best?';

const base = (envId: string) => (envId === 'local-cloud' ? servers().cloud : servers().studio);
const chatBodies = async (envId: string) => (await recordedRequests(base(envId))).filter((r) => r.path === '/v1/workflows/chat').map((r) => r.body!);
const put = (url: string, body: unknown) => fetch(url, { method: 'PUT', body: JSON.stringify(body) });

describe('journeys a new user walks', () => {
  useLocalEnvironments();
  afterEach(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    for (const s of [servers().cloud, servers().studio]) await put(`${s}/_test/fault`, null);
  });

  describe('a chatflow on cloud carries its app or agent; on Coze Studio its conversation name', () => {
    it('cloud: a pasted project URL gives the app id, and every turn carries it', async () => {
      const api = await extensionApi();
      const url = `https://www.coze.cn/space/7500000000000000002/project-ide/${APP}/workflow/${CHAT}`;
      const chatId = await vscode.commands.executeCommand<string>('coze.openChat', { workflowId: url, message: 'hi', environmentId: 'local-cloud' });
      const chat = api.chats.get(chatId)!;
      await waitFor('the answer', () => chat.view.turns[0]?.status === 'completed');
      await chat.send('again');
      const [first, second] = (await chatBodies('local-cloud')).slice(-2);
      assert.equal(first?.app_id, APP);
      assert.equal(first?.bot_id, undefined, 'never both');
      assert.equal(second?.app_id, APP);
      assert.equal(second?.conversation_id, chat.view.conversationId);
    });

    it('cloud: a bare chatflow id takes the app Coze reports for it', async () => {
      const api = await extensionApi();
      const chatId = await vscode.commands.executeCommand<string>('coze.openChat', { workflowId: CHAT, message: 'hi', environmentId: 'local-cloud' });
      await waitFor('the answer', () => api.chats.get(chatId)?.view.turns[0]?.status === 'completed');
      assert.equal((await chatBodies('local-cloud')).at(-1)?.app_id, APP);
    });

    it('cloud: with neither known, it asks "Which app or agent is this chatflow in?" and sends the answer', async function () {
      if (!dom.available()) this.skip(); // the question is answered in the quick input, through the DOM bridge
      const api = await extensionApi();
      // the chatflow's metadata cannot be read with this token (no getMetaData): nothing tells where it lives
      await put(`${servers().cloud}/_test/fault`, {
        kind: 'json-error',
        code: 4101,
        msg: 'no permission: getMetaData',
        paths: [`/v1/workflows/${CHAT}`],
        times: 0,
      });
      const opened = vscode.commands.executeCommand<string>('coze.openChat', { workflowId: CHAT, message: 'hi', environmentId: 'local-cloud' });
      await waitFor('the question', async () =>
        /Which app or agent is this chatflow in\?/.test(
          String((await dom.call('/text', { selector: '.quick-input-widget' }).catch(() => ({ text: '' }))).text),
        ),
      );
      await dom.answerQuickInput('agent');
      await dom.answerQuickInput('https://www.coze.cn/space/7500000000000000002/bot/7500000000000000401');
      const chat = api.chats.get((await opened)!)!;
      await waitFor('the turn to end', () => chat.view.turns[0] && chat.view.turns[0].status !== 'streaming');
      const body = (await chatBodies('local-cloud')).at(-1);
      assert.equal(body?.bot_id, '7500000000000000401');
      assert.equal(body?.app_id, undefined);
    });

    it('a saved chatflow opens on its own environment with its bot_id', async () => {
      const api = await extensionApi();
      const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.coze', 'workflows.json');
      await vscode.workspace.fs.writeFile(
        file,
        new TextEncoder().encode(
          JSON.stringify({ workflows: [{ id: CHAT, name: 'Helper', kind: 'chatflow', environment: 'local-cloud', bot_id: '7500000000000000402' }] }),
        ),
      );
      try {
        await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: 'local-studio' });
        const [item] = await waitFor('the saved chatflow', async () =>
          (await api.workflowsTree.getChildren()).length === 1 ? api.workflowsTree.getChildren() : undefined,
        );
        const chatId = await vscode.commands.executeCommand<string>('coze.runSavedWorkflow', item);
        const chat = api.chats.get(chatId)!;
        assert.equal(chat.environment.id, 'local-cloud');
        await chat.send('hi');
        assert.equal((await chatBodies('local-cloud')).at(-1)?.bot_id, '7500000000000000402');
      } finally {
        await vscode.workspace.fs.delete(file);
      }
    });

    it('Coze Studio: no app or agent needed, the conversation is bound by name', async () => {
      const api = await extensionApi();
      const chatId = await vscode.commands.executeCommand<string>('coze.openChat', { workflowId: CHAT, message: 'hi', environmentId: 'local-studio' });
      await waitFor('the answer', () => api.chats.get(chatId)?.view.turns[0]?.status === 'completed');
      const body = (await chatBodies('local-studio')).at(-1)!;
      assert.match(String((body.parameters as Record<string, unknown>).CONVERSATION_NAME), /^vscode-/);
      assert.equal(body.app_id, undefined);
      assert.equal(body.bot_id, undefined);
    });
  });

  describe('a question is asked in its own words, in the panel and by Resume Interrupt', () => {
    for (const envId of ['local-cloud', 'local-studio']) {
      for (const shape of ['text', 'messages', 'empty']) {
        it(`${envId}, the question ${shape === 'text' ? "as the interrupt's text" : shape === 'messages' ? 'as JSON messages' : 'only in the message before the interrupt'}`, async function () {
          if (!dom.available()) this.skip(); // what the panel and the input box show is read through the DOM bridge
          const api = await extensionApi();
          const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: ASK, parameters: { shape }, environmentId: envId });
          await waitFor('the question', () => api.runs.get(runId)?.view.status === 'interrupted');
          const card = await dom.waitForText('#interrupt .question', /\S/);
          assert.equal(card, QUESTION, 'the card shows the question, not the node title');
          await closeAll();
          const resumed = vscode.commands.executeCommand<string>('coze.resumeInterrupt', { runId });
          await waitFor('the prompt', async () => (await dom.call('/count', { selector: '.quick-input-widget:visible' })).count === 1);
          const prompt = String((await dom.call('/probe', { probe: 'quickInput' })).value);
          assert.match(prompt, new RegExp(QUESTION.replace(/[?]/g, '\\?')), 'the input box asks the question');
          // a question with options is a quick pick (typing filters to the option), else an input box
          await dom.answerQuickInput('green');
          assert.equal(await resumed, runId);
          await waitFor('the resumed run', () => api.runs.get(runId)?.view.status === 'succeeded');
          assert.match(api.runs.get(runId)!.view.output ?? '', /You chose green/);
        });
      }
    }
  });

  describe('a refused token is never a dead end', () => {
    afterEach(async () => {
      await setToken('local-cloud', servers().token);
      await setToken('local-studio', servers().token);
    });
    for (const envId of ['local-cloud', 'local-studio']) {
      it(`${envId}: the panel offers Sign In and Select Environment; after signing in, Run Again works with the same parameters`, async function () {
        if (!dom.available()) this.skip(); // the buttons are clicked and the token typed through the DOM bridge
        const api = await extensionApi();
        await setToken(envId, 'pat_wrong_token');
        await vscode.commands.executeCommand('coze.runWorkflow', { workflowId: HELLO, environmentId: envId });
        // with a refused token the schema may not be readable (Coze Studio gives none): the JSON tab always is
        await dom.waitForText('#editor', /JSON/);
        if ((await dom.webviewCount('#tab-json:not([hidden])')) > 0) await dom.webviewClick('#tab-json');
        await dom.webviewFill('#params-json', '{"name": "again"}');
        await dom.webviewClick('#run');
        const error = await dom.waitForText('#error', /Sign In/);
        assert.match(error, /Select Environment/);
        assert.doesNotMatch(error, /region|coze\.com|coze\.cn/, 'no region talk for a server that is not a Coze region');
        await dom.webviewClick('#error-signIn');
        await dom.answerQuickInput(servers().token);
        await waitFor('the token to be stored', async () => (await tokenOf(envId)) === servers().token);
        await dom.webviewClick('#run');
        const panel = api.runs.lastPanel()!;
        await waitFor('the run again to succeed', () => (panel.runId ? api.runs.get(panel.runId)?.view.status === 'succeeded' : undefined));
        assert.deepEqual(api.runs.get(panel.runId!)!.request.parameters, { name: 'again' }, 'the same parameters');
      });
    }

    it('a run that fails while its panel is hidden raises a notification with Show Run', async function () {
      if (!dom.available()) this.skip();
      const api = await extensionApi();
      const cloud = servers().cloud;
      // the server holds the run's request until its panel is covered by an editor, then lets it fail
      await fetch(`${cloud}/_test/hold`, { method: 'PUT', body: JSON.stringify({ paths: ['/v1/workflow/stream_run'] }) });
      try {
        const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: '7500000000000000104', parameters: {} });
        await heldAtLeast(cloud, 1);
        const doc = await vscode.workspace.openTextDocument({ content: 'covering the panel' });
        await vscode.window.showTextDocument(doc, { viewColumn: api.runs.panelFor(runId)!.column, preview: false });
        await waitFor('the panel to be hidden', () => !api.runs.panelFor(runId)!.visible);
        await fetch(`${cloud}/_test/release`, { method: 'POST' });
        await waitFor('the run to fail', () => api.runs.get(runId)?.view.status === 'failed');
        const text = await waitFor('the notification', async () => {
          const t = await notificationsText();
          return t.includes('upstream model timed out') ? t : undefined;
        });
        assert.match(text, /Show Run/);
        assert.match(text, /Copy logid/);
        await dom.call('/click', {
          selector: '.notifications-center .notification-list-item:has-text("upstream model timed out") >> .monaco-button:has-text("Show Run")',
        });
        await waitFor("the run's panel in front", () => api.runs.panelFor(runId)?.visible);
      } finally {
        await fetch(`${cloud}/_test/release`, { method: 'POST' });
      }
    });

    it('a refused token, wherever it shows (Test Connection here), offers Sign In and Select Environment', async function () {
      if (!dom.available()) this.skip();
      await setToken('local-cloud', 'pat_wrong_token');
      try {
        const report = await vscode.commands.executeCommand<{ ok: boolean }>('coze.testConnection');
        assert.equal(report?.ok, false);
        const text = await waitFor('the notification', async () => {
          const t = await notificationsText();
          return /not accepted/.test(t) ? t : undefined;
        });
        assert.match(text, /Sign In/);
        assert.match(text, /Select Environment/);
        assert.doesNotMatch(text, /coze\.com/, 'no region talk for a server that is not a Coze region');
      } finally {
        await setToken('local-cloud', servers().token);
      }
    });
  });

  describe('messages that tell the truth', () => {
    it('refuses an .exe chosen in the Explorer before asking anything, and says the extension refused it', async function () {
      const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'inputs', 'setup.exe');
      await vscode.workspace.fs.writeFile(file, new Uint8Array([77, 90, 0, 0]));
      const before = (await recordedRequests(servers().cloud)).length;
      const result = await vscode.commands.executeCommand('coze.uploadFileAsInput', file, [file]);
      assert.equal(result, undefined);
      assert.equal((await recordedRequests(servers().cloud)).length, before, 'nothing was sent');
      if (!dom.available()) return this.skip();
      assert.equal((await dom.call('/count', { selector: '.quick-input-widget:visible' })).count, 0, 'no question was asked');
      const text = await notificationsText();
      assert.match(text, /Not uploaded: setup\.exe is a \.exe file, a type Coze does not take\. Nothing was sent\. Coze takes: .*pdf/);
      assert.doesNotMatch(text, /Coze rejected/);
    });

    it('a broken event mid-stream: "Succeeded with warnings", the node named, in the panel and in history; Fetch Full Output completes it', async function () {
      const api = await extensionApi();
      await put(`${servers().cloud}/_test/fault`, { kind: 'malformed-event', afterEvents: 2 });
      const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name: 'broken' } });
      const session = api.runs.get(runId)!;
      await waitFor('the run to end', () => !session.isActive);
      assert.equal(session.view.status, 'succeeded');
      assert.deepEqual(session.view.incomplete, ['Output']);
      await waitFor('the history entry', async () => (await api.history.get(runId))?.incomplete?.[0] === 'Output');
      const [item] = await api.historyTree.getChildren();
      assert.equal((item?.iconPath as vscode.ThemeIcon).id, 'warning');
      if (!dom.available()) return this.skip();
      await dom.waitForText('.status', /Succeeded with warnings/);
      assert.match(await dom.webviewText('#notice'), /Output may be incomplete/);
      await dom.webviewClick('#fetch-full-output');
      await waitFor('the full output', () => session.view.incomplete.length === 0);
      assert.match(session.view.nodes.find((n) => n.title === 'Output')!.text, /^Hello, broken! This answer is streamed/);
      await dom.waitForText('.status', /^Succeeded$/);
      await waitFor('the history entry to be complete', async () => (await api.history.get(runId))?.incomplete === undefined);
    });
  });

  describe('small frictions', () => {
    it("panels and history show the workflow's name, the id beside it, and relative times", async function () {
      const api = await extensionApi();
      const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.coze', 'workflows.json');
      await vscode.workspace.fs.writeFile(
        file,
        new TextEncoder().encode(JSON.stringify({ workflows: [{ id: HELLO, name: 'Greeter', environment: 'local-cloud' }] })),
      );
      try {
        await waitFor('the saved name', () => api.names.nameOf('local-cloud', HELLO) === 'Greeter');
        const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name: 'named' } });
        await waitFor('the run to end', () => !api.runs.get(runId)?.isActive);
        const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.isActive);
        assert.equal(tab?.label, 'Coze Run · Greeter');
        const item = await waitFor('the history item', async () => (await api.historyTree.getChildren()).find((i) => i.entry.id === runId));
        assert.equal(item.label, 'Greeter');
        assert.match(String(item.description), /^(now|\d+ seconds? ago)/);
        assert.match((item.tooltip as vscode.MarkdownString).value, new RegExp(HELLO));
        if (dom.available()) assert.match(await dom.webviewText('#title'), new RegExp(`Greeter · ${HELLO}`));
      } finally {
        await vscode.workspace.fs.delete(file);
      }
    });

    it('a re-run from history opens in front of the old panel', async () => {
      const api = await extensionApi();
      const first = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name: 'first' } });
      await waitFor('the run to end', () => !api.runs.get(first)?.isActive);
      const item = await waitFor('its history item', async () => (await api.historyTree.getChildren()).find((i) => i.entry.id === first));
      const again = await vscode.commands.executeCommand<string>('coze.rerun', item);
      await waitFor('the re-run', () => api.runs.panelFor(again));
      assert.ok(api.runs.panelFor(again)!.visible, 'the new run is the one on screen');
      assert.ok(
        !api.runs.panelFor(first)!.visible || api.runs.panelFor(first)!.column !== api.runs.panelFor(again)!.column,
        'the old one is behind it or beside it',
      );
    });
  });

  describe('regions: a token of the other region is a possibility, tried only when the user says so', () => {
    it('coze.cn refuses (4101): the panel says the token may belong to coze.com and tries it there only on a click', async function () {
      if (!dom.available()) this.skip();
      const api = await extensionApi();
      const { regionCn, regionCom } = servers();
      const cn = await environment('coze.cn');
      assert.equal(cn.baseUrl, regionCn, "the tests' stand-in for api.coze.cn");
      await setToken('coze.cn', 'pat_local_region_com');
      const comBefore = (await recordedRequests(regionCom)).length;
      try {
        await vscode.commands.executeCommand('coze.runWorkflow', { workflowId: HELLO, parameters: { name: 'region' }, environmentId: 'coze.cn' });
        const error = await dom.waitForText('#error', /coze\.com/);
        assert.match(error, /may/, 'a possibility, not a verdict');
        assert.equal((await recordedRequests(regionCom)).length, comBefore, 'nothing went to the other region unasked');
        await dom.webviewClick('#error-tryOtherRegion');
        const text = await waitFor("the probe's answer", async () =>
          (await notificationsText()).includes('This token works on') ? notificationsText() : undefined,
        );
        assert.match(text, /made on coze\.com/);
        assert.ok((await recordedRequests(regionCom)).length > comBefore, 'the probe went to the other region after the click');
        await dom.call('/click', {
          selector: '.notifications-center .notification-list-item:has-text("This token works on") >> .monaco-button:has-text("Use It on coze.com")',
        });
        await waitFor('the token moved to coze.com', async () => (await tokenOf('coze.com')) === 'pat_local_region_com');
        await waitFor('coze.com to be the active environment', () => api.envs.active().id === 'coze.com');
        assert.equal(await tokenOf('coze.cn'), undefined, 'moved, not copied');
      } finally {
        await api.tokens.delete('coze.cn');
        await api.tokens.delete('coze.com');
        await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: 'local-cloud' });
      }
    });
  });
});
