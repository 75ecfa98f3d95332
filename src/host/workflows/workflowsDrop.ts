import * as vscode from 'vscode';
import { Commands } from '../ids';
import type { UploadTarget } from '../commands/fileCommands';
import { WorkflowItem } from './workflowItem';

/** URIs in a drop: the Explorer's uri-list, or files dropped from the OS that VS Code gives a URI. */
export async function urisOf(dataTransfer: vscode.DataTransfer): Promise<vscode.Uri[]> {
  const list = await dataTransfer.get('text/uri-list')?.asString();
  const fromList = (list ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => vscode.Uri.parse(l));
  if (fromList.length) return fromList;
  const files: vscode.Uri[] = [];
  dataTransfer.forEach((item) => {
    const uri = item.asFile()?.uri;
    if (uri) files.push(uri);
  });
  return files;
}

/** Dropping files on a workflow of the Workflows view uploads them as its input, like the Explorer's menu. */
export class WorkflowsDropController implements vscode.TreeDragAndDropController<vscode.TreeItem> {
  readonly dropMimeTypes = ['text/uri-list', 'files'];
  readonly dragMimeTypes: string[] = [];

  async handleDrop(target: vscode.TreeItem | undefined, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
    if (!(target instanceof WorkflowItem) || target.workflow.kind !== 'workflow') return;
    const uris = await urisOf(dataTransfer);
    if (uris.length === 0 || token.isCancellationRequested) return;
    const w = target.workflow;
    const where: UploadTarget = { workflowId: w.id, ...(w.environment ? { environmentId: w.environment } : {}) };
    await vscode.commands.executeCommand(Commands.uploadFileAsInput, uris[0], uris, where);
  }
}
