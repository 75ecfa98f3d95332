import * as vscode from 'vscode';
import type { InterruptQuestion } from '../../core/model/interruptQuestion';
import { labelText } from '../untrustedText';

/**
 * Asks a workflow's question: its options as a quick pick (with "Another answer…"), else an input box filled
 * with the answer's template. Server text is shown as plain text (no `$(icon)` markup). Resolves with the answer,
 * or undefined when the person dismisses it or leaves it empty.
 */
export async function askAnswer(q: InterruptQuestion, title: string, prompt: string): Promise<string | undefined> {
  let answer: string | undefined;
  if (q.options.length > 0) {
    const other = vscode.l10n.t('Another answer…');
    const picks = [...q.options.map((o) => ({ label: labelText(o), answer: o as string | undefined })), { label: other, answer: undefined }];
    const pick = await vscode.window.showQuickPick(picks, { title, placeHolder: prompt, ignoreFocusOut: true });
    if (pick === undefined) return undefined;
    answer = pick.answer;
  }
  answer ??= await vscode.window.showInputBox({
    title,
    prompt,
    value: q.answerTemplate ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('The answer cannot be empty.') : undefined),
  });
  return answer?.trim() ? answer : undefined;
}
