import * as vscode from 'vscode';
import { CAPABILITIES } from '../../core/dialect';
import { runOptionsOf, type SavedWorkflow } from '../../core/config/workflowsFile';
import { parseWorkflowRef } from '../../core/workflowRef';
import type { ClientFactory } from '../clientFactory';
import type { EnvironmentService } from '../environments/environmentService';
import { Commands } from '../ids';
import { labelText } from '../untrustedText';
import type { WorkflowItem } from '../workflows/workflowItem';
import type { WorkflowStore } from '../workflows/workflowStore';

export interface AddWorkflowArgs {
  /** An id or a Coze URL, given without prompting. */
  ref?: string;
  name?: string;
  kind?: 'workflow' | 'chatflow';
}

/** Coze: Add Workflow — by id or by pasting any Coze workflow URL; the name comes from Coze where it can. */
export async function addWorkflow(
  store: WorkflowStore,
  envs: EnvironmentService,
  clients: ClientFactory,
  args: AddWorkflowArgs = {},
): Promise<SavedWorkflow | undefined> {
  const text =
    args.ref ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Add Workflow'),
      prompt: vscode.l10n.t('The workflow id, or paste the workflow URL from Coze (canvas, project or debug URL).'),
      ignoreFocusOut: true,
      validateInput: (v) =>
        parseWorkflowRef(v) ? undefined : vscode.l10n.t('Enter a workflow id (a long number like 7500000000000000101) or a Coze workflow URL.'),
    }));
  const ref = text === undefined ? undefined : parseWorkflowRef(text);
  if (!ref) return undefined;
  const env = envs.active();
  let name = args.name;
  if (!name && CAPABILITIES[env.dialect].inputSchema) {
    name = await clients
      .forEnvironment(env)
      .then(({ client }) => client.getWorkflowInfo(ref.workflowId))
      .then((info) => info.name)
      .catch(() => undefined);
  }
  name ??= await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Workflow'),
    prompt: vscode.l10n.t('A name for the workflow'),
    value: ref.workflowId,
    ignoreFocusOut: true,
  });
  if (name === undefined) return undefined;
  const workflow: SavedWorkflow = {
    id: ref.workflowId,
    name: name || ref.workflowId,
    environment: env.id,
    kind: args.kind ?? 'workflow',
    ...(ref.appId ? { app_id: ref.appId } : {}),
  };
  await store.update((list) => [...list.filter((w) => !(w.id === workflow.id && w.environment === workflow.environment)), workflow]);
  return workflow;
}

/** Coze: Import Workflows — cloud only: a workspace, then its workflows (every page), picked several at once. */
export async function importWorkflows(store: WorkflowStore, envs: EnvironmentService, clients: ClientFactory): Promise<number> {
  const env = envs.active();
  const { client } = await clients.forEnvironment(env);
  const { workspaces } = await client.listWorkspaces();
  const space = await vscode.window.showQuickPick(
    workspaces.map((w) => ({ label: labelText(w.name), description: labelText([w.type, w.role].filter(Boolean).join(' · ')), id: w.id })),
    { title: vscode.l10n.t('Import from which workspace?') },
  );
  if (!space) return 0;
  const found: { id: string; name: string; kind: 'workflow' | 'chatflow'; appId?: string }[] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing the workflows of {0}…', space.label), cancellable: true },
    async (_p, token) => {
      for (const mode of ['workflow', 'chatflow'] as const) {
        for (let page = 1; page < 100 && !token.isCancellationRequested; page++) {
          const { items, hasMore } = await client.listWorkflows({ workspaceId: space.id, pageNum: page, pageSize: 30, mode });
          found.push(...items.map((w) => ({ id: w.id, name: w.name, kind: mode, ...(w.appId ? { appId: w.appId } : {}) })));
          if (!hasMore) break;
        }
      }
    },
  );
  const picks = await vscode.window.showQuickPick(
    found.map((w) => ({ label: labelText(w.name), description: `${w.id} · ${w.kind}`, w })),
    { title: vscode.l10n.t('Which workflows?'), canPickMany: true },
  );
  if (!picks?.length) return 0;
  await store.update((list) => {
    const keep = list.filter((s) => !picks.some((p) => p.w.id === s.id && s.environment === env.id));
    return [
      ...keep,
      ...picks.map(({ w }): SavedWorkflow => ({ id: w.id, name: w.name, environment: env.id, kind: w.kind, ...(w.appId ? { app_id: w.appId } : {}) })),
    ];
  });
  return picks.length;
}

export async function renameWorkflow(store: WorkflowStore, item: WorkflowItem, newName?: string): Promise<void> {
  const name = newName ?? (await vscode.window.showInputBox({ title: vscode.l10n.t('Rename Workflow'), value: item.workflow.name, ignoreFocusOut: true }));
  if (!name?.trim()) return;
  await store.update((list) => list.map((w) => (w.id === item.workflow.id && w.environment === item.workflow.environment ? { ...w, name: name.trim() } : w)));
}

export async function removeWorkflow(store: WorkflowStore, item: WorkflowItem): Promise<void> {
  await store.update((list) => list.filter((w) => !(w.id === item.workflow.id && w.environment === item.workflow.environment)));
}

/** Runs a saved workflow on its own environment with its options; a chatflow opens a chat. */
export async function runSavedWorkflow(item: WorkflowItem): Promise<unknown> {
  const w = item.workflow;
  if (w.kind === 'chatflow') {
    // its own environment and the app or agent it lives in (cloud chats need one of them)
    const where = w.bot_id ? { botId: w.bot_id } : w.app_id ? { appId: w.app_id } : {};
    return vscode.commands.executeCommand(Commands.openChat, { workflowId: w.id, ...(w.environment ? { environmentId: w.environment } : {}), ...where });
  }
  return vscode.commands.executeCommand(Commands.runWorkflow, {
    workflowId: w.id,
    ...(w.environment ? { environmentId: w.environment } : {}),
    options: runOptionsOf(w),
  });
}
