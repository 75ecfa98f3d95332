import * as vscode from 'vscode';
import { originOf, type EnvironmentDef } from '../../core/environments';
import { Disposable } from '../lifecycle';
import { tokenSecretKey, TOKEN_SECRET_PREFIX } from '../ids';
import type { Log } from '../log';

/** What SecretStorage holds for an environment: the token and the origin it was entered for. */
interface StoredToken {
  origin: string;
  token: string;
}

/**
 * An environment's token as it stands: none; bound to the environment's own origin (usable); or bound to
 * an origin the environment no longer points at (its URL changed since sign-in: never sent, sign in again).
 */
export type TokenState =
  { state: 'none' } | { state: 'bound'; token: string; origin: string } | { state: 'elsewhere'; boundTo: string; now: string | undefined };

function parseStored(raw: string): StoredToken | string | undefined {
  if (!raw) return undefined;
  if (!raw.startsWith('{')) return raw; // written by a version that did not bind tokens
  try {
    const v = JSON.parse(raw) as Partial<StoredToken>;
    return typeof v.origin === 'string' && typeof v.token === 'string' && v.token ? { origin: v.origin, token: v.token } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Tokens live only in SecretStorage, one per environment id, each bound to the origin (scheme, host, port)
 * of the base URL it was entered for. A token is handed out only for a request to that origin, so an
 * environment whose URL changed, or an id that now names another server, carries no token. SecretStorage's
 * change event reaches every window, so a sign-out in one window signs out all of them.
 */
export class TokenStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<string>());
  /** Fires with the environment id whose token changed (in this or another window). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Log,
  ) {
    super();
    this.register(
      secrets.onDidChange((e) => {
        if (e.key.startsWith(TOKEN_SECRET_PREFIX)) this.changed.fire(e.key.slice(TOKEN_SECRET_PREFIX.length));
      }),
    );
  }

  /** The environment's token and whether it may go to the environment's current base URL. */
  async state(env: EnvironmentDef): Promise<TokenState> {
    const stored = parseStored((await this.secrets.get(tokenSecretKey(env.id))) ?? '');
    if (stored === undefined) return { state: 'none' };
    const now = originOf(env.baseUrl);
    if (typeof stored === 'string') {
      // a token from before tokens were bound: bind it to where the environment points now. That URL comes
      // from the user's own settings only (coze.environments cannot be set by a workspace).
      if (!now) return { state: 'none' };
      this.log.info('secrets', `bound the earlier token of ${env.name} to ${now}`);
      await this.store(env.id, { origin: now, token: stored });
      this.log.addSecret(stored);
      return { state: 'bound', token: stored, origin: now };
    }
    this.log.addSecret(stored.token);
    if (stored.origin !== now) return { state: 'elsewhere', boundTo: stored.origin, now };
    return { state: 'bound', token: stored.token, origin: stored.origin };
  }

  /** Whether the environment has a token it may use at its current base URL. */
  async isSignedIn(env: EnvironmentDef): Promise<boolean> {
    return (await this.state(env)).state === 'bound';
  }

  /**
   * The token for one request, or undefined: only when the environment's token is bound to the origin the
   * request goes to, which must also be the environment's own.
   */
  async tokenFor(env: EnvironmentDef, requestOrigin: string): Promise<string | undefined> {
    const s = await this.state(env);
    return s.state === 'bound' && s.origin === requestOrigin ? s.token : undefined;
  }

  /** Keeps a token for an environment, bound to the environment's current origin. */
  async set(env: EnvironmentDef, token: string): Promise<void> {
    const origin = originOf(env.baseUrl);
    if (!origin) throw new Error(vscode.l10n.t('The base URL "{0}" is not a valid http(s) URL.', env.baseUrl));
    this.log.addSecret(token);
    await this.store(env.id, { origin, token });
  }

  private async store(envId: string, value: StoredToken): Promise<void> {
    await this.secrets.store(tokenSecretKey(envId), JSON.stringify(value));
  }

  async delete(environmentId: string): Promise<void> {
    await this.secrets.delete(tokenSecretKey(environmentId));
  }
}
