import * as vscode from 'vscode';
import type { HistoryEntry } from '../../core/history/historyStore';
import { displayStatus, type DisplayStatus } from '../../core/model/runState';
import { Disposable } from '../lifecycle';
import { Commands, Views } from '../ids';
import { SafeMarkdown } from '../untrustedText';
import { modeLabel, statusLabel } from '../run/statusLabel';
import { HistoryService, type RecordableRun } from './historyService';
import type { WorkflowNames } from '../workflows/workflowNames';

const ICONS: Record<DisplayStatus, [string, string?]> = {
  pending: ['loading~spin'],
  running: ['loading~spin'],
  interrupted: ['question', 'charts.yellow'],
  succeeded: ['pass', 'testing.iconPassed'],
  succeededWithWarnings: ['warning', 'list.warningForeground'],
  failed: ['error', 'testing.iconFailed'],
  cancelled: ['circle-slash', 'disabledForeground'],
};

/** "2 minutes ago", in VS Code's language. */
export function relativeTime(then: number, now = Date.now()): string {
  const format = new Intl.RelativeTimeFormat(vscode.env.language, { numeric: 'auto' });
  const seconds = Math.round((then - now) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 7],
    ['week', 4.35],
    ['month', 12],
    ['year', Infinity],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return unit === 'second' && Math.abs(value) < 10 ? format.format(0, 'second') : format.format(Math.round(value), unit);
    value /= size;
  }
  return new Date(then).toLocaleString(vscode.env.language);
}

export class HistoryItem extends vscode.TreeItem {
  constructor(
    readonly entry: HistoryEntry,
    name?: string,
  ) {
    super(entry.workflowName ?? name ?? entry.workflowId, vscode.TreeItemCollapsibleState.None);
    const status = displayStatus({ status: entry.status, incomplete: entry.incomplete ?? [] });
    const [icon, color] = ICONS[status];
    this.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    const took = entry.endedAt !== undefined ? ` · ${((entry.endedAt - entry.startedAt) / 1000).toFixed(1)} s` : '';
    this.description = `${relativeTime(entry.startedAt)}${took} · ${entry.environmentName}`;
    // error messages and parameters came from a server or a workspace: text and a code block, never Markdown
    const tip = new SafeMarkdown().text(`${entry.workflowName ?? name ?? entry.workflowId} · ${entry.workflowId}`).trusted('\n\n');
    tip.text(`${new Date(entry.startedAt).toLocaleString(vscode.env.language)} · ${entry.environmentName} · ${modeLabel(entry.mode)}`).trusted('\n\n');
    tip.text(`${vscode.l10n.t('Status')}: ${statusLabel(status)}${entry.error ? ` — ${entry.error.message}` : ''}`).trusted('\n\n');
    if (entry.incomplete?.length)
      tip.text(vscode.l10n.t('The text of {0} may be incomplete: an event could not be read.', entry.incomplete.join(', '))).trusted('\n\n');
    if (entry.tokenCount !== undefined) tip.text(`${vscode.l10n.t('Tokens')}: ${entry.tokenCount}`).trusted('\n\n');
    if (entry.logid) tip.text(`logid: ${entry.logid}`);
    tip.block(JSON.stringify(entry.request.parameters ?? {}, null, 2).slice(0, 800), 'json');
    this.tooltip = tip.md;
    this.contextValue = `run:${entry.status}${entry.debugUrl ? ':debug' : ''}${entry.output !== undefined ? ':output' : ''}`;
    this.command = { command: Commands.showRun, title: vscode.l10n.t('Show Run'), arguments: [{ runId: entry.id }] };
    this.id = entry.id;
  }
}

/** The "Run History" view: this window's live runs and the stored ones, newest first. */
/** This window's runs, live: what the view lists above the stored ones (the RunManager is one). */
export interface LiveRuns {
  readonly onDidStart: vscode.Event<unknown>;
  all(): RecordableRun[];
}

export class HistoryTree extends Disposable implements vscode.TreeDataProvider<HistoryItem> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<HistoryItem>;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly history: HistoryService,
    private readonly runs: LiveRuns,
    private readonly names: WorkflowNames,
  ) {
    super();
    this.view = this.register(vscode.window.createTreeView(Views.history, { treeDataProvider: this, canSelectMany: true }));
    // "2 minutes ago" ages: redrawn each minute while the view is on screen
    const clock = setInterval(() => this.view.visible && this.refresh(), 60_000);
    this.register({ dispose: () => clearInterval(clock) });
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
    return [...live, ...stored.filter((e) => !liveIds.has(e.id))].map((e) => new HistoryItem(e, this.names.nameOf(e.environmentId, e.workflowId)));
  }
}
