import type { SecretMask } from '../../secretMask';
import type { Change, Comparison } from '../baseline';
import { verdictText } from '../judge';
import type { KeptResult, SuiteSummary } from '../suiteRunner';
import { headline, seconds } from './reportText';

/** The most failures the summary lists: a step summary or PR comment must stay readable (and under GitHub's 1 MiB). */
const MAX_LISTED = 50;

/**
 * Untrusted text (workflow output, error messages, case names) as inert Markdown: one line, no HTML, no
 * links, no emphasis, no table cell break. Every character Markdown or GitHub's HTML would act on is escaped.
 */
export function markdownText(s: string, max = 300): string {
  const one = s.replace(/\s+/g, ' ').trim();
  const clipped = one.length > max ? `${one.slice(0, max)}…` : one;
  return clipped
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const changeLine = (c: Change, mask: SecretMask) =>
  `- ${markdownText(mask.text(`${c.file} › ${c.title}`))}${c.before !== undefined || c.after !== undefined ? `: ${markdownText(c.before ?? '–')} → ${markdownText(c.after ?? '–')}` : ''}`;

/**
 * A summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment: the counts first, then regressions, then the
 * failures (at most fifty), then fixes and changes beyond noise. Every text passes the mask, then is escaped.
 */
export function markdownReport(summary: SuiteSummary, mask: SecretMask, comparison?: Comparison): string {
  const t = summary.totals;
  const out: string[] = [`## ${markdownText(headline(summary, comparison))}`, ''];
  out.push('| passed | failed | skipped | regressions | fixes | time | tokens |', '|---:|---:|---:|---:|---:|---:|---:|');
  out.push(
    `| ${t.passed} | ${t.failed + t.errors} | ${t.skipped} | ${comparison ? comparison.regressions.length : '–'} | ${comparison ? comparison.fixes.length : '–'} | ${seconds(summary.durationMs)} | ${t.tokens} |`,
    '',
  );
  if (summary.stoppedBecause) out.push(`**Stopped:** ${markdownText(mask.text(summary.stoppedBecause), 500)}`, '');
  if (comparison?.regressions.length)
    out.push(`### Regressions (${comparison.regressions.length})`, '', ...comparison.regressions.map((c) => changeLine(c, mask)), '');
  const failing = summary.results.filter((r) => r.outcome === 'failed' || r.outcome === 'error');
  if (failing.length) {
    out.push(`### Failures (${failing.length})`, '');
    for (const r of failing.slice(0, MAX_LISTED)) out.push(...failureLines(r, mask));
    if (failing.length > MAX_LISTED) out.push(`- … and ${failing.length - MAX_LISTED} more: see the HTML report or the JUnit file`);
    out.push('');
  }
  if (comparison?.fixes.length)
    out.push(`### Fixed (${comparison.fixes.length})`, '', ...comparison.fixes.slice(0, MAX_LISTED).map((c) => changeLine(c, mask)), '');
  if (comparison?.changes.length)
    out.push(
      `### Changes beyond noise (${comparison.changes.length})`,
      '',
      ...comparison.changes.slice(0, MAX_LISTED).map((c) => `${changeLine(c, mask)} (${c.kind})`),
      '',
    );
  if (comparison?.newCases.length || comparison?.gone.length)
    out.push(
      `New cases: ${comparison.newCases.length} · gone: ${comparison.gone.length}`,
      ...comparison.gone.slice(0, MAX_LISTED).map((c) => changeLine(c, mask)),
      '',
    );
  return `${out.join('\n')}\n`;
}

function failureLines(r: KeptResult, mask: SecretMask): string[] {
  const where = `${r.case.file}:${r.case.line}`;
  const lines = [`- **${markdownText(mask.text(`${r.case.file} › ${r.case.title}`))}** (${markdownText(where)})`];
  for (const f of r.failures) lines.push(`  - ${markdownText(mask.text(f.message), 500)}`);
  if (r.outcome === 'error' && r.error) lines.push(`  - ${markdownText(mask.text(r.error), 500)}`);
  if (r.runs) lines.push(`  - runs: ${r.runs.map((x) => (x.outcome === 'passed' ? '✔' : '✘')).join(' ')}`);
  if (r.judge) lines.push(`  - ${markdownText(mask.text(verdictText(r.judge)), 500)}`);
  if (r.view?.debugUrl) lines.push(`  - debug: ${markdownText(mask.text(r.view.debugUrl))}`);
  return lines;
}
