import * as vscode from 'vscode';
import { CAPABILITIES } from '../../core/dialect';
import { describeInterrupt } from '../../core/model/interruptQuestion';
import { askAnswer } from '../run/askAnswer';
import type { RunManager } from '../run/runManager';
import { labelText } from '../untrustedText';
import { notify } from '../notify';

export interface ResumeArgs {
  runId?: string;
  /** The answer, given without prompting (tests, scripted use). */
  answer?: string;
}

/**
 * Coze: Resume Interrupt — lists the runs waiting for an answer (panel open or closed, stream, sync or async),
 * asks the chosen question (options as a quick pick, text or a JSON template otherwise), resumes the run and
 * shows it. Returns the run id.
 */
export async function resumeInterrupt(runs: RunManager, args: ResumeArgs = {}): Promise<string | undefined> {
  const waiting = runs.all().filter((s) => s.view.status === 'interrupted' && s.view.interrupt);
  let session = args.runId ? waiting.find((s) => s.id === args.runId) : undefined;
  if (!session) {
    if (waiting.length === 0) {
      void notify.info(vscode.l10n.t('No run is waiting for an answer.'));
      return undefined;
    }
    session =
      waiting.length === 1 && !args.runId
        ? waiting[0]
        : (
            await vscode.window.showQuickPick(
              waiting.map((s) => ({
                label: labelText(describeInterrupt(s.view.interrupt!, s.view.interrupt?.streamed).question.split('\n')[0] || s.request.workflowId),
                description: `${s.request.workflowId} · ${s.environment.name}`,
                session: s,
              })),
              { title: vscode.l10n.t('Answer which question?') },
            )
          )?.session;
  }
  const interrupt = session?.view.interrupt;
  if (!session || !interrupt) return undefined;
  const q = describeInterrupt(interrupt, interrupt.streamed);
  // the question itself is the prompt; the node's title only names where the workflow stopped
  const prompt =
    q.question ||
    vscode.l10n.t('The workflow waits for an answer at {0}, but it did not send the text of its question.', interrupt.nodeTitle ?? session.request.workflowId);
  const limit = CAPABILITIES[session.environment.dialect].resumeLimit;
  const used = session.view.resumes[interrupt.eventId] ?? 0;
  const title = limit ? vscode.l10n.t('Answer {0} of {1} to this question', used + 1, limit) : vscode.l10n.t('Answer the workflow');
  const answer = args.answer ?? (await askAnswer(q, title, prompt));
  if (!answer?.trim()) return undefined;
  runs.showPanel(session.id);
  void session.resume(answer);
  return session.id;
}
