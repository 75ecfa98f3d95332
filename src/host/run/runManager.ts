import * as vscode from 'vscode';
import type { RunMode, RunRequest } from '../../core/model/workflow';
import type { CozeClient } from '../../core/client/cozeClient';
import type { EnvironmentDef } from '../../core/environments';
import type { Dialect } from '../../core/model/workflow';
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
import { displayStatus } from '../../core/model/runState';
import type { ParameterForms } from '../params/parameterForms';
import type { FileUploads } from '../files/fileUploads';
import type { ErrorNotifier } from '../errorNotifier';
import type { WorkflowNames } from '../workflows/workflowNames';
import { notify } from '../notify';
import type { RunEvents } from './runEvents';

/**
 * Owns this window's runs and the panels that show them. A run lives here while it is under way, waits for
 * an answer, or has a panel open; once it has ended and no panel shows it, it is released (its listeners
 * disposed) and lives on only in history, from where a panel can show it again.
 */
export class RunManager extends Disposable {
  private readonly sessions = new Map<string, RunSession>();
  /** What each live session needs disposed when it is released: its own listeners here. */
  private readonly sessionSubscriptions = new Map<string, vscode.Disposable[]>();
  /** The panel showing each run (a panel shows the last run started from its editor). */
  private readonly panels = new Map<string, RunPanel>();
  /** Every open panel, those with no run yet included, oldest first. */
  private readonly openPanels = new Set<RunPanel>();
  private lastRunId: string | undefined;
  /** Runs whose end is being written to history: not released before it is there. */
  private readonly recording = new Set<string>();
  /** Fires with a run's id when it is released (the others listen to RunEvents itself). */
  get onDidRelease(): vscode.Event<string> {
    return this.events.onDidRelease;
  }

  constructor(
    /** Owned by the extension: the status bar and the history view listen from activation on. */
    private readonly events: RunEvents,
    private readonly clients: ClientFactory,
    private readonly history: HistoryService,
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
    private readonly forms: ParameterForms,
    private readonly uploads: FileUploads,
    private readonly notifier: ErrorNotifier,
    private readonly names: WorkflowNames,
  ) {
    super();
    // a panel opened by id takes the workflow's name once it is known, whichever way it was opened
    this.register(
      names.onDidChange(() => {
        for (const p of this.openPanels) p.setWorkflowName(this.names.nameOf(p.launch.environment.id, p.launch.workflowId));
      }),
    );
  }

  private get panelDeps(): RunPanelDeps {
    return {
      extensionUri: this.extensionUri,
      log: this.log,
      forms: this.forms,
      uploads: this.uploads,
      run: (panel, parameters) => this.runIn(panel, parameters),
      errorAction: (action, source) =>
        this.notifier.run(action, source.view.error ?? {}, { environment: this.configured(source.environment), runId: source.id }),
      fetchFullOutput: (source) => this.fetchFullOutput(source),
    };
  }

  /**
   * Opens a panel on the workflow's parameter editor (a form from its input schema, raw JSON, file drops),
   * ready to run; an open panel of the same workflow and environment with no run under way is reused.
   */
  openEditor(spec: LaunchSpec): RunPanel {
    const same = [...this.openPanels]
      .reverse()
      .find((p) => p.launch.workflowId === spec.workflowId && p.launch.environment.id === spec.environment.id && !p.runId);
    if (same && spec.parametersText === undefined) {
      same.reveal();
      return same;
    }
    return this.createPanel(spec, undefined);
  }

  /** The environment as configured now (a stored run's record holds only its id, name and URL). */
  private configured(env: EnvironmentDef): EnvironmentDef {
    return this.clients.environments().find((e) => e.id === env.id) ?? env;
  }

  /** The editor's Run: a run of the panel's workflow with these parameters, shown in the same panel. */
  private async runIn(panel: RunPanel, parameters: Record<string, unknown>): Promise<void> {
    const spec = panel.launch;
    const environment = this.configured(spec.environment);
    try {
      const { client } = await this.clients.forEnvironment(environment);
      await this.launch({ workflowId: spec.workflowId, parameters, ...spec.options }, spec.mode, environment, client, panel);
    } catch (e) {
      this.log.error('run', `${spec.workflowId}: ${e instanceof Error ? e.message : String(e)}`);
      void this.notifier.show(e, { environment });
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
    const session = new RunSession(request, mode, environment, client, this.log, this.names.nameOf(environment.id, request.workflowId));
    this.sessions.set(session.id, session);
    this.lastRunId = session.id;
    this.sessionSubscriptions.set(session.id, [
      session.onDidUpdate(() => this.events.changed.fire(session)),
      session.onDidEnd(() => {
        void this.updateContext();
        this.recording.add(session.id);
        void this.history.record(session).finally(() => {
          this.recording.delete(session.id);
          this.releaseIfDone(session.id);
        });
        this.announce(session);
        this.events.ended.fire(session);
      }),
    ]);
    if (panel) {
      const previous = panel.runId;
      if (previous) this.panels.delete(previous);
      panel.attach(session);
      this.panels.set(session.id, panel);
      panel.reveal();
      if (previous) this.releaseIfDone(previous);
    } else {
      this.showPanel(session.id);
    }
    this.events.started.fire(session);
    if (mode === 'sync') {
      // a sync run shows nothing until it ends: a notification says it is under way and can cancel it
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Running {0} (sync)…', this.nameOf(session)), cancellable: true },
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

  private nameOf(source: RunSource): string {
    return source.workflowName ?? this.names.label(source.environment.id, source.request.workflowId);
  }

  /**
   * Says how a run ended where it would otherwise go unseen: an async run always (it ends long after it
   * starts); any run that failed or asks a question while its panel is hidden, with Show Run. A 6003 (async
   * needs a paid plan) offers a stream run instead.
   */
  private announce(session: RunSession): void {
    const v = session.view;
    const name = this.nameOf(session);
    if (session.mode === 'async' && v.error?.kind === 'paidFeature') {
      const stream = vscode.l10n.t('Run as Stream');
      void notify.warn(vscode.l10n.t('Asynchronous runs need a paid Coze plan. Run {0} as a stream instead?', name), stream).then((c) => {
        if (c === stream) void this.start(session.request, 'stream', session.environment);
      });
      return;
    }
    const hidden = !this.panels.get(session.id)?.visible;
    if (session.mode !== 'async' && !hidden) return;
    const show = vscode.l10n.t('Show Run');
    if (v.status === 'failed' && v.error) {
      const error = v.error.debugUrl || !v.debugUrl ? v.error : { ...v.error, debugUrl: v.debugUrl };
      void this.notifier.showView(error, { environment: this.configured(session.environment), runId: session.id, extra: ['showRun'], subject: name });
      return;
    }
    let message: string;
    if (displayStatus(v) === 'succeededWithWarnings')
      message = vscode.l10n.t('The run of {0} succeeded with warnings: the text of {1} may be incomplete.', name, v.incomplete.join(', '));
    else if (v.status === 'succeeded') message = vscode.l10n.t('The async run of {0} succeeded.', name);
    else if (v.status === 'interrupted') message = vscode.l10n.t('The run of {0} is waiting for your answer.', name);
    else if (v.status === 'cancelled') return;
    else message = vscode.l10n.t('The async run of {0} ended: {1}.', name, v.status);
    void notify.info(message, show).then((c) => c === show && this.showPanel(session.id));
  }

  /** Fetch Full Output: the complete text read back from cloud's run history, recorded in history too. */
  private async fetchFullOutput(source: RunSource): Promise<void> {
    const session = this.sessions.get(source.id);
    if (!session) return;
    try {
      const complete = await session.fetchFullOutput();
      await this.history.record(session);
      if (!complete)
        void notify.warn(
          vscode.l10n.t(
            "Coze keeps no complete copy of some of this run's text (it keeps Output nodes for 24 hours, the End node for 7 days): what was fetched is shown, the rest stays as streamed.",
          ),
        );
    } catch (e) {
      void this.notifier.show(e, { environment: this.configured(session.environment) });
    }
  }

  /** Where a workflow that names `id` runs (the active environment when it names none); an unknown id is an error the user can fix in the settings or .coze/workflows.json. */
  environment(id: string | undefined): EnvironmentDef {
    return this.clients.forWorkflow(id);
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

  /** The run the user most likely means: the latest one started, while it is still held here. */
  current(): RunSession | undefined {
    return this.lastRunId ? this.sessions.get(this.lastRunId) : undefined;
  }

  /** The id of the latest run started in this window, held here or already in history. */
  get lastRun(): string | undefined {
    return this.lastRunId;
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
      void notify.warn(vscode.l10n.t('This run is no longer in the history.'));
      return undefined;
    }
    return this.showPanel(runId, new StoredRun(record));
  }

  showPanel(runId: string, stored?: RunSource): RunPanel | undefined {
    const source = this.sessions.get(runId) ?? stored;
    if (!source) return undefined;
    const panel = this.panels.get(runId);
    if (panel) {
      panel.reveal();
      return panel;
    }
    return this.createPanel(launchOf(source), source);
  }

  private createPanel(spec: LaunchSpec, source: RunSource | undefined): RunPanel {
    // runs share one editor group: the column of the newest open run panel, else beside the editor
    const column = [...this.openPanels].reverse().find((p) => p.column !== undefined)?.column ?? vscode.ViewColumn.Beside;
    const panel = new RunPanel(spec, source, this.panelDeps, column, source?.workflowName ?? this.names.nameOf(spec.environment.id, spec.workflowId));
    this.openPanels.add(panel);
    if (source) this.panels.set(source.id, panel);
    // the panel's own emitter: disposed with the panel, so nothing here outlives it
    panel.onDidClose(() => {
      this.openPanels.delete(panel);
      for (const [id, p] of this.panels) {
        if (p !== panel) continue;
        this.panels.delete(id);
        this.releaseIfDone(id);
      }
    });
    return panel;
  }

  /**
   * Releases a run that has ended, is not waiting for an answer, is recorded, and has no panel: it lives on
   * in history only. Runs waiting for an answer stay, so Resume Interrupt can still answer them.
   */
  private releaseIfDone(runId: string): void {
    const session = this.sessions.get(runId);
    if (!session || session.isActive || session.view.status === 'interrupted' || this.recording.has(runId) || this.panels.has(runId)) return;
    this.sessions.delete(runId);
    for (const d of this.sessionSubscriptions.get(runId) ?? []) d.dispose();
    this.sessionSubscriptions.delete(runId);
    session.dispose();
    this.log.debug('run', `${runId} released: it is in the history`);
    this.events.released.fire(runId);
  }

  private async updateContext(): Promise<void> {
    const active = [...this.sessions.values()].some((s) => s.isActive);
    await vscode.commands.executeCommand('setContext', ContextKeys.runActive, active);
  }

  override dispose(): void {
    for (const p of this.openPanels) p.dispose();
    for (const subs of this.sessionSubscriptions.values()) for (const d of subs) d.dispose();
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    super.dispose();
  }
}
