import type { SecretMask } from '../../secretMask';
import type { KeptResult, SuiteSummary } from '../suiteRunner';
import { ScratchReport } from './scratchReport';

/** Whether XML 1.0 can hold a character at all (control characters but tab and line breaks, U+FFFE/U+FFFF cannot). */
const xmlChar = (c: string) => {
  const n = c.codePointAt(0) ?? 0;
  return n === 0x9 || n === 0xa || n === 0xd || (n >= 0x20 && n !== 0xfffe && n !== 0xffff);
};

const escapeXml = (s: string) =>
  [...s]
    .filter(xmlChar)
    .join('')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** A testcase element; every text in it is masked before it is escaped. */
function testcase(r: KeptResult, mask: SecretMask): string {
  const xml = (s: string) => escapeXml(mask.text(s));
  const props = [
    r.view?.debugUrl ? `<property name="debug_url" value="${xml(r.view.debugUrl)}"/>` : '',
    r.view?.logid ? `<property name="logid" value="${xml(r.view.logid)}"/>` : '',
    r.retries > 0 ? `<property name="rate_limit_retries" value="${r.retries}"/>` : '',
    r.connectionRetries > 0 ? `<property name="connection_retries" value="${r.connectionRetries}"/>` : '',
    r.workflowId ? `<property name="workflow_id" value="${xml(r.workflowId)}"/>` : '',
    r.tokens > 0 ? `<property name="tokens" value="${r.tokens}"/>` : '',
    r.runs ? `<property name="runs_passed" value="${r.runs.filter((x) => x.outcome === 'passed').length}/${r.runs.length}"/>` : '',
    r.judge?.score !== undefined ? `<property name="judge_score" value="${r.judge.score.toFixed(2)}"/>` : '',
    r.judge ? `<property name="judge_threshold" value="${r.judge.threshold.toFixed(2)}"/>` : '',
    r.judge?.reason ? `<property name="judge_reason" value="${xml(r.judge.reason)}"/>` : '',
    r.judge?.debugUrl ? `<property name="judge_debug_url" value="${xml(r.judge.debugUrl)}"/>` : '',
  ].filter(Boolean);
  const inner: string[] = [];
  if (props.length) inner.push(`      <properties>${props.join('')}</properties>`);
  for (const f of r.failures) {
    inner.push(
      `      <failure message="${xml(f.message)}" type="expectation">${xml(`${r.case.file}:${f.line}: ${f.message}\nexpected: ${f.expected}\nactual:   ${f.actual}`)}</failure>`,
    );
  }
  if (r.outcome === 'error') inner.push(`      <error message="${xml(r.error ?? 'error')}" type="error">${xml(r.error ?? '')}</error>`);
  if (r.outcome === 'skipped') inner.push(`      <skipped message="${xml(r.error ?? 'not run')}"/>`);
  const open = `    <testcase name="${xml(r.case.title)}" classname="${xml(r.case.file)}" file="${xml(r.case.file)}" line="${r.case.line}" time="${seconds(r.durationMs)}"`;
  return inner.length ? `${open}>\n${inner.join('\n')}\n    </testcase>` : `${open}/>`;
}

interface SuiteCounts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  timeMs: number;
}

const countsOf = (rs: Iterable<KeptResult>): SuiteCounts => {
  const c: SuiteCounts = { tests: 0, failures: 0, errors: 0, skipped: 0, timeMs: 0 };
  for (const r of rs) add(c, r);
  return c;
};
function add(c: SuiteCounts, r: KeptResult): void {
  c.tests++;
  c.timeMs += r.durationMs;
  if (r.outcome === 'failed') c.failures++;
  if (r.outcome === 'error') c.errors++;
  if (r.outcome === 'skipped') c.skipped++;
}
const suiteOpen = (file: string, c: SuiteCounts, mask: SecretMask) =>
  `  <testsuite name="${escapeXml(mask.text(file))}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${seconds(c.timeMs)}">\n`;
const rootOpen = (summary: Pick<SuiteSummary, 'totals' | 'durationMs'>) => {
  const t = summary.totals;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="coze-workflows" tests="${t.passed + t.failed + t.errors + t.skipped}" failures="${t.failed}" errors="${t.errors}" skipped="${t.skipped}" time="${seconds(summary.durationMs)}">\n`;
};

/** JUnit XML: one testsuite per test file, one testcase per case or dataset row (from results kept in memory). */
export function junitReport(summary: SuiteSummary, mask: SecretMask): string {
  const byFile = new Map<string, KeptResult[]>();
  for (const r of summary.results) {
    const list = byFile.get(r.case.file);
    if (list) list.push(r);
    else byFile.set(r.case.file, [r]);
  }
  const suites = [...byFile].map(([file, rs]) => `${suiteOpen(file, countsOf(rs), mask)}${rs.map((r) => testcase(r, mask)).join('\n')}\n  </testsuite>`);
  return `${rootOpen(summary)}${suites.join('\n')}\n</testsuites>\n`;
}

/**
 * The same report, written as the cases end: each testcase goes to a scratch file of its test file at once,
 * and `write` puts the report together at the end. Memory stays flat whatever the number of rows (the
 * testsuite's counts, which open it, are known only at the end).
 */
export class JunitWriter {
  private readonly scratch = new ScratchReport('coze-junit-');
  private readonly suites = new Map<string, { part: string; counts: SuiteCounts }>();

  /** Everything a testcase says (a failure's expected and actual text, an error, a debug URL) goes through `mask`. */
  constructor(private readonly mask: SecretMask) {}

  add(r: KeptResult): void {
    let suite = this.suites.get(r.case.file);
    if (!suite) {
      suite = { part: `${this.suites.size}.xml`, counts: countsOf([]) };
      this.suites.set(r.case.file, suite);
    }
    add(suite.counts, r);
    this.scratch.append(suite.part, `${testcase(r, this.mask)}\n`);
  }

  async write(path: string, summary: Pick<SuiteSummary, 'totals' | 'durationMs'>): Promise<void> {
    await this.scratch.write(path, async (put, copy) => {
      await put(rootOpen(summary));
      for (const [file, { part, counts }] of this.suites) {
        await put(suiteOpen(file, counts, this.mask));
        await copy(part);
        await put('  </testsuite>\n');
      }
      await put('</testsuites>\n');
    });
  }

  dispose(): void {
    this.scratch.dispose();
  }
}
