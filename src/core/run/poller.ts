import { CozeError } from '../errors';
import { sleep } from '../sleep';
import type { RunHistoryRecord } from '../model/workflow';

export interface PollOptions {
  /** First wait before asking again, ms. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  factor?: number;
  /** Give up this long after polling started, ms (cloud keeps async runs up to 24 h). */
  deadlineMs?: number;
  signal?: AbortSignal;
  onStatus?: (record: RunHistoryRecord, polls: number) => void;
  /** Injectable clock, so a simulated hour takes no time in tests. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_POLL = { initialDelayMs: 1_000, maxDelayMs: 30_000, factor: 1.6, deadlineMs: 24 * 60 * 60 * 1000 };

/** The waits the poller uses, in order: exponential backoff capped at maxDelayMs. */
export function backoffDelays(count: number, o: Pick<PollOptions, 'initialDelayMs' | 'maxDelayMs' | 'factor'> = {}): number[] {
  const { initialDelayMs, maxDelayMs, factor } = { ...DEFAULT_POLL, ...o };
  return Array.from({ length: count }, (_, i) => Math.min(maxDelayMs, Math.round(initialDelayMs * factor ** i)));
}

/**
 * Polls an async run through the dialect's run-history endpoint until it leaves Running (or an interrupt
 * shows up), backing off between polls, and gives up at the deadline with a timeout error.
 */
export async function pollRun(fetchRecord: () => Promise<RunHistoryRecord>, options: PollOptions = {}): Promise<RunHistoryRecord> {
  const o = { ...DEFAULT_POLL, ...options };
  const now = o.now ?? Date.now;
  const wait = o.sleep ?? sleep;
  const start = now();
  let delay = o.initialDelayMs;
  for (let polls = 1; ; polls++) {
    const record = await fetchRecord();
    o.onStatus?.(record, polls);
    if (record.status !== 'Running' || record.interrupt) return record;
    const left = start + o.deadlineMs - now();
    if (left <= 0) {
      throw new CozeError({
        kind: 'timeout',
        message: `The async run ${record.executeId} was still running after ${Math.round(o.deadlineMs / 60_000)} min of polling; it may still finish on the server`,
        operation: 'poll',
        ...(record.debugUrl ? { debugUrl: record.debugUrl } : {}),
      });
    }
    try {
      await wait(Math.min(delay, left), o.signal);
    } catch {
      throw new CozeError({ kind: 'cancelled', message: 'Polling the async run was cancelled', operation: 'poll' });
    }
    delay = Math.min(o.maxDelayMs, Math.round(delay * o.factor));
  }
}
