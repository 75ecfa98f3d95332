import type { Comparison } from '../baseline';
import type { SuiteSummary } from '../suiteRunner';

export const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/** The one line every report opens with: "✘ 2 failed, 8 passed · 1 regression" or "✔ 10 passed". */
export function headline(summary: Pick<SuiteSummary, 'totals' | 'stoppedBecause'>, comparison?: Comparison): string {
  const t = summary.totals;
  const failed = t.failed + t.errors;
  const parts = [failed ? `✘ ${failed} failed, ${t.passed} passed` : `✔ ${t.passed} passed`];
  if (t.skipped) parts.push(`${t.skipped} skipped`);
  if (comparison) parts.push(`${comparison.regressions.length} regression${comparison.regressions.length === 1 ? '' : 's'}`);
  if (summary.stoppedBecause) parts.push('stopped early');
  return `Coze workflow tests: ${parts.join(' · ')}`;
}
