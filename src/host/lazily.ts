import type * as vscode from 'vscode';

/** A part made at its first use: `get()` makes it once, owned by `owner`; `loaded` is it if it was made. */
export interface Lazy<T> {
  get(): T;
  readonly loaded: T | undefined;
}

/**
 * A part of the extension made when it is first needed, with the bundle its code is in (src/host/*Stack.ts):
 * activation stays small, and a window that never runs a workflow never loads the run panel's code.
 */
export function lazily<T extends vscode.Disposable>(owner: { push(d: vscode.Disposable): unknown }, make: () => T): Lazy<T> {
  let made: T | undefined;
  return {
    get() {
      if (!made) owner.push((made = make()));
      return made;
    },
    get loaded() {
      return made;
    },
  };
}
