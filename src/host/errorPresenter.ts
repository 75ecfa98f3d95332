import * as vscode from 'vscode';
import { CozeError, type CozeErrorKind } from '../core/errors';
import type { RunErrorView } from '../core/run/runUpdate';
import { Commands } from './ids';

/** The localized hint for each error kind: what happened and what to do next. */
export function hintFor(kind: CozeErrorKind): string {
  switch (kind) {
    case 'auth':
      return vscode.l10n.t('The access token was not accepted. Sign in again with a token created on this environment, and check that it has not expired.');
    case 'wrongRegion':
      return vscode.l10n.t('The token was refused. Tokens made on coze.cn only work on api.coze.cn and tokens made on coze.com only on api.coze.com: switch the environment or use a token of this region.');
    case 'unpublished':
      return vscode.l10n.t('The workflow is not published. Publish it in Coze first: the OpenAPI runs only published workflows.');
    case 'notFound':
      return vscode.l10n.t("Coze does not know this workflow or run. Check the id, and that the token belongs to the workflow's workspace.");
    case 'paidFeature':
      return vscode.l10n.t('Asynchronous runs need a paid Coze plan. Run the workflow as a stream instead.');
    case 'rateLimited':
      return vscode.l10n.t('Coze is rate limiting this token. Wait a moment before running again.');
    case 'badRequest':
      return vscode.l10n.t("Coze rejected the request parameters. Check the inputs against the workflow's start node.");
    case 'interruptOnSync':
      return vscode.l10n.t('The workflow asked a question, which a synchronous run cannot answer on Coze Studio. Run it as a stream.');
    case 'unsupported':
      return vscode.l10n.t('This server does not offer this call with an access token. Enter the workflow id and parameters by hand.');
    case 'workflow':
      return vscode.l10n.t('The workflow failed while running. Open the debug URL to see which node failed and why.');
    case 'server':
      return vscode.l10n.t('The Coze server failed. Retry later; if it keeps failing, quote the logid to Coze support.');
    case 'network':
      return vscode.l10n.t("Could not reach the server, or the connection broke. Check the environment's base URL, your network and the http.proxy setting.");
    case 'timeout':
      return vscode.l10n.t('The request timed out. For long workflows, raise the Coze timeouts in the settings or run the workflow asynchronously.');
    case 'cancelled':
      return vscode.l10n.t('The run was cancelled. The workflow may still finish on the server: check its debug URL.');
    case 'protocol':
      return vscode.l10n.t("The server's answer was not a Coze response. Check that the environment's base URL points at a Coze API.");
  }
}

export function toRunErrorView(e: CozeError): RunErrorView {
  return {
    kind: e.kind,
    message: e.message,
    hint: hintFor(e.kind),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.logid ? { logid: e.logid } : {}),
    ...(e.httpStatus !== undefined ? { httpStatus: e.httpStatus } : {}),
    ...(e.debugUrl ? { debugUrl: e.debugUrl } : {}),
  };
}

/** Shows one notification for an error, with the actions that fix it. */
export async function showError(e: unknown): Promise<void> {
  if (!(e instanceof CozeError)) {
    await vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
    return;
  }
  if (e.kind === 'cancelled') return;
  const signIn = vscode.l10n.t('Sign In');
  const switchEnv = vscode.l10n.t('Switch Environment');
  const copyLogid = vscode.l10n.t('Copy logid');
  const openDebug = vscode.l10n.t('Open Debug URL');
  const actions: string[] = [];
  if (e.kind === 'auth') actions.push(signIn);
  if (e.kind === 'wrongRegion' || e.kind === 'auth' || e.kind === 'network') actions.push(switchEnv);
  if (e.debugUrl) actions.push(openDebug);
  if (e.logid) actions.push(copyLogid);
  const detail = [e.message, e.code !== undefined ? `code ${e.code}` : '', e.logid ? `logid ${e.logid}` : ''].filter(Boolean).join(' · ');
  const choice = await vscode.window.showErrorMessage(`${hintFor(e.kind)} (${detail})`, ...actions);
  if (choice === signIn) await vscode.commands.executeCommand(Commands.signIn);
  else if (choice === switchEnv) await vscode.commands.executeCommand(Commands.selectEnvironment);
  else if (choice === copyLogid && e.logid) await vscode.env.clipboard.writeText(e.logid);
  else if (choice === openDebug && e.debugUrl) await vscode.env.openExternal(vscode.Uri.parse(e.debugUrl));
}

/** One line for an error shown in place (at a form field): what happened, and what to do when that is not plain. */
export function errorText(e: unknown): string {
  if (!(e instanceof CozeError)) return e instanceof Error ? e.message : String(e);
  const meta = [e.code !== undefined ? `code ${e.code}` : '', e.logid ? `logid ${e.logid}` : ''].filter(Boolean).join(' · ');
  const sentence = `${e.message}${meta ? ` (${meta})` : ''}`;
  const ended = /[.!?。]$/.test(sentence) ? sentence : `${sentence}.`;
  return e.kind === 'badRequest' ? ended : `${ended} ${hintFor(e.kind)}`;
}
