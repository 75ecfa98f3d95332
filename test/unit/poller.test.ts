import assert from 'node:assert/strict';
import { CozeError } from '../../src/core/errors';
import { backoffDelays, pollRun } from '../../src/core/run/poller';
import type { RunHistoryRecord } from '../../src/core/model/workflow';

/** A clock that only moves when the poller sleeps. */
function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return { now: () => t, sleep: async (ms: number) => void (sleeps.push(ms), (t += ms)), sleeps };
}

describe('async run poller', () => {
  it('backs off exponentially up to the cap', () => {
    assert.deepEqual(
      backoffDelays(10, { initialDelayMs: 1000, factor: 2, maxDelayMs: 30_000 }),
      [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000],
    );
  });

  it('polls until the run leaves Running', async () => {
    const clock = fakeClock();
    let calls = 0;
    const rec = await pollRun(async () => ({ executeId: '1', status: ++calls < 4 ? 'Running' : 'Success', output: 'ok' }), {
      ...clock,
      initialDelayMs: 1000,
      factor: 2,
    });
    assert.equal(rec.status, 'Success');
    assert.deepEqual(clock.sleeps, [1000, 2000, 4000]);
  });

  it('over a simulated hour backs off as designed and stops at its deadline', async () => {
    const clock = fakeClock();
    let polls = 0;
    const running: RunHistoryRecord = { executeId: '7600000000000000009', status: 'Running', debugUrl: 'https://d' };
    await assert.rejects(
      pollRun(async () => (polls++, running), { ...clock, initialDelayMs: 1000, factor: 1.6, maxDelayMs: 30_000, deadlineMs: 3_600_000 }),
      (e: unknown) => e instanceof CozeError && e.kind === 'timeout' && e.debugUrl === 'https://d' && /after 60 min/.test(e.message),
    );
    assert.equal(clock.now(), 3_600_000, 'it stops exactly at the deadline');
    assert.ok(
      clock.sleeps.slice(0, 8).every((ms, i, a) => i === 0 || ms > a[i - 1]!),
      'the waits grow',
    );
    assert.ok(Math.max(...clock.sleeps) <= 30_000, 'and are capped');
    assert.ok(polls > 100 && polls < 140, `about one poll per 30 s once capped (${polls} polls)`);
  });

  it('stops at once when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(
      pollRun(async () => ({ executeId: '1', status: 'Running' }), { signal: ac.signal, initialDelayMs: 10 }),
      (e: unknown) => e instanceof CozeError && e.kind === 'cancelled',
    );
  });
});
