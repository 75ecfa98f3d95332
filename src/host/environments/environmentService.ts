import * as vscode from 'vscode';
import { BUILTIN_ENVIRONMENTS, checkBaseUrl, type EnvironmentDef } from '../../core/environments';
import { DIALECTS, type Dialect } from '../../core/dialect';
import { Disposable } from '../lifecycle';
import { Settings } from '../ids';

/** The environments (built-in clouds and the user's self-hosted servers) and which one is active. */
export class EnvironmentService extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<EnvironmentDef>());
  readonly onDidChange = this.changed.event;

  constructor() {
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

  /** Built-ins plus valid custom entries of `coze.environments`; invalid entries are skipped. */
  all(): EnvironmentDef[] {
    const custom = this.config().get<unknown[]>(Settings.environments, []) ?? [];
    const out: EnvironmentDef[] = [...BUILTIN_ENVIRONMENTS];
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

  async setActive(id: string): Promise<void> {
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await this.config().update(Settings.environment, id, target);
  }
}
