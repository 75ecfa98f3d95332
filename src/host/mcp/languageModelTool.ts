import * as vscode from 'vscode';
import { findSavedWorkflow, runOptionsOf, type SavedWorkflow } from '../../core/config/workflowsFile';
import { runMeta, runSummary } from '../../core/run/output';
import type { ClientFactory } from '../clientFactory';
import type { EnvironmentService } from '../environments/environmentService';
import { httpStack } from '../httpStack';
import type { Log } from '../log';
import type { WorkflowStore } from '../workflows/workflowStore';
import { askAnswer } from '../run/askAnswer';

export interface RunWorkflowInput {
  workflow: string;
  parameters?: Record<string, unknown>;
}

/**
 * "Run a saved Coze workflow", as a Language Model Tool for agent mode. Only a workflow saved in
 * `.coze/workflows.json` runs, by its name; before it runs, VS Code shows what will run on which
 * environment and asks to confirm. A question the workflow asks goes to the person at the keyboard.
 */
export class RunWorkflowTool implements vscode.LanguageModelTool<RunWorkflowInput> {
  constructor(
    private readonly store: WorkflowStore,
    private readonly envs: EnvironmentService,
    private readonly clients: ClientFactory,
    private readonly log: Log,
  ) {}

  private async saved(name: string): Promise<SavedWorkflow> {
    const { workflows } = await this.store.load();
    // by name, or by the id or URL of a saved workflow; anything else is refused, never run
    const found =
      workflows.find((w) => w.name === name) ??
      (() => {
        try {
          return findSavedWorkflow(workflows, name).saved;
        } catch {
          return undefined;
        }
      })();
    if (!found)
      throw new Error(vscode.l10n.t('"{0}" is not a saved workflow. Saved: {1}', name, workflows.map((w) => w.name).join(', ') || vscode.l10n.t('none')));
    return found;
  }

  private environmentOf(w: SavedWorkflow) {
    return this.envs.forWorkflow(w.environment);
  }

  async prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<RunWorkflowInput>): Promise<vscode.PreparedToolInvocation> {
    const w = await this.saved(options.input.workflow);
    const env = this.environmentOf(w);
    const message = new vscode.MarkdownString();
    message.appendText(vscode.l10n.t('Run the Coze workflow "{0}" ({1}) on {2} ({3}) with these parameters:', w.name, w.id, env.name, env.baseUrl));
    message.appendCodeblock(JSON.stringify(options.input.parameters ?? {}, null, 2), 'json');
    return {
      invocationMessage: vscode.l10n.t('Running the Coze workflow "{0}"…', w.name),
      confirmationMessages: { title: vscode.l10n.t('Run a Coze workflow?'), message },
    };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<RunWorkflowInput>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const w = await this.saved(options.input.workflow);
    const { client, environment } = await this.clients.forEnvironment(this.environmentOf(w));
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      this.log.info('mcp', `agent runs ${w.name} (${w.id}) on ${environment.name}`);
      const view = await httpStack().runWorkflow(client, { workflowId: w.id, parameters: options.input.parameters ?? {}, ...runOptionsOf(w) }, 'stream', {
        signal: abort.signal,
        answer: (q) => askAnswer(q, w.name, q.question),
      });
      const text = [runSummary(view, w.name).text, ...runMeta(view)].join('\n');
      // the result goes to the model's provider: through the one mask, whatever the workflow echoed
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(this.log.mask(text))]);
    } finally {
      sub.dispose();
    }
  }
}
