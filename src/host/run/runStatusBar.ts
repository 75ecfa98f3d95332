import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import { Commands } from '../ids';
import { SafeMarkdown } from '../untrustedText';
import { displayStatus } from '../../core/model/runState';
import type { RunEvents } from './runEvents';
import type { RunSession } from './runSession';
import { asyncStatusLabel } from './statusLabel';

function seconds(ms: number | undefined): string {
  return ms === undefined ? '–' : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/**
 * The latest run in the status bar: a spinner while it streams (a click cancels it), then ✓ or ✗ with its
 * time and tokens and a tooltip breakdown (a click reopens its panel).
 */
type Shown = Pick<RunSession, 'id' | 'request' | 'environment' | 'view'>;

export class RunStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('coze.run', vscode.StatusBarAlignment.Left, 49));
  /** The run shown: its session while it is live, then (once released) what the item still needs of it. */
  private shown: Shown | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(runs: RunEvents) {
    super();
    this.item.name = vscode.l10n.t('Coze Run');
    this.register(runs.onDidChange((s) => this.schedule(s)));
    // a released run lives in history only: keep its view for the item, not the session
    this.register(
      runs.onDidRelease((id) => {
        const s = this.shown;
        if (s?.id === id) this.shown = { id: s.id, request: s.request, environment: s.environment, view: s.view };
      }),
    );
    this.register({ dispose: () => this.timer && clearTimeout(this.timer) });
  }

  /** At most ten redraws a second, however fast the events come. */
  private schedule(session: RunSession): void {
    if (this.shown?.id !== session.id) {
      this.shown = session;
      this.render();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.render();
    }, 100);
  }

  /** What the item shows now (for tests). */
  get text(): string {
    return this.item.text;
  }

  private render(): void {
    const s = this.shown;
    if (!s) return;
    const v = s.view;
    const total = v.startedAt !== undefined ? (v.endedAt ?? Date.now()) - v.startedAt : undefined;
    const tokens = v.usage?.tokenCount;
    const tokensText = tokens !== undefined ? ` · ${vscode.l10n.t('{0} tokens', tokens)}` : '';
    // node titles come from the server: text only, never Markdown
    const tooltip = new SafeMarkdown()
      .trusted(`**${vscode.l10n.t('Workflow')}** `)
      .text(`${s.request.workflowId} · ${s.environment.name}`)
      .trusted('\n\n');
    const first = v.firstEventAt !== undefined && v.startedAt !== undefined ? v.firstEventAt - v.startedAt : undefined;
    // whole sentences with placeholders, so Chinese gets its own word order and full-width punctuation
    tooltip
      .text(vscode.l10n.t('First event: {0}', seconds(first)))
      .trusted('  \n')
      .text(vscode.l10n.t('Total: {0}', seconds(total)))
      .trusted('  \n');
    if (v.usage)
      tooltip
        .text(vscode.l10n.t('Tokens: {0} (input {1}, output {2})', v.usage.tokenCount ?? '–', v.usage.inputCount ?? '–', v.usage.outputCount ?? '–'))
        .trusted('  \n');
    for (const n of v.nodes.slice(0, 12))
      tooltip
        .trusted('- ')
        .text(vscode.l10n.t('{0}: {1}, {2} chunks', n.title, seconds(n.lastAt - n.firstAt), n.chunks))
        .trusted('\n');
    switch (v.status) {
      case 'pending':
      case 'running':
        this.item.text = v.asyncStatus
          ? `$(watch) ${vscode.l10n.t('Coze async run: {0} · {1}', asyncStatusLabel(v.asyncStatus), seconds(total))}`
          : `$(loading~spin) ${vscode.l10n.t('Coze {0}', seconds(total))}`;
        this.item.command = { command: Commands.cancelRun, title: vscode.l10n.t('Cancel'), arguments: [{ runId: s.id }] };
        tooltip.trusted('\n').text(vscode.l10n.t('Click to cancel the run.'));
        break;
      case 'interrupted':
        this.item.text = `$(question) ${vscode.l10n.t('Coze: waiting for your answer')}`;
        this.item.command = { command: Commands.showRun, title: vscode.l10n.t('Show Run'), arguments: [{ runId: s.id }] };
        break;
      default: {
        const status = displayStatus(v);
        const icon =
          status === 'succeeded' ? '$(pass)' : status === 'succeededWithWarnings' ? '$(warning)' : status === 'cancelled' ? '$(circle-slash)' : '$(error)';
        if (status === 'succeededWithWarnings')
          tooltip.trusted('\n').text(vscode.l10n.t('The text of {0} may be incomplete: an event could not be read.', v.incomplete.join(', ')));
        this.item.text = `${icon} ${vscode.l10n.t('Coze {0}', seconds(total))}${tokensText}`;
        this.item.command = { command: Commands.showRun, title: vscode.l10n.t('Show Run'), arguments: [{ runId: s.id }] };
        tooltip.trusted('\n').text(vscode.l10n.t('Click to open the run.'));
      }
    }
    this.item.tooltip = tooltip.md;
    this.item.show();
  }
}
