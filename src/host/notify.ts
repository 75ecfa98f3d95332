import * as vscode from 'vscode';
import { notificationText } from './untrustedText';

type Show = <T extends string>(message: string, ...items: (T | vscode.MessageOptions)[]) => Thenable<T | undefined>;

/** Calls one of VS Code's notification functions with the message made inert: `[x](command:…)` shows as written. */
function inert(show: (message: string, ...rest: never[]) => Thenable<unknown>): Show {
  return <T extends string>(message: string, ...items: (T | vscode.MessageOptions)[]) =>
    show(notificationText(message), ...(items as never[])) as Thenable<T | undefined>;
}

/**
 * The extension's one way to raise a notification. A message may carry text from outside the extension: a
 * workflow or preset name from a cloned repository's .coze/ file, an environment's name, a node title, a
 * server's words. Notifications render Markdown links, so every message goes through `notificationText`
 * here, whatever built it (the lint config allows VS Code's own functions in this file only).
 */
export const notify = {
  info: inert(vscode.window.showInformationMessage),
  warn: inert(vscode.window.showWarningMessage),
  error: inert(vscode.window.showErrorMessage),
};
