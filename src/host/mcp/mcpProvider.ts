import * as vscode from 'vscode';
import type { EnvironmentService } from '../environments/environmentService';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';
import type { TokenStore } from '../secrets/tokenStore';
import { WORKFLOWS_FILE } from '../workflows/workflowStore';
import { notify } from '../notify';

export const MCP_PROVIDER_ID = 'coze-workflows.mcp';

/**
 * The workspace's saved workflows as an MCP server for agent mode, with no set-up: `coze-workflows mcp`
 * (dist/cli.js, shipped in the .vsix) on stdio, run by the extension host's own Node, in the folder that
 * holds `.coze/workflows.json`, against the active environment. The token is put into the definition only
 * in `resolveMcpServerDefinition`, which VS Code calls right before it starts the process: it reaches that
 * one child process through its environment, never a file, a setting or the listed definition.
 * The server follows the token: signed out, no server is listed, so VS Code stops a running one; a new token
 * gives the definition a new session (its environment and version change), so VS Code starts it anew with
 * that token instead of going on with the old one.
 */
export class McpProvider extends Disposable implements vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  /** Counts the token changes of the environments: a new session for every new token (never the token itself). */
  private session = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly envs: EnvironmentService,
    private readonly tokens: TokenStore,
    private readonly log: Log,
    private readonly version: string,
  ) {
    super();
    this.register(envs.onDidChange(() => this.changed.fire()));
    this.register(
      tokens.onDidChange(() => {
        this.session++;
        this.changed.fire();
      }),
    );
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire()));
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const watcher = this.register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, WORKFLOWS_FILE)));
      this.register(watcher.onDidCreate(() => this.changed.fire()));
      this.register(watcher.onDidDelete(() => this.changed.fire()));
    }
  }

  async provideMcpServerDefinitions(): Promise<vscode.McpStdioServerDefinition[]> {
    const env = this.envs.active();
    const out: vscode.McpStdioServerDefinition[] = [];
    // signed out: nothing to run, and a server already running with the old token is stopped
    if ((await this.tokens.state(env)).state !== 'bound') return out;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const file = vscode.Uri.joinPath(folder.uri, WORKFLOWS_FILE);
      if (
        !(await vscode.workspace.fs.stat(file).then(
          () => true,
          () => false,
        ))
      )
        continue;
      const cli = vscode.Uri.joinPath(this.extensionUri, 'dist', 'cli.js').fsPath;
      const args = [cli, 'mcp', '--base-url', env.baseUrl, '--dialect', env.dialect, ...(env.allowInsecureHttp ? ['--allow-insecure-http'] : [])];
      const label = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? vscode.l10n.t('Coze Workflows ({0})', folder.name) : vscode.l10n.t('Coze Workflows');
      const session = String(this.session);
      const def = new vscode.McpStdioServerDefinition(
        label,
        process.execPath,
        args,
        { ELECTRON_RUN_AS_NODE: '1', COZE_WORKFLOWS_SESSION: session },
        `${this.version}+${session}`,
      );
      def.cwd = folder.uri;
      out.push(def);
    }
    return out;
  }

  async resolveMcpServerDefinition(def: vscode.McpStdioServerDefinition): Promise<vscode.McpStdioServerDefinition | undefined> {
    const env = this.envs.active();
    const state = await this.tokens.state(env);
    if (state.state !== 'bound') {
      void notify.warn(vscode.l10n.t('Sign in to {0} to give agents your Coze workflows as tools.', env.name));
      return undefined;
    }
    // the environment may have moved since the definition was listed: the token goes only where it is bound
    const at = def.args.indexOf('--base-url');
    if (at < 0 || def.args[at + 1] !== env.baseUrl) return undefined;
    this.log.info('mcp', `starting the workflow tools for ${env.name}`);
    const resolved = new vscode.McpStdioServerDefinition(def.label, def.command, def.args, { ...def.env, COZE_API_TOKEN: state.token }, def.version);
    resolved.cwd = def.cwd;
    return resolved;
  }
}
