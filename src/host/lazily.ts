import type * as vscode from 'vscode';

/** A value made at its first use: `get()` makes it once; `loaded` is it if it was made. */
export interface Lazy<T> {
  get(): T;
  readonly loaded: T | undefined;
}

/** Makes the value once, at the first `get()`. */
export function once<T>(make: () => T): Lazy<T> {
  let made: T | undefined;
  return {
    get: () => (made ??= make()),
    get loaded() {
      return made;
    },
  };
}

/**
 * A part of the extension made when it is first needed, with the bundle its code is in (src/host/*Stack.ts),
 * and owned by `owner` from then on: activation stays small, and a window that never runs a workflow never
 * loads the run panel's code.
 */
export function lazily<T extends vscode.Disposable>(owner: { push(d: vscode.Disposable): unknown }, make: () => T): Lazy<T> {
  return once(() => {
    const made = make();
    owner.push(made);
    return made;
  });
}
