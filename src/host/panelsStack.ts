import type * as PanelsStack from '../bundles/panelsBundle';
import { once } from './lazily';

/**
 * The run and chat panels' host side from their own bundle (dist/panels.js, next to extension.js), loaded
 * at the first run, chat, panel or tool call: activation stays small.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stack = once(() => require('./panels.js') as typeof PanelsStack);

export const panelsStack = (): typeof PanelsStack => stack.get();

/** Whether the panels' bundle has been loaded in this extension host (activation must not load it). */
export const isPanelsStackLoaded = (): boolean => stack.loaded !== undefined;
