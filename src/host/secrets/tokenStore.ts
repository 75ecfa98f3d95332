import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import { tokenSecretKey } from '../ids';
import type { Log } from '../log';

/**
 * Tokens live only in SecretStorage, one per environment id. SecretStorage's change event reaches every
 * window, so a sign-out in one window signs out all of them.
 */
export class TokenStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<string>());
  /** Fires with the environment id whose token changed (in this or another window). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly log: Log) {
    super();
    this.register(
      secrets.onDidChange((e) => {
        if (e.key.startsWith('coze.token.')) this.changed.fire(e.key.slice('coze.token.'.length));
      }),
    );
  }

  async get(environmentId: string): Promise<string | undefined> {
    const token = await this.secrets.get(tokenSecretKey(environmentId));
    if (token) this.log.addSecret(token);
    return token || undefined;
  }

  async set(environmentId: string, token: string): Promise<void> {
    this.log.addSecret(token);
    await this.secrets.store(tokenSecretKey(environmentId), token);
  }

  async delete(environmentId: string): Promise<void> {
    await this.secrets.delete(tokenSecretKey(environmentId));
  }
}
