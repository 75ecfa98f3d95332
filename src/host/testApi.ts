import type * as vscode from 'vscode';
import type { ChatManager } from './chat/chatManager';
import type { EnvironmentService } from './environments/environmentService';
import type { ErrorNotifier } from './errorNotifier';
import type { HistoryService } from './history/historyService';
import type { HistoryTree } from './history/historyTree';
import type { Log } from './log';
import type { RunManager } from './run/runManager';
import type { RunStatusBar } from './run/runStatusBar';
import type { TokenStore } from './secrets/tokenStore';
import type { WorkflowsTree } from './workflows/workflowsTree';
import type { WorkflowNames } from './workflows/workflowNames';
import type { WorkflowTests } from './testing/workflowTests';
import type { McpProvider } from './mcp/mcpProvider';

/**
 * The live services, for the host tests only. activate() returns nothing: no other extension can reach
 * them through `exports`. They are handed out by `testServices()` of the extension's module, and only while
 * the extension runs under a test runner (ExtensionMode.Test).
 */
export interface CozeTestServices {
  runs: RunManager;
  history: HistoryService;
  historyTree: HistoryTree;
  chats: ChatManager;
  workflowsTree: WorkflowsTree;
  names: WorkflowNames;
  tests: WorkflowTests;
  mcp: McpProvider;
  runStatus: RunStatusBar;
  envs: EnvironmentService;
  tokens: TokenStore;
  notifier: ErrorNotifier;
  log: Log;
  activatedInMs: number;
  /** Whether activate() loaded the HTTP stack (it must not: it loads on first use). */
  httpLoadedAtActivation: boolean;
  panelsLoadedAtActivation: boolean;
  /** Where the extension writes (logs, storage, state), for tests that check what is kept there. */
  places: { logUri: vscode.Uri; globalStorageUri: vscode.Uri; storageUri: vscode.Uri | undefined; globalState: vscode.Memento; workspaceState: vscode.Memento };
}
