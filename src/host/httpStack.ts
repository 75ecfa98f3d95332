import type * as HttpStack from '../bundles/httpBundle';
import { once } from './lazily';

/**
 * The Coze client, undici and the SSE parser, from their own bundle (dist/http.js, next to extension.js),
 * loaded on first use: activation stays small and does no network and no heavy module load.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stack = once(() => require('./http.js') as typeof HttpStack);

export const httpStack = (): typeof HttpStack => stack.get();

/** Whether the HTTP stack has been loaded in this extension host (activation must not load it). */
export const isHttpStackLoaded = (): boolean => stack.loaded !== undefined;
