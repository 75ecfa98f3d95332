import * as vscode from 'vscode';
import { Log } from './host/log';
import { Commands } from './host/ids';
import { registerCommand } from './host/commands/registerCommand';
import { EnvironmentService } from './host/environments/environmentService';
import { EnvironmentStatusBar } from './host/environments/environmentStatusBar';
import { TokenStore } from './host/secrets/tokenStore';
import { ClientFactory } from './host/clientFactory';
import { RunManager } from './host/run/runManager';
import { signIn, signOut } from './host/commands/authCommands';
import { openDebugUrl, runWorkflow } from './host/commands/runCommands';
import { selectEnvironment } from './host/commands/environmentCommands';
import { seedDemoTokens } from './host/demoTokens';
import { offerOtherRegion, testConnection } from './host/commands/connectionCommands';
import { RunStatusBar } from './host/run/runStatusBar';
import { HistoryService } from './host/history/historyService';
import { HistoryTree } from './host/history/historyTree';
import { ChatManager } from './host/chat/chatManager';
import { WorkflowStore } from './host/workflows/workflowStore';
import { WorkflowsTree, WorkflowItem } from './host/workflows/workflowsTree';
import { addWorkflow, importWorkflows, removeWorkflow, renameWorkflow, runSavedWorkflow } from './host/commands/workflowCommands';
import { clearHistory, compareRuns, copyAsCode, copyAsCurl, entryOf, rerun, runIdOf, saveOutput, type RunRef } from './host/commands/historyCommands';
import { RUN_OUTPUT_SCHEME, RunOutputDocuments } from './host/history/runOutputDocuments';
import { resumeInterrupt } from './host/commands/resumeCommand';
import { ParameterForms } from './host/params/parameterForms';
import { isHttpStackLoaded } from './host/httpStack';
import { FileUploads } from './host/files/fileUploads';
import { uploadFileAsInput, type UploadTarget } from './host/commands/fileCommands';

/** What activate() hands to tests: the live services, so host tests can look inside. */
export interface CozeExtensionApi {
  runs: RunManager;
  history: HistoryService;
  historyTree: HistoryTree;
  chats: ChatManager;
  workflowsTree: WorkflowsTree;
  runStatus: RunStatusBar;
  envs: EnvironmentService;
  tokens: TokenStore;
  log: Log;
  activatedInMs: number;
  /** Whether activate() loaded the HTTP stack (it must not: it loads on first use). */
  httpLoadedAtActivation: boolean;
  /** Where the extension writes (logs, storage, state), for tests that check what is kept there. */
  places: { logUri: vscode.Uri; globalStorageUri: vscode.Uri; storageUri: vscode.Uri | undefined; globalState: vscode.Memento; workspaceState: vscode.Memento };
}

export function activate(context: vscode.ExtensionContext): CozeExtensionApi {
  const started = performance.now();
  const log = new Log();
  const envs = new EnvironmentService();
  const tokens = new TokenStore(context.secrets, log);
  const clients = new ClientFactory(envs, tokens, log);
  const history = new HistoryService(context.storageUri ?? context.globalStorageUri, log);
  const workflowStore = new WorkflowStore(context.globalState, log);
  const forms = new ParameterForms(clients, workflowStore, context.globalState, log);
  const uploads = new FileUploads(clients, context.globalState, tokens, log);
  const runs = new RunManager(clients, history, context.extensionUri, log, forms, uploads);
  // a run refused for its token on coze.cn or coze.com: maybe the token belongs to the other region
  context.subscriptions.push(
    runs.onDidEnd((s) => {
      const kind = s.view.error?.kind;
      if (kind === 'auth' || kind === 'wrongRegion') void offerOtherRegion(s.environment, clients, envs, tokens, log).catch(() => undefined);
    }),
  );
  const runStatus = new RunStatusBar(runs);
  const historyTree = new HistoryTree(history, runs);
  const chats = new ChatManager(clients, context.extensionUri, log, context.globalState);
  const workflowsTree = new WorkflowsTree(workflowStore, envs, clients);
  context.subscriptions.push(workflowStore, workflowsTree, uploads);
  context.subscriptions.push(log, envs, tokens, clients, history, runs, historyTree, chats, new EnvironmentStatusBar(envs, tokens), runStatus);

  const reg = (id: Parameters<typeof registerCommand>[1], fn: (...a: any[]) => unknown) => context.subscriptions.push(registerCommand(log, id, fn));
  reg(Commands.signIn, (args) => signIn(envs, tokens, args));
  reg(Commands.signOut, (args) => signOut(envs, tokens, args));
  reg(Commands.runWorkflow, (args) => runWorkflow(runs, context.globalState, args));
  reg(Commands.openChat, (args) => chats.open(args));
  reg(Commands.addWorkflow, (args) => addWorkflow(workflowStore, envs, clients, args));
  reg(Commands.importWorkflows, () => importWorkflows(workflowStore, envs, clients));
  reg(Commands.renameWorkflow, (item: WorkflowItem, name?: string) => renameWorkflow(workflowStore, item, name));
  reg(Commands.removeWorkflow, (item: WorkflowItem) => removeWorkflow(workflowStore, item));
  reg(Commands.runSavedWorkflow, (item: WorkflowItem) => runSavedWorkflow(item));
  reg(Commands.refreshWorkflows, () => workflowsTree.refresh());
  reg(Commands.openWorkflowsFile, async () => {
    const uri = workflowStore.fileUri();
    if (!uri) return vscode.window.showInformationMessage(vscode.l10n.t('Open a folder to keep workflows in .coze/workflows.json; without one they are kept in VS Code.'));
    if (!(await vscode.workspace.fs.stat(uri).then(() => true, () => false))) await workflowStore.update((list) => list);
    return vscode.window.showTextDocument(uri);
  });
  reg(Commands.runWorkflowWithOptions, (args) => runWorkflow(runs, context.globalState, { askOptions: true, ...args }));
  reg(Commands.cancelRun, (args?: { runId?: string }) => (args?.runId ? runs.get(args.runId) : runs.current())?.cancel());
  reg(Commands.showRun, async (ref?: RunRef) => {
    const id = runIdOf(ref) ?? runs.current()?.id;
    return id ? (await runs.open(id))?.runId : undefined;
  });
  reg(Commands.rerun, (ref?: RunRef) => rerun(runs, history, envs, ref));
  reg(Commands.copyAsCurl, (ref?: RunRef) => copyAsCurl(runs, history, ref));
  reg(Commands.copyAsCode, (ref?: RunRef, language?: 'node' | 'python') => copyAsCode(runs, history, ref, typeof language === 'string' ? language : undefined));
  reg(Commands.compareRuns, (ref?: RunRef, selected?: RunRef[]) => compareRuns(runs, history, ref, selected));
  reg(Commands.saveOutput, (ref?: RunRef, target?: vscode.Uri) => saveOutput(runs, history, ref, target instanceof vscode.Uri ? target : undefined));
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(RUN_OUTPUT_SCHEME, new RunOutputDocuments((id) => entryOf({ runId: id }, runs, history))),
  );
  reg(Commands.refreshHistory, () => historyTree.refresh());
  reg(Commands.clearHistory, () => clearHistory(history));
  reg(Commands.resumeInterrupt, (args) => resumeInterrupt(runs, args));
  reg(Commands.openDebugUrl, (ref?: RunRef | WorkflowItem) => openDebugUrl(runs, history, ref instanceof WorkflowItem ? { workflowId: ref.workflow.id } : ref));
  reg(Commands.selectEnvironment, (args) => selectEnvironment(envs, tokens, args));
  reg(Commands.testConnection, () => testConnection(clients, envs, tokens, log));
  reg(Commands.showLogs, () => log.show());
  reg(Commands.uploadFileAsInput, (first?: vscode.Uri | WorkflowItem, selected?: vscode.Uri[], target?: UploadTarget) => {
    // from the Explorer: (uri, selected uris); from a workflow's menu: (item); from a drop or a test: all three
    const item = first instanceof WorkflowItem ? first.workflow : undefined;
    const where = item ? { workflowId: item.id, ...(item.environment ? { environmentId: item.environment } : {}) } : target;
    const uris = Array.isArray(selected) ? selected.filter((u) => u instanceof vscode.Uri) : undefined;
    return uploadFileAsInput({ runs, store: workflowStore, forms, uploads }, context.globalState, first instanceof vscode.Uri ? first : undefined, uris, where);
  });

  void seedDemoTokens(envs, tokens, log);
  const activatedInMs = performance.now() - started;
  log.info('activate', `Coze Workflows activated in ${activatedInMs.toFixed(1)} ms (VS Code ${vscode.version})`);
  return { runs, history, historyTree, chats, workflowsTree, runStatus, envs, tokens, log, activatedInMs, httpLoadedAtActivation: isHttpStackLoaded(),
    places: { logUri: context.logUri, globalStorageUri: context.globalStorageUri, storageUri: context.storageUri, globalState: context.globalState, workspaceState: context.workspaceState },
  };
}

export function deactivate(): void {
  // everything is owned by context.subscriptions
}
