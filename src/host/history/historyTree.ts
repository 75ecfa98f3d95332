import * as vscode from 'vscode';
import type { HistoryEntry } from '../../core/history/historyStore';
import type { RunStatus } from '../../core/run/runView';
import { Disposable } from '../lifecycle';
import { Commands, Views } from '../ids';
import type { RunManager } from '../run/runManager';
import { HistoryService } from './historyService';

const ICONS: Record<RunStatus, [string, string?]> = {
  pending: ['loading~spin'],
  running: ['loading~spin'],
  interrupted: ['question', 'charts.yellow'],
  succeeded: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  cancelled: ['circle-slash', 'disabledForeground'],
};

export class HistoryItem extends vscode.TreeItem {
  constructor(readonly entry: HistoryEntry) {
    super(entry.workflowId, vscode.TreeItemCollapsibleState.None);
    const [icon, color] = ICONS[entry.status];
    this.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    const took = entry.endedAt !== undefined ? ` · ${((entry.endedAt - entry.startedAt) / 1000).toFixed(1)} s` : '';
    this.description = `${new Date(entry.startedAt).toLocaleString()}${took} · ${entry.environmentName}`;
    this.tooltip = new vscode.MarkdownString(
      [
        `**${entry.workflowId}** · ${entry.environmentName} · ${entry.mode}`,
        `${vscode.l10n.t('Status')}: ${entry.status}${entry.error ? ` — ${entry.error.message}` : ''}`,
        entry.tokenCount !== undefined ? `${vscode.l10n.t('Tokens')}: ${entry.tokenCount}` : '',
        entry.logid ? `logid: \`${entry.logid}\`` : '',
        '```json\n' + JSON.stringify(entry.request.parameters ?? {}, null, 2).slice(0, 800) + '\n```',
      ].filter(Boolean).join('\n\n'),
    );
    this.contextValue = `run:${entry.status}${entry.debugUrl ? ':debug' : ''}${entry.output !== undefined ? ':output' : ''}`;
    this.command = { command: Commands.showRun, title: vscode.l10n.t('Show Run'), arguments: [{ runId: entry.id }] };
    this.id = entry.id;
  }
}

/** The "Run History" view: this window's live runs and the stored ones, newest first. */
export class HistoryTree extends Disposable implements vscode.TreeDataProvider<HistoryItem> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<HistoryItem>;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly history: HistoryService, private readonly runs: RunManager) {
    super();
    this.view = this.register(vscode.window.createTreeView(Views.history, { treeDataProvider: this, canSelectMany: true }));
    this.register(history.onDidChange(() => this.refresh()));
    this.register(runs.onDidStart(() => this.refresh()));
    this.register({ dispose: () => this.refreshTimer && clearTimeout(this.refreshTimer) });
  }

  refresh(): void {
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      this.changed.fire();
    }, 50);
  }

  getTreeItem(item: HistoryItem): HistoryItem {
    return item;
  }

  async getChildren(): Promise<HistoryItem[]> {
    const stored = await this.history.list();
    // this window's runs as they are now (live ones change under way), then the stored ones
    const live = this.runs.all().map((s) => {
      const { updates: _updates, ...entry } = HistoryService.toRecord(s);
      return entry;
    });
    const liveIds = new Set(live.map((e) => e.id));
    return [...live, ...stored.filter((e) => !liveIds.has(e.id))].map((e) => new HistoryItem(e));
  }
}
