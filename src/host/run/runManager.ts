import * as vscode from 'vscode';
import type { RunMode, RunRequest } from '../../core/client/types';
import type { CozeClient } from '../../core/client/cozeClient';
import type { EnvironmentDef } from '../../core/environments';
import type { Dialect } from '../../core/dialect';
import type { HistoryService } from '../history/historyService';
import { StoredRun } from '../history/storedRun';
import type { RunSource } from './runSource';
import { Disposable } from '../lifecycle';
import { ContextKeys } from '../ids';
import type { ClientFactory } from '../clientFactory';
import type { Log } from '../log';
import { RunPanel, type RunPanelDeps } from './runPanel';
import { RunSession } from './runSession';
import { launchOf, type LaunchSpec } from '../params/launchSpec';
import type { ParameterForms } from '../params/parameterForms';
import type { FileUploads } from '../files/fileUploads';
import { showError } from '../errorPresenter';

/** Owns every run of this window and the panels that show them. */
export class RunManager extends Disposable {
  private readonly sessions = new Map<string, RunSession>();
  /** The panel showing each run (a panel shows the last run started from its editor). */
  private readonly panels = new Map<string, RunPanel>();
  /** Every open panel, those with no run yet included. */
  private readonly openPanels = new Set<RunPanel>();
  private lastRunId: string | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<RunSession>());
  /** Fires on every update of any run (the status bar throttles itself). */
  readonly onDidChange = this.changed.event;
  private readonly started = this.register(new vscode.EventEmitter<RunSession>());
  readonly onDidStart = this.started.event;
  private readonly ended = this.register(new vscode.EventEmitter<RunSession>());
  readonly onDidEnd = this.ended.event;

  constructor(
    private readonly clients: ClientFactory,
    private readonly history: HistoryService,
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
    private readonly forms: ParameterForms,
    private readonly uploads: FileUploads,
  ) {
    super();
  }

  private get panelDeps(): RunPanelDeps {
    return { extensionUri: this.extensionUri, log: this.log, forms: this.forms, uploads: this.uploads, run: (panel, parameters) => this.runIn(panel, parameters) };
  }

  /**
   * Opens a panel on the workflow's parameter editor (a form from its input schema, raw JSON, file drops),
   * ready to run; an open panel of the same workflow and environment with no run under way is reused.
   */
  openEditor(spec: LaunchSpec): RunPanel {
    const same = [...this.openPanels].reverse().find((p) => p.launch.workflowId === spec.workflowId && p.launch.environment.id === spec.environment.id && !p.runId);
    if (same && spec.parametersText === undefined) {
      same.reveal();
      return same;
    }
    return this.createPanel(spec, undefined);
  }

  /** The editor's Run: a run of the panel's workflow with these parameters, shown in the same panel. */
  private async runIn(panel: RunPanel, parameters: Record<string, unknown>): Promise<void> {
    const spec = panel.launch;
    try {
      // the environment as configured now (a stored run's record holds only its id, name and URL)
      const configured = this.clients.environments().find((e) => e.id === spec.environment.id) ?? spec.environment;
      const { client, environment } = await this.clients.forEnvironment(configured);
      await this.launch({ workflowId: spec.workflowId, parameters, ...spec.options }, spec.mode, environment, client, panel);
    } catch (e) {
      this.log.error('run', `${spec.workflowId}: ${e instanceof Error ? e.message : String(e)}`);
      void showError(e);
    }
  }

  /**
   * Starts a run and opens its panel; resolves once the run has started (not when it ends). The run is
   * recorded in history when it ends or stops at a question, whether or not its panel is still open.
   */
  async start(request: RunRequest, mode: RunMode = 'stream', environment?: EnvironmentDef): Promise<RunSession> {
    const { client, environment: env } = await (environment ? this.clients.forEnvironment(environment) : this.clients.forActive());
    return this.launch(request, mode, env, client);
  }

  private async launch(request: RunRequest, mode: RunMode, environment: EnvironmentDef, client: CozeClient, panel?: RunPanel): Promise<RunSession> {
    const session = this.register(new RunSession(request, mode, environment, client, this.log));
    this.sessions.set(session.id, session);
    this.lastRunId = session.id;
    this.register(session.onDidUpdate(() => this.changed.fire(session)));
    this.register(
      session.onDidEnd(() => {
        void this.updateContext();
        void this.history.record(session);
        this.announce(session);
        this.ended.fire(session);
      }),
    );
    if (panel) {
      if (panel.runId) this.panels.delete(panel.runId);
      panel.attach(session);
      this.panels.set(session.id, panel);
      panel.reveal();
    } else {
      this.showPanel(session.id);
    }
    this.started.fire(session);
    if (mode === 'sync') {
      // a sync run shows nothing until it ends: a notification says it is under way and can cancel it
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Running {0} (sync)…', request.workflowId), cancellable: true },
        (_progress, token) => {
          const sub = token.onCancellationRequested(() => session.cancel());
          return session.start().finally(() => sub.dispose());
        },
      );
    } else {
      void session.start();
    }
    await this.updateContext();
    return session;
  }

  /** Async runs end long after they start: say so. A 6003 (async needs a paid plan) offers a stream run. */
  private announce(session: RunSession): void {
    const v = session.view;
    if (session.mode !== 'async') return;
    if (v.error?.kind === 'paidFeature') {
      const stream = vscode.l10n.t('Run as Stream');
      void vscode.window.showWarningMessage(vscode.l10n.t('Asynchronous runs need a paid Coze plan. Run {0} as a stream instead?', session.request.workflowId), stream).then((c) => {
        if (c === stream) void this.start(session.request, 'stream', session.environment);
      });
      return;
    }
    const show = vscode.l10n.t('Show Run');
    const message =
      v.status === 'succeeded'
        ? vscode.l10n.t('The async run of {0} succeeded.', session.request.workflowId)
        : v.status === 'interrupted'
          ? vscode.l10n.t('The async run of {0} is waiting for an answer.', session.request.workflowId)
          : vscode.l10n.t('The async run of {0} ended: {1}.', session.request.workflowId, v.error?.message ?? v.status);
    const notify = v.status === 'succeeded' || v.status === 'interrupted' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void notify(message, show).then((c) => c === show && this.showPanel(session.id));
  }

  /** An environment by id; an unknown id is an error the user can fix in the settings or .coze/workflows.json. */
  environment(id: string): EnvironmentDef {
    const env = this.clients.environments().find((e) => e.id === id);
    if (!env) throw new Error(vscode.l10n.t('There is no environment "{0}". Add it to coze.environments or change the workflow\'s environment.', id));
    return env;
  }

  activeDialect(): Dialect {
    return this.clients.activeEnvironment().dialect;
  }

  activeEnvironment(): EnvironmentDef {
    return this.clients.activeEnvironment();
  }

  get(runId: string): RunSession | undefined {
    return this.sessions.get(runId);
  }

  /** The run the user most likely means: the latest one started. */
  current(): RunSession | undefined {
    return this.lastRunId ? this.sessions.get(this.lastRunId) : undefined;
  }

  all(): RunSession[] {
    return [...this.sessions.values()].reverse();
  }

  panelFor(runId: string): RunPanel | undefined {
    return this.panels.get(runId);
  }

  /** The panel opened or used last (tests and the status bar look at it). */
  lastPanel(): RunPanel | undefined {
    return [...this.openPanels].pop();
  }

  /** Opens (or reveals) the panel of a run of this window, or of a stored run read back from history. */
  async open(runId: string): Promise<RunPanel | undefined> {
    if (this.sessions.has(runId) || this.panels.has(runId)) return this.showPanel(runId);
    const record = await this.history.get(runId);
    if (!record) {
      void vscode.window.showWarningMessage(vscode.l10n.t('This run is no longer in the history.'));
      return undefined;
    }
    return this.showPanel(runId, new StoredRun(record));
  }

  showPanel(runId: string, stored?: RunSource): RunPanel | undefined {
    const session = this.sessions.get(runId) ?? stored;
    if (!session) return undefined;
    let panel = this.panels.get(runId);
    if (panel) {
      panel.reveal();
      return panel;
    }
    return this.createPanel(launchOf(session), session);
  }

  private createPanel(spec: LaunchSpec, source: RunSource | undefined): RunPanel {
    // runs share one editor group: the column of the newest open run panel, else beside the editor
    const column = [...this.openPanels].reverse().find((p) => p.column !== undefined)?.column ?? vscode.ViewColumn.Beside;
    const panel = new RunPanel(spec, source, this.panelDeps, column);
    this.openPanels.add(panel);
    if (source) this.panels.set(source.id, panel);
    this.register(
      panel.onDidClose(() => {
        this.openPanels.delete(panel);
        for (const [id, p] of this.panels) if (p === panel) this.panels.delete(id);
      }),
    );
    return panel;
  }

  private async updateContext(): Promise<void> {
    const active = [...this.sessions.values()].some((s) => s.isActive);
    await vscode.commands.executeCommand('setContext', ContextKeys.runActive, active);
  }

  override dispose(): void {
    for (const p of this.openPanels) p.dispose();
    super.dispose();
  }
}
