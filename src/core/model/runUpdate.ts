import type { CozeErrorKind } from './errorKind';
import type { WorkflowEvent } from './events';
import type { RunMode } from './workflow';

/**
 * What the place that shows an error offers: sign in (to the run's environment), pick another environment,
 * try the token on the other cloud region (only when the user clicks it), open the debug URL, copy the logid,
 * or show the run (a notification about a run whose panel is hidden).
 */
export type ErrorAction = 'signIn' | 'selectEnvironment' | 'tryOtherRegion' | 'openDebugUrl' | 'copyLogid' | 'showRun';

export const ERROR_ACTIONS: readonly ErrorAction[] = ['signIn', 'selectEnvironment', 'tryOtherRegion', 'openDebugUrl', 'copyLogid', 'showRun'];

/** What a failed run shows: everything a person needs to act, already localized by the host. */
export interface RunErrorView {
  kind: CozeErrorKind;
  message: string;
  hint: string;
  code?: number;
  logid?: string;
  httpStatus?: number;
  debugUrl?: string;
  /** Buttons beside the error (the panel shows debug URL and logid buttons of its own). */
  actions?: ErrorAction[];
}

/** One step in a run's life, as the host records it and posts it to the panel. `at` is epoch ms. */
export type RunUpdate =
  /** A segment begins: the run, or a resume with the answer given (Save as Test Case records the answers). */
  | { u: 'started'; at: number; mode: RunMode; resume?: boolean; answer?: string }
  /**
   * An event. `merged`: several message events of one node folded into this one (coalesceUpdates): how many,
   * and when the first of them came; the content is theirs in order, the rest is the last one's.
   */
  | {
      u: 'event';
      at: number;
      event: WorkflowEvent;
      merged?: { count: number; firstAt: number };
      /** The node's whole text length after this event, where the panel is sent only part of it (TextWindow). */
      nodeLength?: number;
    }
  /** The request id of the response that carries the events (x-tt-logid / X-Log-ID). */
  | { u: 'logid'; at: number; logid: string }
  /** An async run was accepted; it is polled from here on. */
  | { u: 'accepted'; at: number; executeId: string; debugUrl?: string }
  /** A poll of an async run's history. */
  | { u: 'polled'; at: number; status: string }
  | {
      u: 'result';
      at: number;
      data?: string;
      executeId?: string;
      debugUrl?: string;
      tokenCount?: number;
      /** The whole data's length, where the panel is sent only its beginning (TextWindow). */
      dataLength?: number;
    }
  | { u: 'failed'; at: number; error: RunErrorView }
  /** The request was refused before the run could start (HTTP 429, no connection) and is sent again after a wait. */
  | { u: 'retrying'; at: number; attempt: number; maxAttempts: number; delayMs: number; reason: string; cause?: 'rateLimit' | 'connection' }
  | { u: 'cancelled'; at: number }
  /**
   * The complete text read back from the server (cloud run history) for nodes a broken event left incomplete;
   * `complete` when every incomplete part was replaced.
   */
  | { u: 'fetched'; at: number; nodes: { key: string; text: string; length?: number }[]; output?: string; outputLength?: number; complete: boolean };

/** Whether a stream (or a sync call) ends with this update: a result, a failure, a cancel, or Done, Error or Interrupt. */
export function endsStream(update: RunUpdate): boolean {
  if (update.u === 'result' || update.u === 'failed' || update.u === 'cancelled') return true;
  return update.u === 'event' && (update.event.kind === 'done' || update.event.kind === 'error' || update.event.kind === 'interrupt');
}
