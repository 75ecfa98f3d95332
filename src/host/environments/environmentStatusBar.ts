import * as vscode from 'vscode';
import { labelText } from '../untrustedText';
import { Disposable } from '../lifecycle';
import { Commands, ContextKeys } from '../ids';
import type { EnvironmentService } from './environmentService';
import type { TokenStore } from '../secrets/tokenStore';

/** The active environment in the status bar; a click switches it. */
export class EnvironmentStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('coze.environment', vscode.StatusBarAlignment.Left, 50));

  constructor(
    private readonly envs: EnvironmentService,
    private readonly tokens: TokenStore,
  ) {
    super();
    this.item.name = vscode.l10n.t('Coze Environment');
    this.item.command = Commands.selectEnvironment;
    this.register(envs.onDidChange(() => void this.refresh()));
    this.register(tokens.onDidChange(() => void this.refresh()));
    void this.refresh();
    this.item.show();
  }

  async refresh(): Promise<void> {
    const env = this.envs.active();
    const signedIn = await this.tokens.isSignedIn(env);
    this.item.text = `$(${signedIn ? 'cloud' : 'debug-disconnect'}) Coze: ${labelText(env.name)}`;
    this.item.tooltip = `${env.baseUrl}\n${signedIn ? vscode.l10n.t('Signed in') : vscode.l10n.t('Not signed in')}`;
    await vscode.commands.executeCommand('setContext', ContextKeys.signedIn, signedIn);
    await vscode.commands.executeCommand('setContext', ContextKeys.activeDialect, env.dialect);
  }
}
