// Every id the extension shares with package.json and with VS Code, in one place.
export const EXTENSION_ID = 'coze-workflows-dev.coze-workflows';

export const Commands = {
  signIn: 'coze.signIn',
  signOut: 'coze.signOut',
  runWorkflow: 'coze.runWorkflow',
  runWorkflowWithOptions: 'coze.runWorkflowWithOptions',
  openChat: 'coze.openChat',
  addWorkflow: 'coze.addWorkflow',
  importWorkflows: 'coze.importWorkflows',
  renameWorkflow: 'coze.renameWorkflow',
  removeWorkflow: 'coze.removeWorkflow',
  runSavedWorkflow: 'coze.runSavedWorkflow',
  openWorkflowsFile: 'coze.openWorkflowsFile',
  refreshWorkflows: 'coze.refreshWorkflows',
  cancelRun: 'coze.cancelRun',
  showRun: 'coze.showRun',
  resumeInterrupt: 'coze.resumeInterrupt',
  rerun: 'coze.rerun',
  copyAsCurl: 'coze.copyAsCurl',
  copyAsCode: 'coze.copyAsCode',
  compareRuns: 'coze.compareRuns',
  saveOutput: 'coze.saveOutput',
  refreshHistory: 'coze.refreshHistory',
  clearHistory: 'coze.clearHistory',
  openDebugUrl: 'coze.openDebugUrl',
  selectEnvironment: 'coze.selectEnvironment',
  testConnection: 'coze.testConnection',
  showLogs: 'coze.showLogs',
  uploadFileAsInput: 'coze.uploadFileAsInput',
  saveAsTestCase: 'coze.saveAsTestCase',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const Views = {
  runPanel: 'coze.runPanel',
  chatPanel: 'coze.chatPanel',
  container: 'coze',
  history: 'coze.history',
  workflows: 'coze.workflows',
} as const;

export const Settings = {
  section: 'coze',
  environment: 'environment',
  environments: 'environments',
  connectTimeout: 'timeouts.connectSeconds',
  idleTimeout: 'timeouts.idleSeconds',
  totalTimeout: 'timeouts.totalSeconds',
  historyMaxRuns: 'history.maxRuns',
  historyMaxMegabytes: 'history.maxMegabytes',
} as const;

export const ContextKeys = {
  signedIn: 'coze.signedIn',
  runActive: 'coze.runActive',
  activeDialect: 'coze.activeDialect',
} as const;

/** SecretStorage key of an environment's token (the value also names the origin the token is bound to). */
export const TOKEN_SECRET_PREFIX = 'coze.token.';
export const tokenSecretKey = (environmentId: string) => `${TOKEN_SECRET_PREFIX}${environmentId}`;

/** Environment variable through which `npm run demo` hands the local server's token to the extension. */
export const DEMO_TOKENS_ENV = 'COZE_WORKFLOWS_DEMO_TOKENS';

/** The Get Started walkthrough (contributes.walkthroughs), as `workbench.action.openWalkthrough` names it. */
export const WALKTHROUGH_ID = 'coze-workflows-dev.coze-workflows#coze.getStarted';
/** globalState key: the walkthrough was opened once on a first activation. */
export const WALKTHROUGH_SHOWN_KEY = 'coze.walkthroughShown';

/** Workflow test files, relative to a workspace folder (the Test Explorer's, and what makes it load). */
export const TEST_GLOB = '.coze/tests/**/*.test.{yaml,yml,json}';

/** The language model tool that runs a saved workflow (package.json languageModelTools). */
export const RUN_WORKFLOW_TOOL = 'coze_run_workflow';
