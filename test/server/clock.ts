/**
 * The server's clock: the wall clock, or (ServerOptions.manualClock) a clock that stands still until a test
 * advances it, so "still Running" and "now finished" are states a test sets instead of waits for.
 */
export class Clock {
  private offset = 0;
  private readonly start = Date.now();

  constructor(readonly manual: boolean) {}

  now(): number {
    return this.manual ? this.start + this.offset : Date.now();
  }

  /** Moves a manual clock forward by `ms`; returns the new time. */
  advance(ms: number): number {
    if (!this.manual) throw new Error('the server runs on the wall clock; start it with manualClock: true to advance it');
    if (!Number.isFinite(ms) || ms < 0) throw new Error('advanceMs must be a non-negative number');
    this.offset += ms;
    return this.now();
  }
}
