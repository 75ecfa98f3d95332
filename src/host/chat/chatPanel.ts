import * as vscode from 'vscode';
import { CHAT_STRING_KEYS, parseChatMessage, type ChatStringKey, type HostToChat } from '../../shared/chatProtocol';
import type { ChatUpdate } from '../../core/model/chatView';
import { Disposable } from '../lifecycle';
import { Views } from '../ids';
import type { Log } from '../log';
import { createCozeWebviewPanel } from '../webview/webviewPanel';
import type { ChatSession } from './chatSession';
import { chatStrings } from './chatStrings';

/** The chatflow panel: the conversation so far, the streamed answer, and a box to send the next message. */
export class ChatPanel extends Disposable {
  private readonly panel: vscode.WebviewPanel;
  private ready = false;
  private pending: ChatUpdate[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly closed = this.register(new vscode.EventEmitter<void>());
  readonly onDidClose = this.closed.event;

  constructor(
    private readonly session: ChatSession,
    extensionUri: vscode.Uri,
    private readonly log: Log,
    private readonly name: string = session.workflowId,
  ) {
    super();
    const title = vscode.l10n.t('Coze Chat · {0}', name);
    this.panel = this.register(createCozeWebviewPanel(Views.chatPanel, title, vscode.ViewColumn.Beside, extensionUri, 'chat'));
    this.register(this.panel.webview.onDidReceiveMessage((m) => this.receive(m)));
    this.register(
      this.panel.onDidDispose(() => {
        this.closed.fire();
        this.dispose();
      }),
    );
    this.register(session.onDidUpdate((u) => this.enqueue(u)));
    this.register({ dispose: () => this.flushTimer && clearTimeout(this.flushTimer) });
  }

  reveal(): void {
    this.panel.reveal();
  }

  private post(m: HostToChat): void {
    void this.panel.webview.postMessage(m);
  }

  private enqueue(u: ChatUpdate): void {
    if (!this.ready) return;
    this.pending.push(u);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      const updates = this.pending;
      this.pending = [];
      if (!this.isDisposed) this.post({ type: 'chatUpdates', chatId: this.session.id, updates });
    }, 16);
  }

  private receive(raw: unknown): void {
    const m = parseChatMessage(raw);
    if (!m) {
      this.log.warn('chat', `dropped a malformed message from the chat panel: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    if (m.type === 'ready') {
      this.ready = true;
      const strings = Object.fromEntries(CHAT_STRING_KEYS.map((k) => [k, chatStrings[k]()])) as Record<ChatStringKey, string>;
      this.post({
        type: 'chatInit',
        init: {
          chatId: this.session.id,
          workflowId: this.session.workflowId,
          ...(this.name !== this.session.workflowId ? { workflowName: this.name } : {}),
          environmentName: this.session.environment.name,
          strings,
          updates: [...this.session.updates],
        },
      });
      return;
    }
    if (m.chatId !== this.session.id) return;
    if (m.type === 'chatSend') void this.session.send(m.text);
    else if (m.type === 'chatNew') this.session.newConversation();
    else this.session.cancel();
  }
}
