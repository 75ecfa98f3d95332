import * as vscode from 'vscode';
import { parseWebviewMessage, STRING_KEYS, type HostToWebview, type StringKey } from '../../shared/protocol';
import type { RunUpdate } from '../../core/run/runUpdate';
import { CAPABILITIES } from '../../core/dialect';
import { Disposable } from '../lifecycle';
import { Views } from '../ids';
import type { Log } from '../log';
import { createCozeWebviewPanel } from '../webview/webviewPanel';
import type { RunSource } from './runSource';
import { webviewStrings } from './webviewStrings';

/** A webview panel showing one run, live. Updates are batched: at most one message per ~16 ms. */
export class RunPanel extends Disposable {
  private readonly panel: vscode.WebviewPanel;
  private ready = false;
  private pending: RunUpdate[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly closed = this.register(new vscode.EventEmitter<void>());
  readonly onDidClose = this.closed.event;

  constructor(private readonly session: RunSource, extensionUri: vscode.Uri, private readonly log: Log, column: vscode.ViewColumn = vscode.ViewColumn.Beside) {
    super();
    const title = vscode.l10n.t('Coze Run · {0}', session.request.workflowId);
    this.panel = createCozeWebviewPanel(Views.runPanel, title, column, extensionUri, 'run');
    this.register(this.panel.webview.onDidReceiveMessage((m) => this.receive(m)));
    this.register(this.panel.onDidDispose(() => this.dispose()));
    this.register(session.onDidUpdate((u) => this.enqueue(u)));
  }

  get runId(): string {
    return this.session.id;
  }

  /** The editor column the panel is in, so the next run opens beside it rather than in a new group. */
  get column(): vscode.ViewColumn | undefined {
    return this.panel.viewColumn;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  private post(message: HostToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private enqueue(update: RunUpdate): void {
    if (!this.ready) return; // the init message carries every update recorded before ready
    this.pending.push(update);
    this.flushTimer ??= setTimeout(() => this.flush(), 16);
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (this.pending.length === 0 || this.isDisposed) return;
    const updates = this.pending;
    this.pending = [];
    this.post({ type: 'updates', runId: this.session.id, updates });
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log.warn('panel', `dropped a malformed message from the run panel: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        const strings = Object.fromEntries(STRING_KEYS.map((k) => [k, webviewStrings[k]()])) as Record<StringKey, string>;
        const limit = CAPABILITIES[this.session.environment.dialect].resumeLimit;
        const init = {
          runId: this.session.id,
          workflowId: this.session.request.workflowId,
          environmentName: this.session.environment.name,
          strings,
          updates: [...this.session.updates],
          ...(limit ? { resumeLimit: limit } : {}),
        };
        this.post({ type: 'init', init });
        break;
      }
      case 'cancel':
        if (message.runId === this.session.id) this.session.cancel();
        break;
      case 'openDebugUrl': {
        const url = this.session.view.debugUrl;
        if (url && /^https?:\/\//i.test(url)) void vscode.env.openExternal(vscode.Uri.parse(url));
        break;
      }
      case 'copyText':
        void vscode.env.clipboard.writeText(message.text);
        break;
      case 'openLink': {
        // only links that the run itself produced: in the question, the output or a node's text
        const v = this.session.view;
        const offered = [v.interrupt?.data ?? '', v.output ?? '', ...v.nodes.map((n) => n.text)].some((t) => t.replace(/\\\//g, '/').includes(message.url));
        if (message.runId === this.session.id && offered) void vscode.env.openExternal(vscode.Uri.parse(message.url));
        else this.log.warn('panel', `refused to open a link the run did not offer: ${message.url.slice(0, 200)}`);
        break;
      }
      case 'resume':
        if (message.runId === this.session.id && message.answer.trim() !== '') void this.session.resume(message.answer);
        break;
    }
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.closed.fire();
    super.dispose();
    this.panel.dispose();
  }
}
