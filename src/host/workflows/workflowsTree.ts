import * as vscode from 'vscode';
import type { SavedWorkflow } from '../../core/config/workflowsFile';
import type { ParamSchema } from '../../core/model/workflow';
import { CAPABILITIES } from '../../core/dialect';
import type { WorkflowsFileError } from '../../core/config/workflowsFile';
import { Disposable } from '../lifecycle';
import { Commands, Views } from '../ids';
import type { ClientFactory } from '../clientFactory';
import type { EnvironmentService } from '../environments/environmentService';
import type { WorkflowStore } from './workflowStore';
import { WorkflowsDropController } from './workflowsDrop';
import { WorkflowItem } from './workflowItem';

export class ParamItem extends vscode.TreeItem {
  constructor(name: string, schema: ParamSchema) {
    super(`${name}${schema.required ? ' *' : ''}`, vscode.TreeItemCollapsibleState.None);
    this.description = `${schema.type}${schema.items ? `<${schema.items.type}>` : ''}${schema.description ? ` · ${schema.description}` : ''}`;
    this.iconPath = new vscode.ThemeIcon(
      /file|image|doc|ppt|excel|txt|audio|video|voice|zip|svg|code/.test(schema.items?.type ?? schema.type) ? 'file' : 'symbol-field',
    );
    this.contextValue = 'parameter';
  }
}

class MessageItem extends vscode.TreeItem {
  constructor(label: string, icon: string, command?: vscode.Command, tooltip?: string) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.iconPath = new vscode.ThemeIcon(icon);
    if (command) this.command = command;
    if (tooltip) this.tooltip = tooltip;
    this.contextValue = 'message';
  }
}

type Node = WorkflowItem | ParamItem | MessageItem;

/** The Workflows view: the saved workflows, each with its input parameters where the server tells them. */
export class WorkflowsTree extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Node>;
  private lastError: WorkflowsFileError | undefined;
  /** Files dropped on a workflow become its input. */
  readonly drop = new WorkflowsDropController();

  constructor(
    private readonly store: WorkflowStore,
    private readonly envs: EnvironmentService,
    private readonly clients: ClientFactory,
  ) {
    super();
    this.view = this.register(
      vscode.window.createTreeView(Views.workflows, { treeDataProvider: this, showCollapseAll: true, dragAndDropController: this.drop }),
    );
    this.register(store.onDidChange(() => this.changed.fire()));
    this.register(envs.onDidChange(() => this.changed.fire()));
  }

  refresh(): void {
    this.changed.fire();
  }

  get error(): WorkflowsFileError | undefined {
    return this.lastError;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.roots();
    if (node instanceof WorkflowItem) return this.parameters(node.workflow);
    return [];
  }

  private async roots(): Promise<Node[]> {
    const list = await this.store.load();
    this.lastError = list.error;
    if (list.error) {
      const open = {
        command: 'vscode.open',
        title: '',
        arguments: [list.location, ...(list.error.line ? [{ selection: new vscode.Range(list.error.line - 1, 0, list.error.line - 1, 0) }] : [])],
      };
      return [new MessageItem(vscode.l10n.t('{0} cannot be read: {1}', '.coze/workflows.json', list.error.reason), 'error', open, list.error.message)];
    }
    return list.workflows.map((w) => new WorkflowItem(w, this.environmentName(w)));
  }

  /** The name of the environment a saved workflow runs in, or its id as written when that is not configured. */
  private environmentName(w: SavedWorkflow): string {
    try {
      return this.envs.forWorkflow(w.environment).name;
    } catch {
      return vscode.l10n.t('{0} (not in your settings)', w.environment ?? '');
    }
  }

  /** Inputs from GET /v1/workflows/{id}?include_input_output=true (cloud); Coze Studio has no such call for tokens. */
  private async parameters(w: SavedWorkflow): Promise<Node[]> {
    let env;
    try {
      env = this.envs.forWorkflow(w.environment);
    } catch (e) {
      return [new MessageItem(e instanceof Error ? e.message : String(e), 'warning')];
    }
    if (!CAPABILITIES[env.dialect].inputSchema)
      return [new MessageItem(vscode.l10n.t("Coze Studio does not tell a workflow's inputs to a token: enter them as JSON."), 'info')];
    try {
      const { client } = await this.clients.forEnvironment(env);
      const info = await client.getWorkflowInfo(w.id, { includeInputOutput: true });
      const params = Object.entries(info.inputs ?? {});
      return params.length ? params.map(([name, schema]) => new ParamItem(name, schema)) : [new MessageItem(vscode.l10n.t('No input parameters'), 'info')];
    } catch (e) {
      return [new MessageItem(e instanceof Error ? e.message : String(e), 'warning', { command: Commands.testConnection, title: '' })];
    }
  }
}
