import * as vscode from 'vscode';
import { prettyOutput } from '../../core/model/runState';
import { errorSummaryText } from '../errorPresenter';
import { statusLabel } from '../run/statusLabel';
import type { HistoryEntry } from '../../core/history/historyStore';

export const RUN_OUTPUT_SCHEME = 'coze-run';

/** The text a run's output reads as: the unwrapped output, or what went wrong. */
export function historyEntryText(entry: HistoryEntry): string {
  if (entry.output !== undefined) return prettyOutput(entry.output) + '\n';
  if (entry.error) return `${vscode.l10n.t('{0}: {1}', statusLabel(entry.status), errorSummaryText(entry.error))}\n`;
  return `${statusLabel(entry.status)}\n`;
}

/** Where a run's output opens as a read-only document (a live run's too: the provider finds it by id). */
export function outputUri(entry: Pick<HistoryEntry, 'id' | 'workflowId' | 'startedAt'>): vscode.Uri {
  const stamp = new Date(entry.startedAt).toISOString().replace(/[:.]/g, '-');
  return vscode.Uri.from({ scheme: RUN_OUTPUT_SCHEME, path: `/${entry.workflowId}-${stamp}.json`, query: entry.id });
}

/** Read-only documents holding run outputs, so VS Code's diff editor can compare two runs. */
export class RunOutputDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly lookup: (runId: string) => Promise<HistoryEntry | undefined>) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const entry = await this.lookup(uri.query);
    return entry ? historyEntryText(entry) : vscode.l10n.t('This run is no longer in the history.');
  }
}
