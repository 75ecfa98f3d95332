import * as vscode from 'vscode';
import { originOf } from '../../core/environments';
import type { EnvironmentService } from '../environments/environmentService';
import type { TokenStore } from '../secrets/tokenStore';
import { notify } from '../notify';

export interface SignInArgs {
  /**
   * The environment to sign in to (the active one if absent). There is no way to hand the command a token:
   * it is typed by the person at the keyboard, so no other extension can swap in a token of its own.
   */
  environmentId?: string;
}

/** Coze: Sign In — asks for a personal access token and keeps it in SecretStorage for the active environment. */
export async function signIn(envs: EnvironmentService, tokens: TokenStore, args: SignInArgs = {}): Promise<boolean> {
  const env = envs.all().find((e) => e.id === args.environmentId) ?? envs.active();
  const token = await vscode.window.showInputBox({
    title: vscode.l10n.t('Sign in to {0}', env.name),
    prompt: vscode.l10n.t(
      "Paste a personal access token created on {0}. It is kept in VS Code's secret storage and sent only to {1}.",
      env.name,
      originOf(env.baseUrl) ?? env.baseUrl,
    ),
    placeHolder: 'pat_…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) =>
      v.trim() === '' ? vscode.l10n.t('The token cannot be empty.') : /\s/.test(v.trim()) ? vscode.l10n.t('A token has no spaces.') : undefined,
  });
  if (!token?.trim()) return false;
  await tokens.set(env, token.trim());
  void notify.info(vscode.l10n.t('Signed in to {0}.', env.name));
  return true;
}

/** Coze: Sign Out — removes the active environment's token. */
export async function signOut(envs: EnvironmentService, tokens: TokenStore, args: { environmentId?: string } = {}): Promise<void> {
  const env = envs.all().find((e) => e.id === args.environmentId) ?? envs.active();
  await tokens.delete(env.id);
  void notify.info(vscode.l10n.t('Signed out of {0}.', env.name));
}
