import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import type { RunSession } from './runSession';

/**
 * What happens to this window's runs, for those who listen from activation on (the status bar, the history
 * view): owned here, fired by the RunManager, which loads with the run panel's code at the first run.
 */
export class RunEvents extends Disposable {
  readonly changed = this.register(new vscode.EventEmitter<RunSession>());
  /** Fires on every update of any run (the status bar throttles itself). */
  readonly onDidChange = this.changed.event;
  readonly started = this.register(new vscode.EventEmitter<RunSession>());
  readonly onDidStart = this.started.event;
  readonly ended = this.register(new vscode.EventEmitter<RunSession>());
  readonly onDidEnd = this.ended.event;
  readonly released = this.register(new vscode.EventEmitter<string>());
  /** Fires with a run's id when it is released (it is in history from then on). */
  readonly onDidRelease = this.released.event;
}
