import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import { Commands } from '../ids';
import type { EnvironmentService } from '../environments/environmentService';
import type { Log } from '../log';
import type { TokenStore } from './tokenStore';
import { notify } from '../notify';

/**
 * Tells the user when an environment they signed in to now points somewhere else (its base URL changed in
 * the settings): its token stays bound to the address it was entered for and is not sent to the new one
 * until they sign in again. Checked at start and whenever the environments change; said once per change.
 */
export class TokenBindingWatch extends Disposable {
  private readonly told = new Set<string>();

  constructor(
    private readonly envs: EnvironmentService,
    private readonly tokens: TokenStore,
    private readonly log: Log,
  ) {
    super();
    this.register(envs.onDidChange(() => void this.check()));
    this.register(tokens.onDidChange(() => void this.check()));
  }

  async check(): Promise<void> {
    for (const env of this.envs.all()) {
      const state = await this.tokens.state(env);
      if (state.state !== 'elsewhere') continue;
      const key = `${env.id}\n${state.boundTo}\n${state.now ?? ''}`;
      if (this.told.has(key)) continue;
      this.told.add(key);
      this.log.warn('secrets', `${env.name} now points to ${state.now ?? env.baseUrl}; its token is bound to ${state.boundTo} and is not sent there`);
      const signIn = vscode.l10n.t('Sign In');
      const message = vscode.l10n.t(
        'The Coze environment "{0}" now points to {1}, but you signed in to it at {2}. Its token is not sent to the new address: sign in again if you trust it.',
        env.name,
        state.now ?? env.baseUrl,
        state.boundTo,
      );
      void notify.warn(message, signIn).then((c) => {
        if (c === signIn) void vscode.commands.executeCommand(Commands.signIn, { environmentId: env.id });
      });
    }
  }
}
