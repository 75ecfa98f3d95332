import * as vscode from 'vscode';
import { httpStack } from '../httpStack';
import { otherRegion, type EnvironmentDef } from '../../core/environments';
import type { ClientFactory } from '../clientFactory';
import type { EnvironmentService } from '../environments/environmentService';
import type { TokenStore } from '../secrets/tokenStore';
import { showError } from '../errorPresenter';
import type { Log } from '../log';

/**
 * After a 4100/4101 on coze.cn or coze.com: tries the same token on the other region, and if it is accepted
 * there, offers to move the token and switch. Resolves with whether the other region accepted it.
 */
export async function offerOtherRegion(env: EnvironmentDef, clients: ClientFactory, envs: EnvironmentService, tokens: TokenStore, log: Log): Promise<boolean> {
  const other = otherRegion(env);
  const token = await tokens.get(env.id);
  if (!other || !token) return false;
  const { client } = await clients.forEnvironment(other, token);
  const report = await httpStack().checkConnection(client);
  log.info('region', `token of ${env.name} on ${other.name}: ${report.ok ? 'accepted' : report.detail}`);
  if (!report.ok) return false;
  const move = vscode.l10n.t('Use it on {0}', other.name);
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('This token belongs to {0}, not {1}.', other.name, env.name), move);
  if (choice === move) {
    await tokens.set(other.id, token);
    await tokens.delete(env.id);
    await envs.setActive(other.id);
  }
  return true;
}

/** Coze: Test Connection — reaches the active environment with its token and says what it found. */
export async function testConnection(clients: ClientFactory, envs: EnvironmentService, tokens: TokenStore, log: Log): Promise<{ ok: boolean; detail: string }> {
  const env = envs.active();
  const { client } = await clients.forEnvironment(env);
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing the connection to {0}…', env.name), cancellable: true }, (_p, token) => {
    const ac = new AbortController();
    token.onCancellationRequested(() => ac.abort());
    return httpStack().checkConnection(client, ac.signal);
  });
  log.info('connection', `${env.name} (${env.baseUrl}): ${report.ok ? 'ok' : 'failed'} in ${report.ms} ms: ${report.detail}`);
  if (report.ok) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Connected to {0} in {1} ms: the token is accepted.', env.name, report.ms));
  } else if (report.error) {
    const diagnosed = (report.error.kind === 'auth' || report.error.kind === 'wrongRegion') && (await offerOtherRegion(env, clients, envs, tokens, log).catch(() => false));
    if (!diagnosed) void showError(report.error);
  }
  return { ok: report.ok, detail: report.detail };
}
