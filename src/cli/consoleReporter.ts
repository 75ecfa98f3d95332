import type { Change, Comparison } from '../core/testing/baseline';
import { verdictText } from '../core/testing/judge';
import { caseLabel, type CaseResult, type SuiteSummary } from '../core/testing/suiteRunner';

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
/** "2 rate-limit retries · 1 connection retry", after `lead`, or nothing when there were none. */
function retriesText(rateLimit: number, connection: number, lead: string): string {
  const n = (count: number, what: string) => (count ? `${count} ${what} retr${count === 1 ? 'y' : 'ies'}` : '');
  const text = [n(rateLimit, 'rate-limit'), n(connection, 'connection')].filter(Boolean).join(' · ');
  return text ? `${lead}${text}` : '';
}
const clip = (s: string, n = 400) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The default output: a line per case as it ends, the failures with where and what, and a summary. */
export class ConsoleReporter {
  constructor(private readonly write: (line: string) => void) {}

  end(r: CaseResult, changes: readonly Change[] = []): void {
    const mark = r.outcome === 'passed' ? '✔' : r.outcome === 'skipped' ? '-' : '✘';
    const retry = retriesText(r.retries, r.connectionRetries, ' · ');
    const runs = r.runs ? ` · ${r.runs.filter((x) => x.outcome === 'passed').length}/${r.runs.length} runs passed` : '';
    const regressed = changes.some((c) => c.kind === 'regression') ? ' · REGRESSION (passed in the baseline)' : '';
    this.write(`${mark} ${caseLabel(r.case)} (${seconds(r.durationMs)}${runs}${retry})${regressed}`);
    for (const f of r.failures) {
      this.write(`    ${r.case.file}:${f.line}:${f.column}: ${f.message}`);
      this.write(`      expected: ${clip(f.expected)}`);
      this.write(`      actual:   ${clip(f.actual)}`);
    }
    if (r.outcome === 'error') this.write(`    ${r.case.file}:${r.case.line}:${r.case.column}: ${r.error}`);
    if (r.judge && r.outcome !== 'passed') this.write(`      ${verdictText(r.judge)}`);
    if (r.runs && r.outcome !== 'passed') this.write(`      runs: ${r.runs.map((x) => (x.outcome === 'passed' ? '✔' : '✘')).join(' ')}`);
    if (r.outcome === 'failed' || r.outcome === 'error') {
      const meta = [
        r.view?.error?.code !== undefined ? `code ${r.view.error.code}` : '',
        r.view?.logid ? `logid ${r.view.logid}` : '',
        r.view?.debugUrl ? `debug ${r.view.debugUrl}` : '',
      ].filter(Boolean);
      if (meta.length) this.write(`      ${meta.join(' · ')}`);
    }
  }

  summary(s: SuiteSummary, comparison?: Comparison): void {
    const t = s.totals;
    if (s.stoppedBecause) this.write(`stopped: ${s.stoppedBecause}`);
    if (comparison) {
      const c = comparison;
      this.write(
        `against the baseline: ${c.regressions.length} regression(s), ${c.fixes.length} fix(es), ${c.changes.length} change(s) beyond noise, ${c.newCases.length} new, ${c.gone.length} gone`,
      );
      for (const x of [...c.regressions, ...c.changes, ...c.gone].slice(0, 50))
        this.write(`  ${x.kind}: ${x.file} › ${x.title}: ${x.before ?? '–'} → ${x.after ?? '–'}`);
    }
    if (t.tokens) this.write(`tokens: ${t.tokens}`);
    this.write(
      `${t.passed} passed, ${t.failed + t.errors} failed${t.skipped ? `, ${t.skipped} skipped` : ''} in ${seconds(s.durationMs)}${retriesText(t.retries, t.connectionRetries, ' (')}${t.retries + t.connectionRetries ? ')' : ''}`,
    );
  }
}
