import * as vscode from 'vscode';
import { parseWorkflowsFile, serializeWorkflowsFile, WorkflowsFileError, type SavedWorkflow } from '../../core/config/workflowsFile';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';

const GLOBAL_KEY = 'coze.savedWorkflows';
export const WORKFLOWS_FILE = '.coze/workflows.json';

export interface WorkflowList {
  workflows: SavedWorkflow[];
  /** The file exists but cannot be used; it is shown, never overwritten. */
  error?: WorkflowsFileError;
  /** Where the list lives: the workspace file, or VS Code's global state when no folder is open. */
  location: vscode.Uri | 'global';
}

/** Saved workflows: `.coze/workflows.json` of the first workspace folder, or global state without a folder. */
export class WorkflowStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  /** The file's text at the last read: a read that finds other text tells every reader, even if the watcher missed the change. */
  private lastText: string | null | undefined;

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: Log,
  ) {
    super();
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) {
      const watcher = this.register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, WORKFLOWS_FILE)));
      for (const ev of [watcher.onDidChange, watcher.onDidCreate, watcher.onDidDelete]) this.register(ev(() => this.changed.fire()));
    }
  }

  fileUri(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, WORKFLOWS_FILE) : undefined;
  }

  async load(): Promise<WorkflowList> {
    const uri = this.fileUri();
    if (!uri) return { workflows: this.state.get<SavedWorkflow[]>(GLOBAL_KEY, []), location: 'global' };
    let text: string | null;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      text = null;
    }
    if (this.lastText !== undefined && this.lastText !== text) this.changed.fire();
    this.lastText = text;
    if (text === null) return { workflows: [], location: uri };
    try {
      return { workflows: parseWorkflowsFile(text, uri.fsPath).workflows, location: uri };
    } catch (e) {
      const error = e instanceof WorkflowsFileError ? e : new WorkflowsFileError(uri.fsPath, String(e));
      this.log.warn('workflows', error.message);
      return { workflows: [], error, location: uri };
    }
  }

  /** Changes the list; refuses while the file is invalid, so a mistake in it is never overwritten. */
  async update(change: (list: SavedWorkflow[]) => SavedWorkflow[]): Promise<void> {
    const current = await this.load();
    if (current.error) {
      throw new Error(vscode.l10n.t('{0} has an error ({1}). Fix it first; it was not changed.', current.error.location, current.error.reason));
    }
    const next = change([...current.workflows]);
    if (current.location === 'global') {
      await this.state.update(GLOBAL_KEY, next);
    } else {
      // through workspace.fs, so a remote or virtual workspace is written where it lives; the file is
      // rewritten in place, so a symlink stays a symlink and the file keeps its permissions
      const text = serializeWorkflowsFile({ workflows: next });
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(current.location, '..'));
      await vscode.workspace.fs.writeFile(current.location, new TextEncoder().encode(text));
    }
    this.changed.fire();
  }
}
