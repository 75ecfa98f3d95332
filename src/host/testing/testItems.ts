import * as vscode from 'vscode';
import { caseId } from '../../core/testing/suiteRunner';
import { parseTestFile, type TestFile } from '../../core/testing/testFile';
import { readDataset } from '../../core/testing/datasets';
import { basename, dirname, isAbsolute, resolve, sep } from 'node:path';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';
import { TEST_GLOB } from '../ids';

/** Whether a file is a workflow test file of an open folder (`.coze/tests/**\/*.test.yaml|yml|json`). */
export function isTestFile(uri: vscode.Uri): boolean {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return false;
  const rel = vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
  return /^\.coze\/tests\/(?:.+\/)?[^/]+\.test\.(?:ya?ml|json)$/.test(rel);
}

/**
 * The Test Explorer's items, kept in step with the workspace: a test file, its cases, and a dataset case's
 * rows (read row by row when the case is expanded or run). Ids are the runner's case ids, so a result finds
 * its item. A malformed file shows its problems in the Problems view, each at its line.
 */
export class TestItems extends Disposable {
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection('coze-tests'));
  private readonly parsed = new Map<string, TestFile>();

  constructor(
    readonly controller: vscode.TestController,
    private readonly log: Log,
  ) {
    super();
    controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
      else await this.resolveRows(item);
    };
    controller.refreshHandler = () => this.discover();
    // what the user does in VS Code (save, create, delete, rename, in the editor or the Explorer) is seen at
    // once; the file watchers catch the rest (a git pull, another tool), when the platform delivers their events
    const tracked = (uri: vscode.Uri) => isTestFile(uri);
    this.register(vscode.workspace.onDidSaveTextDocument((doc) => void (tracked(doc.uri) && this.refresh(doc.uri))));
    this.register(vscode.workspace.onDidCreateFiles((e) => void e.files.filter(tracked).forEach((uri) => void this.refresh(uri))));
    this.register(vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((uri) => this.removeUnder(uri))));
    this.register(
      vscode.workspace.onDidRenameFiles((e) => {
        for (const { oldUri, newUri } of e.files) {
          this.removeUnder(oldUri);
          if (tracked(newUri)) void this.refresh(newUri);
        }
      }),
    );
    // one watcher per folder, on a pattern relative to it
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.watch(folder);
    // found at once, not only when the Testing view opens: the editor's gutter shows run buttons from the start
    this.discover().catch((e: unknown) => this.log.warn('tests', `discovery failed: ${e instanceof Error ? e.message : String(e)}`));
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const folder of e.added) this.watch(folder);
        for (const folder of e.removed) this.unwatch(folder);
      }),
    );
  }

  /** Each folder's watcher, disposed when the folder leaves the workspace. */
  private readonly watchers = new Map<string, vscode.Disposable>();

  private watch(folder: vscode.WorkspaceFolder): void {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, TEST_GLOB));
    const all = this.register(
      vscode.Disposable.from(
        watcher,
        watcher.onDidCreate((uri) => void this.refresh(uri)),
        watcher.onDidChange((uri) => void this.refresh(uri)),
        watcher.onDidDelete((uri) => this.remove(uri)),
      ),
    );
    this.watchers.set(folder.uri.toString(), all);
  }

  private unwatch(folder: vscode.WorkspaceFolder): void {
    this.watchers.get(folder.uri.toString())?.dispose();
    this.watchers.delete(folder.uri.toString());
    this.removeUnder(folder.uri);
  }

  /** Every test file of the workspace. */
  async discover(): Promise<void> {
    for (const uri of await vscode.workspace.findFiles(TEST_GLOB, '**/node_modules/**')) await this.refresh(uri);
  }

  /** Reads one file anew: its cases become items, its problems diagnostics. */
  async refresh(uri: vscode.Uri): Promise<TestFile | undefined> {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      this.remove(uri);
      return undefined;
    }
    const result = parseTestFile(text, uri.fsPath);
    const label = vscode.workspace.asRelativePath(uri, false);
    const fileItem = this.controller.items.get(uri.fsPath) ?? this.controller.createTestItem(uri.fsPath, label, uri);
    this.controller.items.add(fileItem);
    if (!result.ok) {
      this.parsed.delete(uri.fsPath);
      fileItem.children.replace([]);
      fileItem.error = vscode.l10n.t('{0} problem(s): see the Problems view.', result.diagnostics.length);
      this.diagnostics.set(
        uri,
        result.diagnostics.map(
          (d) =>
            new vscode.Diagnostic(
              new vscode.Range(d.line - 1, d.column - 1, d.line - 1, Number.MAX_SAFE_INTEGER),
              vscode.l10n.t(d.template.text, ...d.template.args),
              vscode.DiagnosticSeverity.Error,
            ),
        ),
      );
      this.log.info('tests', `${label}: ${result.diagnostics.length} problem(s)`);
      return undefined;
    }
    fileItem.error = undefined;
    this.diagnostics.delete(uri);
    this.parsed.set(uri.fsPath, result.file);
    fileItem.children.replace(
      result.file.cases.map((c) => {
        const item = this.controller.createTestItem(caseId(uri.fsPath, c.name), c.name, uri);
        item.range = new vscode.Range(c.line - 1, c.column - 1, c.line - 1, c.column - 1);
        item.canResolveChildren = Boolean(c.each);
        if (c.each) item.description = basename(c.each);
        return item;
      }),
    );
    return result.file;
  }

  /** A deleted or renamed file, or a folder with test files in it. */
  private removeUnder(uri: vscode.Uri): void {
    const prefix = uri.fsPath.endsWith(sep) ? uri.fsPath : uri.fsPath + sep;
    for (const path of [...this.parsed.keys(), ...this.diagnosedPaths()])
      if (path === uri.fsPath || path.startsWith(prefix)) this.remove(vscode.Uri.file(path));
    this.controller.items.forEach((item) => void ((item.id === uri.fsPath || item.id.startsWith(prefix)) && this.controller.items.delete(item.id)));
  }

  private diagnosedPaths(): string[] {
    const out: string[] = [];
    this.diagnostics.forEach((uri) => void out.push(uri.fsPath));
    return out;
  }

  private remove(uri: vscode.Uri): void {
    this.controller.items.delete(uri.fsPath);
    this.parsed.delete(uri.fsPath);
    this.diagnostics.delete(uri);
  }

  /** A dataset case's rows, read one at a time. */
  private async resolveRows(item: vscode.TestItem): Promise<void> {
    const file = item.uri ? this.parsed.get(item.uri.fsPath) : undefined;
    const spec = file?.cases.find((c) => caseId(file.path, c.name) === item.id);
    if (!file || !spec?.each) return;
    const dataset = isAbsolute(spec.each) ? spec.each : resolve(dirname(file.path), spec.each);
    const rows: vscode.TestItem[] = [];
    try {
      for await (const { row, line } of readDataset(dataset)) rows.push(this.rowItem(item, spec.name, line, row));
      item.error = undefined;
    } catch (e) {
      item.error = e instanceof Error ? e.message : String(e);
    }
    item.children.replace(rows);
  }

  private rowItem(parent: vscode.TestItem, name: string, line: number, row: Record<string, unknown>): vscode.TestItem {
    const file = parent.uri!.fsPath;
    const item = this.controller.createTestItem(caseId(file, name, line), vscode.l10n.t('row {0}', line), parent.uri);
    item.description = JSON.stringify(row).slice(0, 80);
    item.range = parent.range;
    return item;
  }

  /** The parsed files a run needs: those of the items asked for, or all. */
  async filesFor(items: readonly vscode.TestItem[] | undefined): Promise<TestFile[]> {
    if (this.controller.items.size === 0) await this.discover();
    const paths = items?.length ? new Set(items.map((i) => i.uri?.fsPath).filter((p): p is string => Boolean(p))) : undefined;
    const out: TestFile[] = [];
    for (const [path, file] of this.parsed) if (!paths || paths.has(path)) out.push(file);
    return out;
  }

  /** The item a case result belongs to; a row not shown yet gets its item now. */
  itemFor(file: string, name: string, rowLine: number | undefined, row: Record<string, unknown> | undefined): vscode.TestItem | undefined {
    const fileItem = this.controller.items.get(file);
    const caseItem = fileItem?.children.get(caseId(file, name));
    if (!caseItem || rowLine === undefined) return caseItem;
    const id = caseId(file, name, rowLine);
    const existing = caseItem.children.get(id);
    if (existing) return existing;
    const item = this.rowItem(caseItem, name, rowLine, row ?? {});
    caseItem.children.add(item);
    return item;
  }
}
