import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { CozeClient } from '../../core/client/cozeClient';
import type { EnvironmentDef } from '../../core/environments';
import { AUTH_KINDS } from '../../core/model/errorKind';
import { CozeError } from '../../core/errors';
import type { ErrorNotifier } from '../errorNotifier';
import { applyChatUpdate, emptyChatView, isChatBusy, type ChatUpdate, type ChatView } from '../../core/model/chatView';
import { Disposable } from '../lifecycle';
import { toRunErrorView } from '../errorPresenter';
import type { Log } from '../log';

/** Where a cloud chatflow lives: exactly one of these goes with every chat request (reference §7.1). */
export type ChatContainer = { appId: string } | { botId: string };

/**
 * One chatflow conversation: each message is a `/v1/workflows/chat` call carrying the conversation_id the
 * server gave, so the conversation continues across turns; a question (requires_action) is answered by the
 * next message. Coze Studio needs a conversation name for the first turn; one is made per session.
 */
export class ChatSession extends Disposable {
  readonly id = `chat-${randomUUID()}`;
  readonly updates: ChatUpdate[] = [];
  readonly view: ChatView = emptyChatView();
  private abort: AbortController | undefined;
  private readonly updated = this.register(new vscode.EventEmitter<ChatUpdate>());
  readonly onDidUpdate = this.updated.event;
  private conversationName = `vscode-${Date.now().toString(36)}`;

  constructor(
    readonly workflowId: string,
    readonly environment: EnvironmentDef,
    private readonly client: CozeClient,
    private readonly log: Log,
    readonly parameters: Record<string, unknown> = {},
    readonly container: ChatContainer | undefined = undefined,
    private readonly notifier?: ErrorNotifier,
  ) {
    super();
  }

  private push(update: ChatUpdate): void {
    this.updates.push(update);
    applyChatUpdate(this.view, update);
    this.updated.fire(update);
  }

  /** Sends one user message and follows the streamed answer; resolves when the turn ends. */
  async send(text: string): Promise<void> {
    if (isChatBusy(this.view) || !text.trim()) return;
    this.push({ c: 'user', at: Date.now(), text });
    this.abort = new AbortController();
    const parameters = { ...this.parameters, ...(this.view.conversationId ? {} : { CONVERSATION_NAME: this.conversationName }) };
    try {
      const stream = await this.client.chat(
        {
          workflowId: this.workflowId,
          message: text,
          parameters,
          ...this.container,
          ...(this.view.conversationId ? { conversationId: this.view.conversationId } : {}),
        },
        { signal: this.abort.signal },
      );
      if (stream.logid) this.push({ c: 'logid', at: Date.now(), logid: stream.logid });
      for await (const event of stream) this.push({ c: 'event', at: Date.now(), event });
    } catch (e) {
      const err = e instanceof CozeError ? e : new CozeError({ kind: 'network', message: e instanceof Error ? e.message : String(e) });
      if (err.kind === 'cancelled') this.push({ c: 'cancelled', at: Date.now() });
      else {
        const error = toRunErrorView(err, { environment: this.environment });
        this.push({ c: 'failed', at: Date.now(), error });
        if (AUTH_KINDS.includes(err.kind)) void this.notifier?.showView(error, { environment: this.environment });
      }
      this.log.warn('chat', `${this.id} ${err.describe()}`);
    }
    this.log.info('chat', `${this.id} turn ${this.view.turns.length} ${this.view.turns.at(-1)?.status} conversation ${this.view.conversationId ?? '-'}`);
  }

  cancel(): void {
    this.abort?.abort();
  }

  newConversation(): void {
    this.cancel();
    this.conversationName = `vscode-${Date.now().toString(36)}`;
    this.push({ c: 'newConversation', at: Date.now() });
  }

  override dispose(): void {
    this.cancel();
    super.dispose();
  }
}
