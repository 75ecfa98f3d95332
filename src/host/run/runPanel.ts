import * as vscode from 'vscode';
import { coalesceUpdates } from '../../core/run/coalesceUpdates';
import { TextWindow } from '../../core/run/textWindow';
import { parseWebviewMessage, STRING_KEYS, type FormInit, type HostToWebview, type RunInit, type StringKey, type WebviewToHost } from '../../shared/protocol';
import { endsStream, type ErrorAction, type RunUpdate } from '../../core/model/runUpdate';
import { CAPABILITIES } from '../../core/dialect';
import { otherRegion } from '../../core/environments';
import { parseParametersText, validateParameters, type ParamIssue } from '../../core/model/validateParameters';
import { Disposable } from '../lifecycle';
import { Commands, Views } from '../ids';
import type { Log } from '../log';
import { createCozeWebviewPanel } from '../webview/webviewPanel';
import type { FileUploads } from '../files/fileUploads';
import { PanelUploads } from '../files/panelUploads';
import type { LaunchSpec } from '../params/launchSpec';
import type { ParameterForms } from '../params/parameterForms';
import type { RunSource } from './runSource';
import { webviewStrings } from './webviewStrings';
import { notify } from '../notify';
import { outputUri } from '../history/runOutputDocuments';

export interface RunPanelDeps {
  extensionUri: vscode.Uri;
  log: Log;
  forms: ParameterForms;
  uploads: FileUploads;
  /** Starts a run of the panel's workflow with these parameters, shown in this panel. */
  run: (panel: RunPanel, parameters: Record<string, unknown>) => Promise<void>;
  /** Carries out an action offered beside the shown run's error (sign in, select environment, try the other region). */
  errorAction: (action: ErrorAction, source: RunSource) => Promise<void>;
  /** Reads back the complete output of a run that broken events left incomplete, and records it. */
  fetchFullOutput: (source: RunSource) => Promise<void>;
}

/**
 * A webview panel for one workflow: its parameter editor (a form from the input schema, raw JSON, file
 * drops) above the run it started last, shown live. Run updates are batched: at most one message per ~16 ms.
 */
export class RunPanel extends Disposable {
  private readonly panel: vscode.WebviewPanel;
  private ready = false;
  private pending: RunUpdate[] = [];
  /** What the webview is sent of the shown run's texts: what it shows, the rest on request. */
  private window = new TextWindow();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private sourceSubscription: vscode.Disposable | undefined;
  /** The form the webview shows; the host checks a run's parameters against the same fields. */
  private form: FormInit | undefined;
  private readonly uploads: PanelUploads;
  /** Messages posted to the webview (the benchmark checks they are batched). */
  messagesPosted = 0;
  private readonly closed = this.register(new vscode.EventEmitter<void>());
  readonly onDidClose = this.closed.event;

  constructor(
    readonly launch: LaunchSpec,
    private source: RunSource | undefined,
    private readonly deps: RunPanelDeps,
    column: vscode.ViewColumn = vscode.ViewColumn.Beside,
    /** The name the workflow is known by: the panel's title (its id shows inside the panel). */
    private workflowName?: string,
  ) {
    super();
    this.panel = createCozeWebviewPanel(Views.runPanel, this.title(), column, deps.extensionUri, 'run');
    this.uploads = this.register(
      new PanelUploads(
        deps.uploads,
        () => this.launch.environment,
        (m) => this.post(m),
        deps.log,
      ),
    );
    this.register(this.panel.webview.onDidReceiveMessage((m) => this.receive(m)));
    this.register(this.panel.onDidDispose(() => this.dispose()));
    if (source) this.sourceSubscription = source.onDidUpdate((u) => this.enqueue(u));
  }

  private title(): string {
    return vscode.l10n.t('Coze Run · {0}', this.workflowName ?? this.launch.workflowId);
  }

  /** The workflow's name, once known: the title follows it, so a run reads the same however it was opened. */
  setWorkflowName(name: string | undefined): void {
    if (!name || name === this.workflowName) return;
    this.workflowName = name;
    this.panel.title = this.title();
  }

  /** The run shown, if one has started in this panel. */
  get runId(): string | undefined {
    return this.source?.id;
  }

  /** The editor column the panel is in, so the next run opens beside it rather than in a new group. */
  get column(): vscode.ViewColumn | undefined {
    return this.panel.viewColumn;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Whether the panel is on screen (the front tab of its group, in a visible window). */
  get visible(): boolean {
    return !this.isDisposed && this.panel.visible;
  }

  /** Shows another run (started from this panel's editor) in place of the current one. */
  attach(source: RunSource): void {
    this.sourceSubscription?.dispose();
    this.source = source;
    this.pending = [];
    this.sourceSubscription = source.onDidUpdate((u) => this.enqueue(u));
    if (this.ready) this.post({ type: 'run', run: this.runInit(source) });
  }

  private post(message: HostToWebview): void {
    if (this.isDisposed) return;
    this.messagesPosted++;
    void this.panel.webview.postMessage(message);
  }

  private enqueue(update: RunUpdate): void {
    if (!this.ready) return; // the init message carries every update recorded before ready
    this.pending.push(update);
    // the end of a stream goes out at once: what follows it (the history record) must not hold back its last chunk
    if (endsStream(update)) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), 16);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0 || this.isDisposed || !this.source) return;
    // a node's chunks travel as one update, and only what the panel shows: the cost per frame follows the screen
    const updates = this.window.trim(coalesceUpdates(this.pending));
    this.pending = [];
    this.post({ type: 'updates', runId: this.source.id, updates });
  }

  /** The run as the webview first gets it; what it is sent from here on follows from this (a new TextWindow). */
  private runInit(source: RunSource): RunInit {
    this.window = new TextWindow();
    const limit = CAPABILITIES[source.environment.dialect].resumeLimit;
    const other = otherRegion(source.environment);
    return {
      ...(other ? { otherRegion: new URL(other.baseUrl).host } : {}),
      ...(source.fetchFullOutput && CAPABILITIES[source.environment.dialect].nodeOutput ? { canFetchOutput: true } : {}),
      runId: source.id,
      workflowId: source.request.workflowId,
      environmentName: source.environment.name,
      updates: this.window.trim(coalesceUpdates(source.updates)),
      ...(limit ? { resumeLimit: limit } : {}),
    };
  }

  /** The editor's state, kept to check runs against; `withSchema` waits for the input schema (cached per workflow). */
  private async loadForm(withSchema: boolean): Promise<FormInit> {
    this.form = await this.deps.forms.formInit(this.launch, !this.source, withSchema);
    return this.form;
  }

  private async sendForm(withSchema: boolean): Promise<void> {
    this.post({ type: 'form', form: await this.loadForm(withSchema) });
  }

  /**
   * The webview is ready: it gets its strings, the editor and every update so far in one message. Updates
   * that arrive while the editor loads are not posted on their own: the init message takes the run's updates
   * as they are when it is posted, and only later ones follow, so each is shown once. The input schema (a
   * round trip on cloud) is not waited for: it follows in its own message, and a slow answer never holds the
   * run's view.
   */
  private async init(): Promise<void> {
    this.ready = false; // a webview that reloads starts over from one init
    const strings = Object.fromEntries(STRING_KEYS.map((k) => [k, webviewStrings[k]()])) as Record<StringKey, string>;
    const remoteSchema = CAPABILITIES[this.launch.environment.dialect].inputSchema;
    const form = await this.loadForm(!remoteSchema);
    this.pending = [];
    this.ready = true;
    const init = { strings, form: remoteSchema ? { ...form, loadingSchema: true } : form, ...(this.workflowName ? { workflowName: this.workflowName } : {}) };
    this.post({ type: 'init', init: { ...init, ...(this.source ? { run: this.runInit(this.source) } : {}) } });
    if (remoteSchema) await this.sendForm(true);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.deps.log.warn('panel', `dropped a malformed message from the run panel: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    void this.handle(message).catch((e) => this.deps.log.error('panel', `${message.type} failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  private async handle(message: WebviewToHost): Promise<void> {
    const source = this.source;
    const mine = (runId: string) => source !== undefined && runId === source.id;
    switch (message.type) {
      case 'ready':
        return this.init();
      case 'cancel':
        if (mine(message.runId)) source?.cancel();
        return;
      case 'openDebugUrl': {
        const url = source?.view.debugUrl;
        if (url && /^https?:\/\//i.test(url)) void vscode.env.openExternal(vscode.Uri.parse(url));
        return;
      }
      case 'copyText':
        return vscode.env.clipboard.writeText(message.text);
      case 'openLink': {
        // only links that the run itself produced: in the question, the output or a node's text
        const v = source?.view;
        const offered =
          v && [v.interrupt?.data ?? '', v.output ?? '', ...v.nodes.map((n) => n.text)].some((t) => t.replace(/\\\//g, '/').includes(message.url));
        if (mine(message.runId) && offered) void vscode.env.openExternal(vscode.Uri.parse(message.url));
        else this.deps.log.warn('panel', `refused to open a link the run did not offer: ${message.url.slice(0, 200)}`);
        return;
      }
      case 'moreText': {
        const node = mine(message.runId) ? source?.view.nodes.find((n) => n.key === message.key) : undefined;
        const more = node && this.window.more(node.key, node.text);
        if (more) this.post({ type: 'moreText', runId: message.runId, key: node.key, ...more });
        return;
      }
      case 'openOutput':
        // the whole output, read-only, from the run's own document (RunOutputDocuments finds a live run too)
        if (source && mine(message.runId) && source.view.output !== undefined)
          await vscode.window.showTextDocument(
            outputUri({ id: source.id, workflowId: source.request.workflowId, startedAt: source.view.startedAt ?? Date.now() }),
          );
        return;
      case 'resume':
        if (mine(message.runId) && message.answer.trim() !== '') void source?.resume(message.answer);
        return;
      case 'fetchFullOutput':
        if (source && mine(message.runId)) await this.deps.fetchFullOutput(source);
        return;
      case 'saveAsTest':
        if (source && mine(message.runId)) await vscode.commands.executeCommand(Commands.saveAsTestCase, { runId: source.id });
        return;
      case 'errorAction':
        // only what the shown run's error offers
        if (source && mine(message.runId) && source.view.error?.actions?.includes(message.action)) await this.deps.errorAction(message.action, source);
        return;
      case 'run':
        return this.runFromEditor(message.parameters);
      case 'draft':
        return this.deps.forms.remember(this.launch.workflowId, message.parameters);
      case 'savePreset': {
        const parsed = parseParametersText(message.parameters);
        if ('issue' in parsed) return this.post({ type: 'formIssues', issues: [parsed.issue] });
        if (await this.deps.forms.savePreset(this.launch, parsed.value)) await this.sendForm(true);
        return;
      }
      case 'chooseFile':
        return this.uploads.choose(message.uploadId, message.field, message.many);
      case 'dropUris':
        return this.uploads.dropUris(message.uploadId, message.field, message.uris);
      case 'fileBegin':
        return this.uploads.begin(message.uploadId, message.field, message.name, message.size);
      case 'fileChunk':
        return this.uploads.chunk(message.uploadId, message.data);
      case 'fileEnd':
        return this.uploads.end(message.uploadId);
      case 'cancelUpload':
        return this.uploads.cancel(message.uploadId);
    }
  }

  /** The editor's Run: the parameters are checked here again (the webview is not trusted), then run in this panel. */
  private async runFromEditor(text: string): Promise<void> {
    if (this.source && (this.source.view.status === 'running' || this.source.view.status === 'pending')) {
      this.post({ type: 'formIssues', issues: [] });
      void notify.info(vscode.l10n.t('A run of this workflow is still under way in this panel. Cancel it or wait for it to end.'));
      return;
    }
    const parsed = parseParametersText(text);
    const issues: ParamIssue[] =
      'issue' in parsed ? [parsed.issue] : validateParameters(parsed.value, this.form?.fields, CAPABILITIES[this.launch.environment.dialect].maxRequestBytes);
    this.post({ type: 'formIssues', issues });
    if (issues.length > 0 || !('value' in parsed)) {
      this.deps.log.info('panel', `run of ${this.launch.workflowId} refused: ${issues.map((i) => `${i.field ?? '-'} ${i.code}`).join(', ')}`);
      return;
    }
    await this.deps.run(this, parsed.value);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.sourceSubscription?.dispose();
    this.closed.fire();
    super.dispose();
    this.panel.dispose();
  }
}
