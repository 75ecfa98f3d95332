import * as vscode from 'vscode';
import { BUILTIN_ENVIRONMENTS, checkBaseUrl, environmentFor, UnknownEnvironmentError, type EnvironmentDef } from '../../core/environments';
import { DIALECTS, type Dialect } from '../../core/model/workflow';
import { Disposable } from '../lifecycle';
import { Settings } from '../ids';

/** The environments (built-in clouds and the user's self-hosted servers) and which one is active. */
export class EnvironmentService extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<EnvironmentDef>());
  readonly onDidChange = this.changed.event;

  /**
   * `regionUrls` moves the built-in regions (tests only: the host tests point coze.cn and coze.com at local
   * servers to walk the region probe; the extension passes it only in ExtensionMode.Test).
   */
  constructor(private readonly regionUrls: Partial<Record<string, string>> = {}) {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${Settings.section}.${Settings.environment}`) || e.affectsConfiguration(`${Settings.section}.${Settings.environments}`)) {
          this.changed.fire(this.active());
        }
      }),
    );
  }

  private config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(Settings.section);
  }

  /**
   * Built-ins plus valid custom entries of `coze.environments`; invalid entries are skipped. The setting is
   * application-scoped (a workspace cannot set it) and only the user's own value is read: a repository's
   * .vscode/settings.json can never add a server or move one, so it can never steer a token.
   */
  all(): EnvironmentDef[] {
    const user = this.config().inspect<unknown>(Settings.environments)?.globalValue;
    const custom = Array.isArray(user) ? user : [];
    const out: EnvironmentDef[] = BUILTIN_ENVIRONMENTS.map((e) => (this.regionUrls[e.id] ? { ...e, baseUrl: this.regionUrls[e.id] as string } : e));
    for (const raw of custom) {
      if (typeof raw !== 'object' || raw === null) continue;
      const r = raw as Record<string, unknown>;
      const baseUrl = typeof r.baseUrl === 'string' ? r.baseUrl.trim().replace(/\/+$/, '') : '';
      const dialect = DIALECTS.includes(r.dialect as Dialect) ? (r.dialect as Dialect) : 'studio';
      const id = typeof r.id === 'string' && r.id ? r.id : baseUrl;
      if (!baseUrl || checkBaseUrl(baseUrl, true) !== undefined || out.some((e) => e.id === id)) continue;
      out.push({ id, name: typeof r.name === 'string' && r.name ? r.name : id, baseUrl, dialect, allowInsecureHttp: r.allowInsecureHttp === true });
    }
    return out;
  }

  active(): EnvironmentDef {
    const id = this.config().get<string>(Settings.environment, 'coze.cn');
    const all = this.all();
    return all.find((e) => e.id === id) ?? (all[0] as EnvironmentDef);
  }

  /**
   * Where a saved workflow or a test case that names `named` runs: the one rule of src/core (the named
   * environment, or the active one when it names none; an unknown name is an error, in the display language).
   */
  forWorkflow(named: string | undefined): EnvironmentDef {
    try {
      return environmentFor(named, this.all(), this.active());
    } catch (e) {
      if (e instanceof UnknownEnvironmentError)
        throw new Error(
          vscode.l10n.t(
            'There is no environment "{0}" in your settings. Add it to coze.environments in your user settings, or change the workflow\'s environment.',
            e.id,
          ),
          { cause: e },
        );
      throw e;
    }
  }

  /**
   * Makes an environment the active one: for this workspace when a folder is open and trusted (a project may
   * use its own server), else for the user. In Restricted Mode the workspace's choice is not read at all.
   */
  async setActive(id: string): Promise<void> {
    const perWorkspace = Boolean(vscode.workspace.workspaceFolders?.length) && vscode.workspace.isTrusted;
    await this.config().update(Settings.environment, id, perWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  }
}
