import * as vscode from 'vscode';
import type { RunMode } from '../../core/model/workflow';
import type { DisplayStatus } from '../../core/model/runState';

/** A run's status in words, for tooltips, pickers, history and notifications. */
export function statusLabel(status: DisplayStatus): string {
  switch (status) {
    case 'pending':
      return vscode.l10n.t('Starting…');
    case 'running':
      return vscode.l10n.t('Running');
    case 'interrupted':
      return vscode.l10n.t('Waiting for your answer');
    case 'succeeded':
      return vscode.l10n.t('Succeeded');
    case 'succeededWithWarnings':
      return vscode.l10n.t('Succeeded with warnings');
    case 'failed':
      return vscode.l10n.t('Failed');
    case 'cancelled':
      return vscode.l10n.t('Cancelled');
  }
}

/** An async run's status as its history says it (Running, Success, Fail, Cancel), in the same words as a run's. */
export function asyncStatusLabel(status: string): string {
  const shown = ({ Running: 'running', Success: 'succeeded', Fail: 'failed', Cancel: 'cancelled' } as const)[status as 'Running'];
  return shown ? statusLabel(shown) : status;
}

/** A run mode in words (the Run Workflow picker's own labels). */
export function modeLabel(mode: RunMode): string {
  switch (mode) {
    case 'stream':
      return vscode.l10n.t('Stream');
    case 'sync':
      return vscode.l10n.t('Sync');
    case 'async':
      return vscode.l10n.t('Async');
  }
}

/** What a saved workflow is, in words. */
export function kindLabel(kind: 'workflow' | 'chatflow'): string {
  return kind === 'chatflow' ? vscode.l10n.t('chatflow') : vscode.l10n.t('workflow');
}
