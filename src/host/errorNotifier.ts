import * as vscode from 'vscode';
import { CozeError } from '../core/errors';
import type { ErrorAction, RunErrorView } from '../core/model/runUpdate';
import { actionLabel, actionsFor, errorDetail, errorLine, errorText, withDetail, type ErrorContext } from './errorPresenter';
import { Commands } from './ids';
import { notificationText } from './untrustedText';
import { notify } from './notify';

export interface ActionContext extends ErrorContext {
  /** The run the error belongs to (Show Run). */
  runId?: string;
}

/**
 * Shows errors as one notification with the actions that fix them, and carries out an action chosen there
 * or in a panel. The region probe is not a command: it runs only from a click on its button, here or in
 * a panel, so no other extension can make the token travel to the other region.
 */
export class ErrorNotifier {
  constructor(private readonly probeOtherRegion: (ctx: ErrorContext) => Promise<unknown>) {}

  async run(action: ErrorAction, e: Pick<RunErrorView, 'logid' | 'debugUrl'>, ctx: ActionContext = {}): Promise<void> {
    const environmentId = ctx.environment?.id;
    switch (action) {
      case 'signIn':
        await vscode.commands.executeCommand(Commands.signIn, environmentId ? { environmentId } : {});
        return;
      case 'selectEnvironment':
        await vscode.commands.executeCommand(Commands.selectEnvironment);
        return;
      case 'tryOtherRegion':
        await this.probeOtherRegion(ctx);
        return;
      case 'openDebugUrl':
        if (e.debugUrl && /^https?:\/\//i.test(e.debugUrl)) await vscode.env.openExternal(vscode.Uri.parse(e.debugUrl));
        return;
      case 'copyLogid':
        if (e.logid) await vscode.env.clipboard.writeText(e.logid);
        return;
      case 'showRun':
        if (ctx.runId) await vscode.commands.executeCommand(Commands.showRun, { runId: ctx.runId });
        return;
    }
  }

  /** One notification for an error, with the actions that fix it (and `extra` first); resolves with the action taken. */
  async show(e: unknown, ctx: ActionContext & { extra?: ErrorAction[] } = {}): Promise<ErrorAction | undefined> {
    if (!(e instanceof CozeError)) {
      await notify.error(errorText(e));
      return undefined;
    }
    if (e.kind === 'cancelled') return undefined;
    return this.present(errorLine(e, ctx), [...(ctx.extra ?? []), ...actionsFor(e, ctx)], e, ctx);
  }

  /** The same for a run's recorded error (its hint and actions were decided when it failed). */
  showView(view: RunErrorView, ctx: ActionContext & { extra?: ErrorAction[]; subject?: string } = {}): Promise<ErrorAction | undefined> {
    const detail = errorDetail(view.message, view.code, view.logid);
    const actions: ErrorAction[] = [
      ...(ctx.extra ?? []),
      ...(view.actions ?? []),
      ...(view.debugUrl ? ['openDebugUrl' as const] : []),
      ...(view.logid ? ['copyLogid' as const] : []),
    ];
    // a run that ended unseen names its workflow: with two async runs, which one failed
    const line = ctx.subject ? vscode.l10n.t('The run of {0} failed. {1}', ctx.subject, withDetail(view.hint, detail)) : withDetail(view.hint, detail);
    return this.present(notificationText(line), actions, view, ctx);
  }

  private async present(
    line: string,
    wanted: ErrorAction[],
    e: Pick<RunErrorView, 'logid' | 'debugUrl'>,
    ctx: ActionContext,
  ): Promise<ErrorAction | undefined> {
    const actions = [...new Set(wanted)];
    const labels = actions.map((a) => actionLabel(a, ctx));
    const choice = await notify.error(line, ...labels);
    const action = choice === undefined ? undefined : actions[labels.indexOf(choice)];
    if (action) await this.run(action, e, ctx);
    return action;
  }
}
