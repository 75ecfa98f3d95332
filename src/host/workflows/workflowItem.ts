import * as vscode from 'vscode';
import type { SavedWorkflow } from '../../core/config/workflowsFile';
import { SafeMarkdown } from '../untrustedText';
import { kindLabel } from '../run/statusLabel';

/** A saved workflow in the Workflows view: what the tree shows and what its drop target and menus act on. */
export class WorkflowItem extends vscode.TreeItem {
  constructor(
    readonly workflow: SavedWorkflow,
    envName: string,
  ) {
    super(workflow.name, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `wf:${workflow.environment ?? ''}:${workflow.id}`;
    this.description = `${workflow.id} · ${envName}`;
    this.iconPath = new vscode.ThemeIcon(workflow.kind === 'chatflow' ? 'comment-discussion' : 'symbol-event');
    this.contextValue = `workflow:${workflow.kind}`;
    // the names come from .coze/workflows.json, which a cloned repository writes: text, never Markdown
    const tip = new SafeMarkdown()
      .text(`${workflow.name} (${kindLabel(workflow.kind)})`)
      .trusted('\n\n')
      .text(`id ${workflow.id} · ${envName}`);
    for (const line of [
      workflow.app_id ? `app_id ${workflow.app_id}` : '',
      workflow.bot_id ? `bot_id ${workflow.bot_id}` : '',
      workflow.version ? `version ${workflow.version}` : '',
    ]) {
      if (line) tip.trusted('\n\n').text(line);
    }
    this.tooltip = tip.md;
  }
}
