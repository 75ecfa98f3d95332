import * as vscode from 'vscode';
import { SecretMask } from '../core/secretMask';

/**
 * The extension's one LogOutputChannel ("Coze"); the user picks the level. It owns the extension's one
 * SecretMask, with every token in use registered: each line passes through it, and so does every other exit
 * of the editor side (the Test Explorer's output and messages, the language model tool's result, history).
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Coze', { log: true });
  readonly secrets = new SecretMask();

  addSecret(secret: string): void {
    this.secrets.add(secret);
  }

  mask(text: string): string {
    return this.secrets.text(text);
  }

  /** Whether trace lines are written at the level the user picked (a line per event is built only then). */
  get traceEnabled(): boolean {
    return this.writes(vscode.LogLevel.Trace);
  }

  trace(component: string, message: string): void {
    if (this.writes(vscode.LogLevel.Trace)) this.channel.trace(`[${component}] ${this.mask(message)}`);
  }
  debug(component: string, message: string): void {
    if (this.writes(vscode.LogLevel.Debug)) this.channel.debug(`[${component}] ${this.mask(message)}`);
  }

  private writes(level: vscode.LogLevel): boolean {
    const current = this.channel.logLevel;
    return current !== vscode.LogLevel.Off && current <= level;
  }
  info(component: string, message: string): void {
    this.channel.info(`[${component}] ${this.mask(message)}`);
  }
  warn(component: string, message: string): void {
    this.channel.warn(`[${component}] ${this.mask(message)}`);
  }
  error(component: string, message: string): void {
    this.channel.error(`[${component}] ${this.mask(message)}`);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
