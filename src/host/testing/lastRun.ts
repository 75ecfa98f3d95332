import * as vscode from 'vscode';
import { Baseline } from '../../core/testing/baseline';
import { readResults, type ResultLine } from '../../core/testing/resultsFile';
import { stringifyExact } from '../../core/model/json';

/**
 * The last result of every case run in this workspace, as a results file (`--save-results`'s format) in the
 * extension's workspace storage: what "Compare with Last Run" compares with. A run of some cases updates
 * theirs and keeps the others'. Its texts went through the log's mask before they were kept.
 */
export class LastRun {
  private readonly file: vscode.Uri;

  constructor(storage: vscode.Uri) {
    this.file = vscode.Uri.joinPath(storage, 'tests', 'last-results.jsonl');
  }

  /** The baseline of the last run, or undefined when no case has run here yet. */
  async baseline(): Promise<Baseline | undefined> {
    try {
      return await Baseline.load(this.file.fsPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  /** Keeps these results as the last of their cases. */
  async save(lines: ReadonlyMap<string, ResultLine>, mask: (text: string) => string): Promise<void> {
    if (lines.size === 0) return;
    const kept = new Map<string, string>();
    try {
      for await (const l of readResults(this.file.fsPath)) kept.set(l.id, stringifyExact(l));
    } catch (e) {
      // none yet, or a file this version cannot read: it is replaced
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') kept.clear();
    }
    for (const [id, line] of lines) kept.set(id, mask(stringifyExact(line)));
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(this.file, '..'));
    await vscode.workspace.fs.writeFile(this.file, Buffer.from(`${[...kept.values()].join('\n')}\n`, 'utf8'));
  }
}
