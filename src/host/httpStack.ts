import type * as HttpStack from '../bundles/httpBundle';

let stack: typeof HttpStack | undefined;

/**
 * The Coze client, undici and the SSE parser, from their own bundle (dist/http.js, next to extension.js),
 * loaded on first use: activation stays small and does no network and no heavy module load.
 */
export function httpStack(): typeof HttpStack {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  stack ??= require('./http.js') as typeof HttpStack;
  return stack;
}

/** Whether the HTTP stack has been loaded in this extension host (activation must not load it). */
export function isHttpStackLoaded(): boolean {
  return stack !== undefined;
}
