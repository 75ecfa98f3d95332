/** A clock the runner waits on: the real one, or a fake one in tests and the benchmark's model. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Spaces the starts of runs so they never go faster than `qps` a second (Coze's limits are per second: 50 on
 * the free plan): each start is at least 1/qps after the one before. Starts are handed out in the order
 * asked for. `qps` of 0 or less means no limit.
 */
export class Pacer {
  private next = 0;
  private readonly intervalMs: number;

  /**
   * `headroom` widens the spacing a little (default 4 %): a start is the moment the runner lets a run go, and
   * what reaches Coze's one-second window is the request, a few milliseconds later or sooner depending on the
   * machine. Exactly 1/qps apart, two late and early neighbours land 51 in a second and one is refused.
   */
  constructor(
    private readonly qps: number,
    private readonly clock: Clock,
    headroom = 0.04,
  ) {
    this.intervalMs = qps > 0 ? (1000 / qps) * (1 + headroom) : 0;
  }

  async wait(signal?: AbortSignal): Promise<void> {
    if (this.qps <= 0) return;
    const now = this.clock.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await this.clock.sleep(at - now, signal);
  }
}
