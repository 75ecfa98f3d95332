import * as vscode from 'vscode';
import type { HistoryRecord } from '../../core/history/historyStore';
import { applyUpdate, emptyRunState, type RunState } from '../../core/model/runState';
import type { RunSource } from '../run/runSource';
import { notify } from '../notify';

/** A finished run read back from history: shown like a live one, but nothing more will happen to it. */
export class StoredRun implements RunSource {
  readonly view: RunState = emptyRunState();
  readonly onDidUpdate: vscode.Event<never> = () => ({ dispose: () => undefined });

  constructor(private readonly record: HistoryRecord) {
    for (const u of record.updates) applyUpdate(this.view, u);
  }

  get id() {
    return this.record.id;
  }
  get request() {
    return this.record.request;
  }
  get workflowName() {
    return this.record.workflowName;
  }
  get mode() {
    return this.record.mode;
  }
  get updates() {
    return this.record.updates;
  }
  get environment() {
    return { id: this.record.environmentId, name: this.record.environmentName, baseUrl: this.record.baseUrl, dialect: this.record.dialect };
  }

  cancel(): void {
    // a stored run has nothing to cancel
  }

  async resume(): Promise<void> {
    void notify.info(vscode.l10n.t('This run is from an earlier session and can no longer be resumed. Run the workflow again.'));
  }
}
