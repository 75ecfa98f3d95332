import * as vscode from 'vscode';
import type { Dispatcher } from 'undici';
import type { CozeClient } from '../core/client/cozeClient';
import { CozeError } from '../core/errors';
import { checkBaseUrl, type EnvironmentDef } from '../core/environments';
import type { EnvironmentService } from './environments/environmentService';
import type { TokenState, TokenStore } from './secrets/tokenStore';
import type { TokenSource } from '../core/http/transport';
import type { Log } from './log';
import { Settings } from './ids';
import { httpStack } from './httpStack';

export interface ClientForEnv {
  client: CozeClient;
  environment: EnvironmentDef;
}

/**
 * Builds a CozeClient for the active environment. The HTTP stack (undici, the SSE parser) is loaded on the
 * first call, not at activation. Timeouts come from the settings at each call; the dispatcher (its
 * connection pool) is shared by every client and made anew only when the proxy or connect settings change.
 */
export class ClientFactory implements vscode.Disposable {
  private dispatcher: { key: string; value: Dispatcher } | undefined;

  constructor(
    private readonly envs: EnvironmentService,
    private readonly tokens: TokenStore,
    private readonly log: Log,
  ) {}

  private async sharedDispatcher(proxy: string | undefined, strictSSL: boolean, connectTimeoutMs: number): Promise<Dispatcher> {
    const key = JSON.stringify([proxy, strictSSL, connectTimeoutMs]);
    if (this.dispatcher?.key !== key) {
      const { createDispatcher } = httpStack();
      void this.dispatcher?.value.close().catch(() => undefined); // lets requests under way finish
      this.dispatcher = { key, value: createDispatcher({ ...(proxy ? { proxy } : {}), strictSSL, connectTimeoutMs }) };
    }
    return this.dispatcher.value;
  }

  dispose(): void {
    void this.dispatcher?.value.destroy().catch(() => undefined);
    this.dispatcher = undefined;
  }

  environments(): EnvironmentDef[] {
    return this.envs.all();
  }

  activeEnvironment(): EnvironmentDef {
    return this.envs.active();
  }

  /** Where a saved workflow that names `named` runs (EnvironmentService.forWorkflow: one rule). */
  forWorkflow(named: string | undefined): EnvironmentDef {
    return this.envs.forWorkflow(named);
  }

  async forActive(): Promise<ClientForEnv> {
    return this.forEnvironment(this.envs.active());
  }

  /**
   * A client for an environment with its stored token. The token goes out only in requests to the origin it
   * was entered for: each request reads it from SecretStorage and checks where it goes, so a sign-out (in any
   * window) or a changed base URL stops every client of that environment at its next request.
   */
  async forEnvironment(environment: EnvironmentDef, options: { maxRetries?: number } = {}): Promise<ClientForEnv> {
    checkEnvironmentUrl(environment);
    const state = await this.tokens.state(environment);
    if (state.state !== 'bound') throw notSignedInError(environment, state);
    const token = async (requestOrigin: string): Promise<string> => {
      const value = await this.tokens.tokenFor(environment, requestOrigin);
      if (value) return value;
      throw notSignedInError(environment, await this.tokens.state(environment));
    };
    return { client: await this.build(environment, token, options.maxRetries), environment };
  }

  /**
   * A client of a built-in cloud region with a token given here: only for the region probe, which runs when
   * the user clicked "Try This Token on …" and sends the token nowhere but that region's own API.
   */
  async forRegionProbe(region: EnvironmentDef, token: string): Promise<ClientForEnv> {
    if (!region.builtin) throw new Error(`${region.id} is not a Coze region`);
    return { client: await this.build(region, token), environment: region };
  }

  private async build(environment: EnvironmentDef, token: TokenSource, maxRetries?: number): Promise<CozeClient> {
    const { CozeClient } = httpStack();
    const coze = vscode.workspace.getConfiguration(Settings.section);
    const http = vscode.workspace.getConfiguration('http');
    const seconds = (key: string, fallback: number) => Math.max(0, coze.get<number>(key, fallback)) * 1000;
    const timeouts = {
      connectMs: seconds(Settings.connectTimeout, 15),
      idleMs: seconds(Settings.idleTimeout, 300),
      totalMs: seconds(Settings.totalTimeout, 0),
    };
    const proxy = http.get<string>('proxy') || undefined;
    const dispatcher = await this.sharedDispatcher(proxy, http.get<boolean>('proxyStrictSSL', true), timeouts.connectMs);
    return new CozeClient({
      baseUrl: environment.baseUrl,
      token,
      dialect: environment.dialect,
      dispatcher,
      timeouts,
      ...(maxRetries !== undefined ? { maxRetries } : {}),
      userAgent: `coze-workflows-vscode (VS Code ${vscode.version})`,
      log: (level, message) => this.log[level]('http', message),
      onRawEvent: (raw) => {
        if (this.log.traceEnabled)
          this.log.trace('sse', `${raw.id ?? '-'} ${raw.event ?? '-'} ${raw.data.length > 500 ? raw.data.slice(0, 500) + '…' : raw.data}`);
      },
    });
  }
}

function checkEnvironmentUrl(environment: EnvironmentDef): void {
  const problem = checkBaseUrl(environment.baseUrl, environment.allowInsecureHttp);
  if (problem === 'insecure') {
    throw new CozeError({
      kind: 'network',
      message: vscode.l10n.t(
        '{0} uses plain http: the token would travel unencrypted. Use https, or set "allowInsecureHttp": true for this environment in coze.environments.',
        environment.baseUrl,
      ),
    });
  }
  if (problem) throw new CozeError({ kind: 'network', message: vscode.l10n.t('The base URL "{0}" is not a valid http(s) URL.', environment.baseUrl) });
}

/** Why an environment has no token to send: none was entered, or it was entered for another address. */
export function notSignedInError(environment: EnvironmentDef, state: TokenState): CozeError {
  if (state.state === 'elsewhere') {
    return new CozeError({
      kind: 'notSignedIn',
      message: vscode.l10n.t(
        '{0} now points to {1}, but its token was entered for {2}. The token is not sent anywhere else: sign in again to use {0} at its new address.',
        environment.name,
        state.now ?? environment.baseUrl,
        state.boundTo,
      ),
    });
  }
  return new CozeError({ kind: 'notSignedIn', message: vscode.l10n.t('Not signed in to {0}.', environment.name) });
}
