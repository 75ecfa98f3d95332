import * as vscode from 'vscode';
import { HistoryFileError, HistoryStore, type HistoryEntry, type HistoryRecord } from '../../core/history/historyStore';
import { Disposable } from '../lifecycle';
import { Settings } from '../ids';
import type { Log } from '../log';
import type { RunMode, RunRequest } from '../../core/model/workflow';
import type { EnvironmentDef } from '../../core/environments';
import type { RunUpdate } from '../../core/model/runUpdate';
import type { RunState } from '../../core/model/runState';
import { notify } from '../notify';

/** Run history in the extension's storage (per workspace, or global without one); never in the workspace. */
/** What history keeps of a run (a RunSession is one): the history knows runs by this shape, not by their class. */
export interface RecordableRun {
  readonly id: string;
  readonly request: RunRequest;
  readonly mode: RunMode;
  readonly environment: EnvironmentDef;
  readonly view: RunState;
  readonly updates: readonly RunUpdate[];
  readonly workflowName?: string | undefined;
}

export class HistoryService extends Disposable {
  readonly store: HistoryStore;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private reported = false;

  constructor(
    storage: vscode.Uri,
    private readonly log: Log,
  ) {
    super();
    this.store = new HistoryStore(vscode.Uri.joinPath(storage, 'history').fsPath, this.maxRuns(), this.maxBytes(), log.secrets);
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${Settings.section}.${Settings.historyMaxRuns}`)) this.store.setMaxRuns(this.maxRuns());
        if (e.affectsConfiguration(`${Settings.section}.${Settings.historyMaxMegabytes}`)) this.store.setMaxBytes(this.maxBytes());
      }),
    );
  }

  private maxRuns(): number {
    return vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.historyMaxRuns, 200);
  }

  private maxBytes(): number {
    return vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.historyMaxMegabytes, 200) * 1024 * 1024;
  }

  static toRecord(s: RecordableRun): HistoryRecord {
    const v = s.view;
    const r: HistoryRecord = {
      id: s.id,
      workflowId: s.request.workflowId,
      environmentId: s.environment.id,
      environmentName: s.environment.name,
      baseUrl: s.environment.baseUrl,
      dialect: s.environment.dialect,
      mode: s.mode,
      request: s.request,
      status: v.status,
      startedAt: v.startedAt ?? Date.now(),
      updates: [...s.updates],
    };
    if (v.endedAt !== undefined) r.endedAt = v.endedAt;
    if (v.usage?.tokenCount !== undefined) r.tokenCount = v.usage.tokenCount;
    if (v.logid) r.logid = v.logid;
    if (v.debugUrl) r.debugUrl = v.debugUrl;
    if (v.executeId) r.executeId = v.executeId;
    if (v.output !== undefined) r.output = v.output;
    if (v.error) r.error = { kind: v.error.kind, message: v.error.message, ...(v.error.code !== undefined ? { code: v.error.code } : {}) };
    if (s.workflowName) r.workflowName = s.workflowName;
    if (v.incomplete.length > 0) r.incomplete = [...v.incomplete];
    return r;
  }

  async record(s: RecordableRun): Promise<void> {
    try {
      await this.store.save(HistoryService.toRecord(s));
      this.changed.fire();
    } catch (e) {
      this.report(e);
    }
  }

  async list(): Promise<HistoryEntry[]> {
    try {
      return await this.store.list();
    } catch (e) {
      this.report(e);
      return [];
    }
  }

  async get(id: string): Promise<HistoryRecord | undefined> {
    try {
      return await this.store.get(id);
    } catch (e) {
      this.report(e);
      return undefined;
    }
  }

  async clear(): Promise<void> {
    await this.store.clear();
    this.changed.fire();
  }

  /** Says once where the unreadable file is; the file itself is never overwritten. */
  private report(e: unknown): void {
    this.log.error('history', e instanceof Error ? e.message : String(e));
    if (this.reported) return;
    this.reported = true;
    if (e instanceof HistoryFileError) {
      const reveal = vscode.l10n.t('Reveal File');
      void notify
        .error(vscode.l10n.t('Run history cannot be read from {0}. It was left untouched; new runs are not recorded until it is moved away.', e.path), reveal)
        .then((c) => {
          if (c === reveal) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(e.path));
        });
    }
  }
}
