import * as vscode from 'vscode';
import { AUTH_KINDS, type CozeErrorKind } from '../core/model/errorKind';
import { CozeError } from '../core/errors';
import { otherRegion, type EnvironmentDef } from '../core/environments';
import type { ErrorAction, RunErrorView } from '../core/model/runUpdate';
import { notificationText } from './untrustedText';
import { hintTemplate } from '../core/hints';
import { FileRefusedError } from '../core/files/uploadPolicy';

/** Where an error happened, when that changes what to say or offer (the other region exists only for the clouds). */
export interface ErrorContext {
  environment?: EnvironmentDef;
}

/** The localized hint for an error: what happened and what to do next, for its code where the code says more. */
export function hintFor(kind: CozeErrorKind, code?: number, ctx: ErrorContext = {}): string {
  const other = ctx.environment ? otherRegion(ctx.environment) : undefined;
  const h = hintTemplate(kind, code, other && ctx.environment ? { other: other.name, here: ctx.environment.name } : undefined);
  return vscode.l10n.t(h.text, ...h.args);
}

/** What the place that shows an error offers to do about it. */
export function actionsFor(e: CozeError, ctx: ErrorContext = {}): ErrorAction[] {
  const actions: ErrorAction[] = [];
  if (AUTH_KINDS.includes(e.kind)) actions.push('signIn', 'selectEnvironment');
  if (e.kind === 'permission' && ctx.environment && otherRegion(ctx.environment)) actions.push('tryOtherRegion');
  if (e.kind === 'network') actions.push('selectEnvironment');
  if (e.debugUrl) actions.push('openDebugUrl');
  if (e.logid) actions.push('copyLogid');
  return actions;
}

/** The error's message in the display language when the words are ours, as the server sent it when they are its. */
function messageOf(e: CozeError): string {
  return e.template ? vscode.l10n.t(e.template.text, ...e.template.args) : e.message;
}

export function toRunErrorView(e: CozeError, ctx: ErrorContext = {}): RunErrorView {
  const actions = actionsFor(e, ctx).filter((a) => a !== 'openDebugUrl' && a !== 'copyLogid'); // the panel has its own
  return {
    kind: e.kind,
    message: messageOf(e),
    hint: hintFor(e.kind, e.code, ctx),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.logid ? { logid: e.logid } : {}),
    ...(e.httpStatus !== undefined ? { httpStatus: e.httpStatus } : {}),
    ...(e.debugUrl ? { debugUrl: e.debugUrl } : {}),
    ...(actions.length ? { actions } : {}),
  };
}

/** The button text of an error action. */
export function actionLabel(action: ErrorAction, ctx: ErrorContext = {}): string {
  switch (action) {
    case 'signIn':
      return vscode.l10n.t('Sign In');
    case 'selectEnvironment':
      return vscode.l10n.t('Select Environment');
    case 'tryOtherRegion':
      return vscode.l10n.t('Try This Token on {0}', ctx.environment ? (otherRegion(ctx.environment)?.baseUrl.replace(/^https:\/\//, '') ?? '') : '');
    case 'openDebugUrl':
      return vscode.l10n.t('Open Debug URL');
    case 'copyLogid':
      return vscode.l10n.t('Copy logid');
    case 'showRun':
      return vscode.l10n.t('Show Run');
  }
}

/** What the server said, its code and its logid, in the display language: "message · code 4100 · logid …". */
export function errorDetail(message: string | undefined, code: number | undefined, logid: string | undefined): string {
  return [message ?? '', code !== undefined ? vscode.l10n.t('code {0}', code) : '', logid ? vscode.l10n.t('logid {0}', logid) : ''].filter(Boolean).join(' · ');
}

/** A recorded error as one phrase in the display language: the server's message and its code. */
export function errorSummaryText(e: { message: string; code?: number }): string {
  return withDetail(e.message, errorDetail(undefined, e.code, undefined));
}

/** A sentence with its detail in brackets (full-width in Chinese). */
export function withDetail(sentence: string, detail: string): string {
  return detail ? vscode.l10n.t('{0} ({1})', sentence, detail) : sentence;
}

/** One line for a notification: the hint, then what the server said, its code and logid. Server text is made inert. */
export function errorLine(e: CozeError, ctx: ErrorContext = {}): string {
  return notificationText(withDetail(hintFor(e.kind, e.code, ctx), errorDetail(messageOf(e), e.code, e.logid)));
}

/** One line for an error shown in place (at a form field): what happened, and what to do when that is not plain. */
export function errorText(e: unknown): string {
  // the upload policy's refusals carry their English template: shown in the display language
  if (e instanceof FileRefusedError) return vscode.l10n.t(e.reason.text, ...e.reason.args);
  if (!(e instanceof CozeError)) return e instanceof Error ? e.message : String(e);
  const sentence = withDetail(messageOf(e), errorDetail(undefined, e.code, e.logid));
  const ended = /[.!?。]$/.test(sentence) ? sentence : `${sentence}.`;
  return e.kind === 'badRequest' ? ended : `${ended} ${hintFor(e.kind, e.code)}`;
}
