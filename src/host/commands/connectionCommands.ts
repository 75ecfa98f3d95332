import * as vscode from 'vscode';
import { httpStack } from '../httpStack';
import { otherRegion, type EnvironmentDef } from '../../core/environments';
import type { ClientFactory } from '../clientFactory';
import type { EnvironmentService } from '../environments/environmentService';
import type { TokenStore } from '../secrets/tokenStore';
import type { ErrorNotifier } from '../errorNotifier';
import type { Log } from '../log';
import { notify } from '../notify';

export type RegionProbeResult = 'notCloud' | 'noToken' | 'accepted' | 'refused';

/**
 * The region probe, run only when the user clicked "Try This Token on api.coze.com" (or .cn) after Coze
 * refused the token: it sends the token of `env` to the other cloud region's API, nowhere else. Accepted
 * there, it offers to move the token and switch; refused there too, it says so (the region is not the cause).
 */
export async function tryOtherRegion(
  env: EnvironmentDef,
  clients: ClientFactory,
  envs: EnvironmentService,
  tokens: TokenStore,
  log: Log,
): Promise<RegionProbeResult> {
  const other = envs.all().find((e) => e.id === otherRegion(env)?.id);
  if (!other) return 'notCloud';
  const state = await tokens.state(env);
  if (state.state !== 'bound') return 'noToken';
  const { client } = await clients.forRegionProbe(other, state.token);
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Trying the token of {0} on {1}…', env.name, other.baseUrl) },
    () => httpStack().checkConnection(client),
  );
  log.info('region', `the token of ${env.name} on ${other.name}: ${report.ok ? 'accepted' : report.detail}`);
  if (!report.ok) {
    void notify.info(
      vscode.l10n.t(
        '{0} refused this token as well, so the region is not the cause. The token may be expired, revoked, or lack the permission the call needs: make a new one and sign in again.',
        other.baseUrl,
      ),
    );
    return 'refused';
  }
  const move = vscode.l10n.t('Use It on {0}', other.name);
  const choice = await notify.warn(vscode.l10n.t('This token works on {0}: it was made on {1}, not {2}.', other.baseUrl, other.name, env.name), move);
  if (choice === move) {
    await tokens.set(other, state.token);
    await tokens.delete(env.id);
    await envs.setActive(other.id);
  }
  return 'accepted';
}

/**
 * Coze: Test Connection — reaches the active environment with its token, with calls that start nothing, and
 * says what it found: the token accepted, what it may do, or why it was refused with what to do about it.
 */
export async function testConnection(
  clients: ClientFactory,
  envs: EnvironmentService,
  notifier: ErrorNotifier,
  log: Log,
): Promise<{ ok: boolean; detail: string; canRun?: boolean; canListWorkspaces?: boolean }> {
  const env = envs.active();
  const { client } = await clients.forEnvironment(env);
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing the connection to {0}…', env.name), cancellable: true },
    (_p, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return httpStack().checkConnection(client, ac.signal);
    },
  );
  log.info('connection', `${env.name} (${env.baseUrl}): ${report.ok ? 'ok' : 'failed'} in ${report.ms} ms: ${report.detail}`);
  if (report.ok && report.canListWorkspaces === false) {
    void notify.info(
      vscode.l10n.t(
        'Connected to {0} in {1} ms: the token may run workflows. It may not list workspaces (permission listWorkspace), which only Import Workflows needs.',
        env.name,
        report.ms,
      ),
    );
  } else if (report.ok) {
    void notify.info(vscode.l10n.t('Connected to {0} in {1} ms: the token is accepted.', env.name, report.ms));
  } else if (report.error) {
    void notifier.show(report.error, { environment: env });
  }
  return {
    ok: report.ok,
    detail: report.detail,
    ...(report.canRun !== undefined ? { canRun: report.canRun } : {}),
    ...(report.canListWorkspaces !== undefined ? { canListWorkspaces: report.canListWorkspaces } : {}),
  };
}
