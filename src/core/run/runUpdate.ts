import type { CozeErrorKind } from '../errors';
import type { WorkflowEvent } from '../sse/workflowEvents';
import type { RunMode } from '../client/types';

/** What a failed run shows: everything a person needs to act, already localized by the host. */
export interface RunErrorView {
  kind: CozeErrorKind;
  message: string;
  hint: string;
  code?: number;
  logid?: string;
  httpStatus?: number;
  debugUrl?: string;
}

/** One step in a run's life, as the host records it and posts it to the panel. `at` is epoch ms. */
export type RunUpdate =
  | { u: 'started'; at: number; mode: RunMode; resume?: boolean }
  | { u: 'event'; at: number; event: WorkflowEvent }
  /** The request id of the response that carries the events (x-tt-logid / X-Log-ID). */
  | { u: 'logid'; at: number; logid: string }
  /** An async run was accepted; it is polled from here on. */
  | { u: 'accepted'; at: number; executeId: string; debugUrl?: string }
  /** A poll of an async run's history. */
  | { u: 'polled'; at: number; status: string }
  | { u: 'result'; at: number; data?: string; executeId?: string; debugUrl?: string; tokenCount?: number }
  | { u: 'failed'; at: number; error: RunErrorView }
  /** The request was refused before the run could start (HTTP 429, no connection) and is sent again after a wait. */
  | { u: 'retrying'; at: number; attempt: number; maxAttempts: number; delayMs: number; reason: string }
  | { u: 'cancelled'; at: number };
