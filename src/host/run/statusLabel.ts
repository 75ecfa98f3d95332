import * as vscode from 'vscode';
import type { DisplayStatus } from '../../core/run/runState';

/** A run's status in words, for tooltips and notifications. */
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
