import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { dom, extensionApi, servers, useLocalEnvironments, waitFor } from './support/host';

const CHAT = '7500000000000000106';

describe('chatflow panel', () => {
  useLocalEnvironments();

  for (const env of ['local-cloud', 'local-studio']) {
    it(`${env}: two turns keep one conversation`, async () => {
      const api = await extensionApi();
      await vscode.commands.executeCommand('coze.selectEnvironment', { environmentId: env });
      const chatId = await vscode.commands.executeCommand<string>('coze.openChat', { workflowId: CHAT, message: 'hello' });
      const chat = api.chats.get(chatId)!;
      await waitFor('the first answer', () => chat.view.turns[0]?.status === 'completed');
      const conversation = chat.view.conversationId;
      assert.ok(conversation, 'the server gave a conversation id');
      assert.match(chat.view.turns[0]!.answer, /You said: hello \(turn 1\)/);
      await chat.send('again');
      assert.equal(chat.view.turns[1]?.status, 'completed');
      assert.match(chat.view.turns[1]!.answer, /turn 2/);
      assert.equal(chat.view.conversationId, conversation, 'the same conversation');
      const sent = (await (await fetch(`${env === 'local-cloud' ? servers().cloud : servers().studio}/_test/requests`)).json()) as {
        path: string;
        body: Record<string, unknown>;
      }[];
      const chats = sent.filter((r) => r.path === '/v1/workflows/chat').slice(-2);
      assert.equal(chats[1]?.body.conversation_id, conversation, 'the second turn carries the conversation_id');
    });
  }

  it('shows the conversation in the panel, and a question (requires_action) answered by the next message', async function () {
    const api = await extensionApi();
    // a name known for the chatflow heads the panel, before its id (as in the run panel)
    await api.names.remember(api.envs.active().id, CHAT, 'chat_assistant');
    const chatId = await vscode.commands.executeCommand<string>('coze.openChat', { workflowId: CHAT });
    const chat = api.chats.get(chatId)!;
    if (dom.available()) {
      await waitFor('the chat panel', () =>
        dom
          .webviewCount('#message')
          .then((n) => n > 0 || undefined)
          .catch(() => undefined),
      );
      assert.match(await dom.webviewText('h1.title'), new RegExp(`^chat_assistant · ${CHAT} · `));
      await dom.webviewFill('#message', 'please ask me something');
      await dom.webviewClick('#send');
    } else {
      await chat.send('please ask me something');
    }
    await waitFor('the question', () => chat.view.turns[0]?.status === 'requires_action');
    assert.equal(chat.view.awaitingAnswer, true);
    await chat.send('red');
    await waitFor('the answer', () => chat.view.turns[1]?.status === 'completed');
    assert.match(chat.view.turns[1]!.answer, /You chose red/);
    if (!dom.available()) return this.skip(); // the rest reads the screen, which needs the DOM bridge
    const log = await waitFor('the conversation in the panel', async function () {
      const t = await dom.webviewText('#chat-log').catch(() => '');
      return /You chose red/.test(t) ? t : undefined;
    });
    assert.match(log, /please ask me something/);
    await dom.webviewClick('#new-conversation');
    await waitFor('a new conversation', () => (chat.view.turns.length === 0 && !chat.view.conversationId) || undefined);
  });
});
