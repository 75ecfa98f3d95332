import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import type { ClientFactory } from '../clientFactory';
import type { Log } from '../log';
import { ChatPanel } from './chatPanel';
import { ChatSession } from './chatSession';

export interface OpenChatArgs {
  workflowId?: string;
  /** A first message to send at once (tests, scripted use). */
  message?: string;
  parameters?: Record<string, unknown>;
}

/** Coze: Chat with Chatflow — one panel per conversation with a chatflow. */
export class ChatManager extends Disposable {
  private readonly sessions = new Map<string, ChatSession>();

  constructor(private readonly clients: ClientFactory, private readonly extensionUri: vscode.Uri, private readonly log: Log, private readonly state: vscode.Memento) {
    super();
  }

  get(id: string): ChatSession | undefined {
    return this.sessions.get(id);
  }

  /** Opens a chat panel with a chatflow; returns the chat id. */
  async open(args: OpenChatArgs = {}): Promise<string | undefined> {
    const workflowId =
      args.workflowId ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Chat with Chatflow'),
        prompt: vscode.l10n.t('The chatflow id: the number after workflow_id= in the Coze URL.'),
        value: this.state.get<string>('coze.lastChatflowId', ''),
        ignoreFocusOut: true,
        validateInput: (v) => (/^\d{5,25}$/.test(v.trim()) ? undefined : vscode.l10n.t('A workflow id is a long number, like 7500000000000000101.')),
      }))?.trim();
    if (!workflowId) return undefined;
    await this.state.update('coze.lastChatflowId', workflowId);
    const { client, environment } = await this.clients.forActive();
    const session = this.register(new ChatSession(workflowId, environment, client, this.log, args.parameters));
    this.sessions.set(session.id, session);
    this.register(new ChatPanel(session, this.extensionUri, this.log));
    if (args.message) void session.send(args.message);
    return session.id;
  }
}
