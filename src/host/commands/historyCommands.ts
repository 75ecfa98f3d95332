import * as vscode from 'vscode';
import { httpStack } from '../httpStack';
import { historyEntryText, outputUri } from '../history/runOutputDocuments';
import type { HistoryRecord } from '../../core/history/historyStore';
import { HistoryService } from '../history/historyService';
import type { HistoryItem } from '../history/historyTree';
import type { RunManager } from '../run/runManager';
import type { EnvironmentService } from '../environments/environmentService';
import { labelText } from '../untrustedText';
import { statusLabel } from '../run/statusLabel';
import { notify } from '../notify';

/** Commands of the history view take a tree item, an object with runId (tests, links), or nothing. */
export type RunRef = HistoryItem | { runId?: string } | undefined;

export function runIdOf(ref: RunRef): string | undefined {
  if (!ref) return undefined;
  return 'entry' in ref ? ref.entry.id : ref.runId;
}

export async function entryOf(ref: RunRef, runs: RunManager, history: HistoryService): Promise<HistoryRecord | undefined> {
  const id = runIdOf(ref) ?? runs.current()?.id;
  if (!id) return undefined;
  const live = runs.get(id);
  if (live) return HistoryService.toRecord(live);
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
  const { curlForRun, runCall } = httpStack();
  const text = curlForRun(runCall(entry.dialect, entry.baseUrl, entry.request, entry.mode));
  await vscode.env.clipboard.writeText(text);
  void notify.info(vscode.l10n.t('Copied the curl command. It reads the token from $COZE_API_TOKEN.'));
  return text;
}

export async function clearHistory(history: HistoryService): Promise<void> {
  const clear = vscode.l10n.t('Clear');
  const answer = await notify.warn(vscode.l10n.t('Delete every run in the history?'), { modal: true }, clear);
  if (answer === clear) await history.clear();
}

/**
 * Coze: Compare Runs — two runs' outputs side by side in the diff editor: the two selected in the history
 * view, a run and the one picked, or two picked. Returns the two run ids.
 */
export async function compareRuns(
  runs: RunManager,
  history: HistoryService,
  ref?: RunRef,
  selected?: readonly RunRef[],
): Promise<[string, string] | undefined> {
  const ids = (selected && selected.length >= 2 ? selected : [ref]).map(runIdOf).filter((x): x is string => Boolean(x));
  const pool = await history.list();
  const pick = async (title: string, exclude: string[]) =>
    (
      await vscode.window.showQuickPick(
        pool
          .filter((e) => !exclude.includes(e.id))
          .map((e) => ({
            label: e.workflowId,
            description: `${statusLabel(e.status)} · ${new Date(e.startedAt).toLocaleString(vscode.env.language)}`,
            detail: labelText((e.output ?? e.error?.message ?? '').slice(0, 120)),
            id: e.id,
          })),
        { title },
      )
    )?.id;
  while (ids.length < 2) {
    const id = await pick(ids.length === 0 ? vscode.l10n.t('Compare which run…') : vscode.l10n.t('…with which run?'), ids);
    if (!id) return undefined;
    ids.push(id);
  }
  const [a, b] = await Promise.all(ids.slice(0, 2).map((id) => entryOf({ runId: id }, runs, history)));
  if (!a || !b) return undefined;
  const title = vscode.l10n.t(
    '{0} ↔ {1} (run outputs)',
    `${a.workflowId} ${new Date(a.startedAt).toLocaleTimeString()}`,
    `${b.workflowId} ${new Date(b.startedAt).toLocaleTimeString()}`,
  );
  await vscode.commands.executeCommand('vscode.diff', outputUri(a), outputUri(b), title);
  return [a.id, b.id];
}

/** Coze: Save Output — the run's output (unwrapped) to a file the user picks. Returns the file's URI. */
export async function saveOutput(runs: RunManager, history: HistoryService, ref: RunRef, target?: vscode.Uri): Promise<string | undefined> {
  const entry = await entryOf(ref, runs, history);
  if (!entry) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const suggested = folder ? vscode.Uri.joinPath(folder, `${entry.workflowId}-output.json`) : undefined;
  const uri = target ?? (await vscode.window.showSaveDialog({ ...(suggested ? { defaultUri: suggested } : {}), filters: { JSON: ['json'], Text: ['txt'] } }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(historyEntryText(entry)));
  return uri.toString();
}

/** Coze: Copy as Code — the run as a script for @coze/api (Node) or cozepy (Python), with the resume loop. */
export async function copyAsCode(runs: RunManager, history: HistoryService, ref: RunRef, language?: 'node' | 'python'): Promise<string | undefined> {
  const entry = await entryOf(ref, runs, history);
  if (!entry) return undefined;
  const lang =
    language ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'Node.js', description: '@coze/api', id: 'node' as const },
          { label: 'Python', description: 'cozepy', id: 'python' as const },
        ],
        { title: vscode.l10n.t('Copy the run as code for') },
      )
    )?.id;
  if (!lang) return undefined;
  const { nodeSnippet, pythonSnippet, runCall } = httpStack();
  const call = runCall(entry.dialect, entry.baseUrl, entry.request, entry.mode);
  const text = lang === 'node' ? nodeSnippet(call) : pythonSnippet(call);
  await vscode.env.clipboard.writeText(text);
  void notify.info(vscode.l10n.t('Copied the code. It reads the token from the COZE_API_TOKEN environment variable.'));
  return text;
}
