import * as vscode from 'vscode';
import { Log } from './host/log';
import { Commands, RUN_WORKFLOW_TOOL, TEST_GLOB, WALKTHROUGH_ID, WALKTHROUGH_SHOWN_KEY, type CommandId } from './host/ids';
import { registerCommand, type CommandOptions } from './host/commands/registerCommand';
import { EnvironmentService } from './host/environments/environmentService';
import { EnvironmentStatusBar } from './host/environments/environmentStatusBar';
import { TokenStore } from './host/secrets/tokenStore';
import { TokenBindingWatch } from './host/secrets/tokenBindingWatch';
import { ClientFactory } from './host/clientFactory';
import { RunEvents } from './host/run/runEvents';
import { signIn, signOut, type SignInArgs } from './host/commands/authCommands';
import { openDebugUrl, runWorkflow, type RunWorkflowArgs } from './host/commands/runCommands';
import { selectEnvironment } from './host/commands/environmentCommands';
import { seedDemoTokens } from './host/demoTokens';
import { testConnection, tryOtherRegion } from './host/commands/connectionCommands';
import { ErrorNotifier } from './host/errorNotifier';
import { RunStatusBar } from './host/run/runStatusBar';
import { HistoryService } from './host/history/historyService';
import { HistoryTree } from './host/history/historyTree';
import type { OpenChatArgs } from './host/chat/chatManager';
import { WorkflowStore } from './host/workflows/workflowStore';
import { WorkflowNames } from './host/workflows/workflowNames';
import { WorkflowsTree } from './host/workflows/workflowsTree';
import { WorkflowItem } from './host/workflows/workflowItem';
import { addWorkflow, importWorkflows, removeWorkflow, renameWorkflow, runSavedWorkflow, type AddWorkflowArgs } from './host/commands/workflowCommands';
import { clearHistory, compareRuns, copyAsCode, copyAsCurl, entryOf, rerun, runIdOf, saveOutput, type RunRef } from './host/commands/historyCommands';
import { RUN_OUTPUT_SCHEME, RunOutputDocuments } from './host/history/runOutputDocuments';
import { resumeInterrupt, type ResumeArgs } from './host/commands/resumeCommand';
import { ParameterForms } from './host/params/parameterForms';
import { isHttpStackLoaded } from './host/httpStack';
import { FileUploads } from './host/files/fileUploads';
import { uploadFileAsInput, type UploadTarget } from './host/commands/fileCommands';
import type { CozeTestServices } from './host/testApi';
import { McpProvider, MCP_PROVIDER_ID } from './host/mcp/mcpProvider';
import type { RunWorkflowInput, RunWorkflowTool } from './host/mcp/languageModelTool';
import type { SaveAsTestCaseArgs } from './host/testing/saveAsTestCase';
import { lazily, once } from './host/lazily';
import { isPanelsStackLoaded, panelsStack } from './host/panelsStack';
import { testingStack } from './host/testingStack';
import { notify } from './host/notify';

let servicesForTests: CozeTestServices | undefined;

/**
 * The live services, only while the extension runs under a test runner (ExtensionMode.Test); undefined
 * otherwise. activate() itself returns nothing, so `extensions.getExtension(…).exports` is empty for every
 * other extension.
 */
export function testServices(): CozeTestServices | undefined {
  return servicesForTests;
}

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = new Log();
  const envs = new EnvironmentService(context.extensionMode === vscode.ExtensionMode.Test ? testRegionUrls() : {});
  const tokens = new TokenStore(context.secrets, log);
  const clients = new ClientFactory(envs, tokens, log);
  const notifier = new ErrorNotifier(async ({ environment }) => environment && tryOtherRegion(environment, clients, envs, tokens, log));
  const history = new HistoryService(context.storageUri ?? context.globalStorageUri, log);
  const workflowStore = new WorkflowStore(context.globalState, log);
  const names = new WorkflowNames(workflowStore, context.globalState, log);
  const forms = new ParameterForms(clients, workflowStore, context.globalState, log, names);
  const uploads = new FileUploads(clients, context.globalState, tokens, log);
  // the runs, the chat and the Test Explorer load their code at first use (dist/panels.js, dist/testing.js);
  // the status bar and the history view listen to the runs' events from the start
  const runEvents = new RunEvents();
  const lazyRuns = lazily(
    context.subscriptions,
    () => new (panelsStack().RunManager)(runEvents, clients, history, context.extensionUri, log, forms, uploads, notifier, names),
  );
  const runs = () => lazyRuns.get();
  const runStatus = new RunStatusBar(runEvents);
  const historyTree = new HistoryTree(history, { onDidStart: runEvents.onDidStart, all: () => lazyRuns.loaded?.all() ?? [] }, names);
  const chats = lazily(
    context.subscriptions,
    () => new (panelsStack().ChatManager)(clients, workflowStore, context.extensionUri, log, context.globalState, notifier, names),
  );
  const workflowsTree = new WorkflowsTree(workflowStore, envs, clients);
  const bindingWatch = new TokenBindingWatch(envs, tokens, log);
  const tests = lazily(
    context.subscriptions,
    () => new (testingStack().WorkflowTests)(clients, envs, workflowStore, uploads, log, context.storageUri ?? context.globalStorageUri),
  );
  // the Test Explorer comes as soon as the workspace has a test file, or one is made
  const testFiles = vscode.workspace.createFileSystemWatcher(`**/${TEST_GLOB}`, false, true, true);
  context.subscriptions.push(
    testFiles,
    runEvents,
    testFiles.onDidCreate(() => tests.get()),
  );
  void vscode.workspace.findFiles(TEST_GLOB, undefined, 1).then((found) => found.length > 0 && tests.get());
  const runTool = once<RunWorkflowTool>(() => new (panelsStack().RunWorkflowTool)(workflowStore, envs, clients, log));
  // agent mode: the saved workflows as MCP tools, and one language model tool that runs a saved workflow
  const mcp = new McpProvider(context.extensionUri, envs, tokens, log, String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0'));
  context.subscriptions.push(
    mcp,
    vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, mcp),
    // the tool's code loads at its first call
    vscode.lm.registerTool<RunWorkflowInput>(RUN_WORKFLOW_TOOL, {
      prepareInvocation: (options) => runTool.get().prepareInvocation(options),
      invoke: (options, token) => runTool.get().invoke(options, token),
    }),
  );
  context.subscriptions.push(workflowStore, workflowsTree, uploads, bindingWatch, names);
  context.subscriptions.push(log, envs, tokens, clients, history, historyTree, new EnvironmentStatusBar(envs, tokens), runStatus);

  const reg = <A extends unknown[]>(id: CommandId, fn: (...a: A) => unknown, options?: CommandOptions) =>
    context.subscriptions.push(registerCommand(log, notifier, id, fn, options));
  reg(Commands.signIn, (args?: SignInArgs) => signIn(envs, tokens, args));
  reg(Commands.signOut, (args?: { environmentId?: string }) => signOut(envs, tokens, args));
  reg(Commands.runWorkflow, (args?: RunWorkflowArgs) => runWorkflow(runs(), context.globalState, args));
  reg(Commands.runWorkflowWithOptions, (args?: RunWorkflowArgs) => runWorkflow(runs(), context.globalState, { askOptions: true, ...args }));
  reg(Commands.openChat, (args?: OpenChatArgs) => chats.get().open(args));
  reg(Commands.addWorkflow, (args?: AddWorkflowArgs) => addWorkflow(workflowStore, envs, clients, args));
  // listing a workspace's workflows takes a while and asks several questions: a second click waits for the first
  reg(Commands.importWorkflows, () => importWorkflows(workflowStore, envs, clients), { joinRunning: true });
  reg(Commands.renameWorkflow, (item: WorkflowItem, name?: string) => renameWorkflow(workflowStore, item, name));
  reg(Commands.removeWorkflow, (item: WorkflowItem) => removeWorkflow(workflowStore, item));
  reg(Commands.runSavedWorkflow, (item: WorkflowItem) => runSavedWorkflow(item));
  reg(Commands.refreshWorkflows, () => workflowsTree.refresh());
  reg(Commands.openWorkflowsFile, async () => {
    const uri = workflowStore.fileUri();
    if (!uri) return notify.info(vscode.l10n.t('Open a folder to keep workflows in .coze/workflows.json; without one they are kept in VS Code.'));
    if (
      !(await vscode.workspace.fs.stat(uri).then(
        () => true,
        () => false,
      ))
    )
      await workflowStore.update((list) => list);
    return vscode.window.showTextDocument(uri);
  });
  reg(Commands.cancelRun, (args?: { runId?: string }) => (args?.runId ? lazyRuns.loaded?.get(args.runId) : lazyRuns.loaded?.current())?.cancel());
  reg(Commands.showRun, async (ref?: RunRef) => {
    const id = runIdOf(ref) ?? lazyRuns.loaded?.current()?.id;
    return id ? (await runs().open(id))?.runId : undefined;
  });
  reg(Commands.rerun, (ref?: RunRef) => rerun(runs(), history, envs, ref));
  reg(Commands.copyAsCurl, (ref?: RunRef) => copyAsCurl(runs(), history, ref));
  reg(Commands.copyAsCode, (ref?: RunRef, language?: 'node' | 'python') =>
    copyAsCode(runs(), history, ref, typeof language === 'string' ? language : undefined),
  );
  reg(Commands.compareRuns, (ref?: RunRef, selected?: RunRef[]) => compareRuns(runs(), history, ref, selected));
  reg(Commands.saveOutput, (ref?: RunRef, target?: vscode.Uri) => saveOutput(runs(), history, ref, target instanceof vscode.Uri ? target : undefined));
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(RUN_OUTPUT_SCHEME, new RunOutputDocuments((id) => entryOf({ runId: id }, runs(), history))),
  );
  reg(Commands.refreshHistory, () => historyTree.refresh());
  reg(Commands.clearHistory, () => clearHistory(history));
  reg(Commands.resumeInterrupt, (args?: ResumeArgs) => resumeInterrupt(runs(), args));
  reg(Commands.openDebugUrl, (ref?: RunRef | WorkflowItem) =>
    openDebugUrl(runs(), history, ref instanceof WorkflowItem ? { workflowId: ref.workflow.id } : ref),
  );
  reg(Commands.selectEnvironment, (args?: { environmentId?: string }) => selectEnvironment(envs, tokens, args));
  // one check at a time: a second click waits for the answer of the first
  reg(Commands.testConnection, () => testConnection(clients, envs, notifier, log), { joinRunning: true });
  reg(Commands.showLogs, () => log.show());
  reg(Commands.saveAsTestCase, async (ref?: RunRef, args?: SaveAsTestCaseArgs) => {
    const entry = await entryOf(ref, runs(), history);
    const testing = testingStack();
    if (!testing.canSaveAsTestCase(entry)) return undefined;
    const saved = await testing.saveAsTestCase(entry, args);
    // the file just written is read at once: its new case is in the Test Explorer before any watcher reports it
    if (saved) await tests.get().items.refresh(vscode.Uri.parse(saved.uri));
    return saved;
  });
  reg(Commands.uploadFileAsInput, (first?: vscode.Uri | WorkflowItem, selected?: vscode.Uri[], target?: UploadTarget) => {
    // from the Explorer: (uri, selected uris); from a workflow's menu: (item); from a drop or a test: all three
    const item = first instanceof WorkflowItem ? first.workflow : undefined;
    const where = item ? { workflowId: item.id, ...(item.environment ? { environmentId: item.environment } : {}) } : target;
    const uris = Array.isArray(selected) ? selected.filter((u) => u instanceof vscode.Uri) : undefined;
    return uploadFileAsInput(
      { runs: runs(), store: workflowStore, forms, uploads },
      context.globalState,
      first instanceof vscode.Uri ? first : undefined,
      uris,
      where,
    );
  });

  // `npm run demo` and the tests hand the local server's token over in an environment variable: read only
  // when the extension runs in development or under a test runner, never in an installed extension
  if (context.extensionMode !== vscode.ExtensionMode.Production) void seedDemoTokens(envs, tokens, log);
  void bindingWatch.check();
  const activatedInMs = performance.now() - started;
  log.info(
    'activate',
    `Coze Workflows activated in ${activatedInMs.toFixed(1)} ms (VS Code ${vscode.version}, ${vscode.ExtensionMode[context.extensionMode]} mode)`,
  );
  // a new user meets the Get Started walkthrough once, on the first activation of an installed extension
  // (never under test or in development, where it would cover what those drive)
  if (context.extensionMode === vscode.ExtensionMode.Production && !context.globalState.get<boolean>(WALKTHROUGH_SHOWN_KEY)) {
    void context.globalState.update(WALKTHROUGH_SHOWN_KEY, true);
    void vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
  }
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    servicesForTests = {
      get runs() {
        return runs();
      },
      history,
      historyTree,
      get chats() {
        return chats.get();
      },
      workflowsTree,
      names,
      get tests() {
        return tests.get();
      },
      mcp,
      runStatus,
      envs,
      tokens,
      notifier,
      log,
      activatedInMs,
      httpLoadedAtActivation: isHttpStackLoaded(),
      panelsLoadedAtActivation: isPanelsStackLoaded(),
      places: {
        logUri: context.logUri,
        globalStorageUri: context.globalStorageUri,
        storageUri: context.storageUri,
        globalState: context.globalState,
        workspaceState: context.workspaceState,
      },
    };
  }
}

/** The host tests' local stand-ins for coze.cn and coze.com (read only in ExtensionMode.Test). */
function testRegionUrls(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(process.env.COZE_TEST_REGION_URLS ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function deactivate(): void {
  servicesForTests = undefined;
  // everything else is owned by context.subscriptions
}
