import * as vscode from 'vscode';
import { appendCase, caseFromRun, type OutputCheck } from '../../core/testing/recordCase';
import { isStructuredOutput } from '../../core/run/output';
import type { HistoryEntry, HistoryRecord } from '../../core/history/historyStore';
import { notify } from '../notify';

/** Where recorded cases go: one file of the first workspace folder's suite. */
export const RECORDED_FILE = '.coze/tests/recorded.test.yaml';

export interface SaveAsTestCaseArgs {
  /** How the output is checked; asked when the output is JSON and this is not given. */
  check?: OutputCheck;
}

/**
 * Save as Test Case: the run's workflow, parameters, answers and mode, and what it gave (its status, its
 * output as `contains` or `json`) become a case in `.coze/tests/recorded.test.yaml` (created if needed, its
 * comments kept), which opens at the new case. One click; one question only when the output is structured
 * JSON (a lone text `output` variable is checked with `contains`).
 */
export async function saveAsTestCase(
  record: HistoryRecord | undefined,
  args: SaveAsTestCaseArgs = {},
): Promise<{ uri: string; line: number; name: string } | undefined> {
  if (!record) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void notify.info(vscode.l10n.t('Open a folder to keep test cases in .coze/tests/.'));
    return undefined;
  }
  let check = args.check;
  if (!check) {
    if (!isStructuredOutput(record.output)) check = 'contains';
    else {
      const pick = await vscode.window.showQuickPick(
        [
          { label: vscode.l10n.t('The output holds this JSON'), description: 'json', check: 'json' as const },
          { label: vscode.l10n.t('The output contains this text'), description: 'contains', check: 'contains' as const },
        ],
        { title: vscode.l10n.t('Save as Test Case: how to check the output?') },
      );
      if (!pick) return undefined;
      check = pick.check;
    }
  }
  const uri = vscode.Uri.joinPath(folder.uri, RECORDED_FILE);
  const existing = await vscode.workspace.fs.readFile(uri).then(
    (b) => new TextDecoder().decode(b),
    () => undefined,
  );
  const name = `${record.workflowName ?? record.workflowId} · ${new Date(record.startedAt).toLocaleString(vscode.env.language)}`;
  let added: { text: string; line: number; name: string };
  try {
    added = appendCase(existing, caseFromRun(record, check, name));
  } catch (e) {
    throw new Error(vscode.l10n.t('{0} was not changed: {1}', RECORDED_FILE, e instanceof Error ? e.message : String(e)), { cause: e });
  }
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(added.text));
  const at = new vscode.Position(added.line - 1, 0);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(at, at), preview: false });
  return { uri: uri.toString(), line: added.line, name: added.name };
}

/** Whether a run can become a test case: it ended (a run under way has nothing to expect yet). */
export function canSaveAsTestCase(entry: Pick<HistoryEntry, 'status'> | undefined): boolean {
  return entry !== undefined && entry.status !== 'running' && entry.status !== 'pending';
}
