import { hint, type Hint } from '../hints';

/** What the runner accepts for its two settings, whoever sets them (a workspace's settings included). */
export const SUITE_LIMITS = {
  concurrency: { min: 1, max: 64, fallback: 4 },
  /** 0: no pacing (concurrency still bounds the runs under way). */
  qps: { min: 0, max: 500, fallback: 10 },
} as const;

export type SuiteLimit = keyof typeof SUITE_LIMITS;

/**
 * A setting's value made safe for the runner: settings JSON is not enforced, so a workspace could ask for
 * 2,000,000 cases at a time (which freezes the extension host) or give a string (which ran nothing). A number
 * outside the bounds is clamped, anything else falls back to the default; `note` says which happened.
 */
export function suiteLimit(name: SuiteLimit, raw: unknown): { value: number; note?: Hint } {
  const { min, max, fallback } = SUITE_LIMITS[name];
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    return raw === undefined
      ? { value: fallback }
      : { value: fallback, note: hint('coze.tests.{0} is not a number ({1}): {2} is used.', name, JSON.stringify(raw) ?? String(raw), String(fallback)) };
  }
  const whole = name === 'concurrency' ? Math.floor(raw) : raw;
  const value = Math.min(max, Math.max(min, whole));
  return value === raw
    ? { value }
    : { value, note: hint('coze.tests.{0} is {1}, outside {2}–{3}: {4} is used.', name, String(raw), String(min), String(max), String(value)) };
}
