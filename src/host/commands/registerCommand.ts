import * as vscode from 'vscode';
import { CozeError } from '../../core/errors';
import type { CommandId } from '../ids';
import type { Log } from '../log';
import { showError } from '../errorPresenter';

/**
 * Every command goes through here: it is logged (arguments masked), its failure is logged and shown as one
 * actionable notification, and a second call while the first still runs is dropped (double-click on Run).
 */
export function registerCommand(log: Log, id: CommandId, handler: (...args: any[]) => unknown): vscode.Disposable {
  let busy = false;
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    if (busy) {
      log.debug('command', `${id} ignored: still running`);
      return undefined;
    }
    busy = true;
    const started = Date.now();
    log.debug('command', `${id} started`);
    try {
      return await handler(...args);
    } catch (e) {
      log.error('command', `${id} failed: ${e instanceof CozeError ? e.describe() : e instanceof Error ? e.message : String(e)}`);
      void showError(e);
      return undefined;
    } finally {
      busy = false;
      log.debug('command', `${id} finished in ${Date.now() - started} ms`);
    }
  });
}
