import * as vscode from 'vscode';
import { CozeError } from '../../core/errors';
import type { CommandId } from '../ids';
import type { Log } from '../log';
import type { ErrorNotifier } from '../errorNotifier';

export interface CommandOptions {
  /**
   * A second call while the first is still under way gets the first call's result instead of starting the
   * work again (and the log says so). Only for commands whose work must not run twice at once, and which
   * take no arguments that would make the second call mean something else.
   */
  joinRunning?: boolean;
}

/**
 * Every command goes through here: it is logged (arguments are never logged, the log masks tokens anyway),
 * its failure is logged and shown as one actionable notification, and it returns its handler's result.
 * Every call runs, unless the command asked to join a call already under way (`joinRunning`).
 */
export function registerCommand<A extends unknown[]>(
  log: Log,
  notifier: ErrorNotifier,
  id: CommandId,
  handler: (...args: A) => unknown,
  options: CommandOptions = {},
): vscode.Disposable {
  let running: Promise<unknown> | undefined;
  const run = async (args: A): Promise<unknown> => {
    const started = Date.now();
    log.debug('command', `${id} started`);
    try {
      return await handler(...args);
    } catch (e) {
      log.error('command', `${id} failed: ${e instanceof CozeError ? e.describe() : e instanceof Error ? e.message : String(e)}`);
      void notifier.show(e);
      return undefined;
    } finally {
      log.debug('command', `${id} finished in ${Date.now() - started} ms`);
    }
  };
  return vscode.commands.registerCommand(id, (...args: unknown[]) => {
    if (!options.joinRunning) return run(args as A);
    if (running) {
      log.debug('command', `${id} is under way: this call waits for its result`);
      return running;
    }
    running = run(args as A).finally(() => (running = undefined));
    return running;
  });
}
