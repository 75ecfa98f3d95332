import * as vscode from 'vscode';
import type { StringKey } from '../../shared/protocol';
import { hintFor } from '../errorPresenter';

/** The run panel's localized strings, resolved in the host (the webview has no l10n of its own). */
export const webviewStrings: Record<StringKey, () => string> = {
  'status.pending': () => vscode.l10n.t('Starting…'),
  'status.running': () => vscode.l10n.t('Running'),
  'status.interrupted': () => vscode.l10n.t('Waiting for your answer'),
  'status.succeeded': () => vscode.l10n.t('Succeeded'),
  'status.failed': () => vscode.l10n.t('Failed'),
  'status.cancelled': () => vscode.l10n.t('Cancelled'),
  'node.running': () => vscode.l10n.t('running'),
  'node.finished': () => vscode.l10n.t('finished'),
  'node.failed': () => vscode.l10n.t('failed'),
  'label.output': () => vscode.l10n.t('Output'),
  'label.error': () => vscode.l10n.t('Error'),
  'label.logid': () => vscode.l10n.t('logid'),
  'label.code': () => vscode.l10n.t('code'),
  'label.hint': () => vscode.l10n.t('What to do'),
  'label.debugUrl': () => vscode.l10n.t('Debug URL'),
  'label.firstEvent': () => vscode.l10n.t('First event'),
  'label.total': () => vscode.l10n.t('Total'),
  'label.tokens': () => vscode.l10n.t('Tokens'),
  'label.chunks': () => vscode.l10n.t('chunks'),
  'label.question': () => vscode.l10n.t('The workflow asks'),
  'label.resumes': () => vscode.l10n.t('Answers given to this question: {0} of {1}'),
  'label.async': () => vscode.l10n.t('async run: {0}, polled {1} times'),
  'label.answerJson': () => vscode.l10n.t('Answer with the fields as JSON'),
  'action.openLink': () => vscode.l10n.t('Open Link'),
  'action.cancel': () => vscode.l10n.t('Cancel'),
  'action.openDebugUrl': () => vscode.l10n.t('Open Debug URL'),
  'action.copyLogid': () => vscode.l10n.t('Copy logid'),
  'action.answer': () => vscode.l10n.t('Answer and resume'),
  'hint.oneChunk': () => vscode.l10n.t('This stream produced its output in one chunk: the End node is not set to stream its text. Turn on streaming output in the End node to see text as it is generated.'),
  'hint.workflowError': () => hintFor('workflow'),
};
