import * as vscode from 'vscode';
import type { EnvironmentService } from '../environments/environmentService';
import type { TokenStore } from '../secrets/tokenStore';
import { labelText } from '../untrustedText';
import { CAPABILITIES } from '../../core/dialect';

/** Coze: Select Environment — a quick pick of coze.cn, coze.com and the self-hosted servers. */
export async function selectEnvironment(envs: EnvironmentService, tokens: TokenStore, args: { environmentId?: string } = {}): Promise<string | undefined> {
  let id = args.environmentId;
  if (!id) {
    const active = envs.active();
    const items = await Promise.all(
      envs.all().map(async (e) => ({
        label: `${e.id === active.id ? '$(check) ' : ''}${labelText(e.name)}`,
        description: `${e.baseUrl} · ${CAPABILITIES[e.dialect].family}`,
        detail: (await tokens.isSignedIn(e)) ? vscode.l10n.t('Signed in') : vscode.l10n.t('Not signed in'),
        id: e.id,
      })),
    );
    const pick = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Coze environment'),
      placeHolder: vscode.l10n.t('Add self-hosted servers in the coze.environments setting'),
    });
    id = pick?.id;
  }
  if (!id) return undefined;
  await envs.setActive(id);
  return id;
}
