import * as vscode from 'vscode';
import { curlForRun } from '../../core/snippets/curl';
import type { HistoryEntry } from '../../core/history/historyStore';
import type { HistoryService } from '../history/historyService';
import type { HistoryItem } from '../history/historyTree';
import type { RunManager } from '../run/runManager';
import type { EnvironmentService } from '../environments/environmentService';

/** Commands of the history view take a tree item, an object with runId (tests, links), or nothing. */
export type RunRef = HistoryItem | { runId?: string } | undefined;

export function runIdOf(ref: RunRef): string | undefined {
  if (!ref) return undefined;
  return 'entry' in ref ? ref.entry.id : ref.runId;
}

async function entryOf(ref: RunRef, runs: RunManager, history: HistoryService): Promise<HistoryEntry | undefined> {
  const id = runIdOf(ref) ?? runs.current()?.id;
  if (!id) return undefined;
  const live = runs.get(id);
  if (live) return (await import('../history/historyService')).HistoryService.toRecord(live);
  return history.get(id);
}

/** Coze: Run Again — the same workflow, inputs and mode, on the environment it first ran on. Returns the new run id. */
export async function rerun(runs: RunManager, history: HistoryService, envs: EnvironmentService, ref: RunRef): Promise<string | undefined> {
  const entry = await entryOf(ref, runs, history);
  if (!entry) return undefined;
  const env = envs.all().find((e) => e.id === entry.environmentId) ?? envs.active();
  const session = await runs.start(entry.request, entry.mode, env);
  return session.id;
}

/** Coze: Copy as curl — the run as a curl command; the token stays $COZE_API_TOKEN. */
export async function copyAsCurl(runs: RunManager, history: HistoryService, ref: RunRef): Promise<string | undefined> {
  const entry = await entryOf(ref, runs, history);
  if (!entry) return undefined;
  const text = curlForRun(entry.baseUrl, entry.request, entry.mode);
  await vscode.env.clipboard.writeText(text);
  void vscode.window.showInformationMessage(vscode.l10n.t('Copied the curl command. It reads the token from $COZE_API_TOKEN.'));
  return text;
}

export async function clearHistory(history: HistoryService): Promise<void> {
  const clear = vscode.l10n.t('Clear');
  const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Delete every run in the history?'), { modal: true }, clear);
  if (answer === clear) await history.clear();
}
