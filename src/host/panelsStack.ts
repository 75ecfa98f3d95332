import type * as PanelsStack from '../bundles/panelsBundle';

let stack: typeof PanelsStack | undefined;

/**
 * The run and chat panels' host side from their own bundle (dist/panels.js, next to extension.js), loaded
 * at the first run, chat or panel: activation stays small.
 */
export function panelsStack(): typeof PanelsStack {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  stack ??= require('./panels.js') as typeof PanelsStack;
  return stack;
}

/** Whether the panels' bundle has been loaded in this extension host (activation must not load it). */
export function isPanelsStackLoaded(): boolean {
  return stack !== undefined;
}
