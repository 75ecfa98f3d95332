import { createHash } from 'node:crypto';
import { executeIdOf } from '../../model/runState';
import { outputText } from '../../run/output';
import type { SecretMask } from '../../secretMask';
import type { Change, Comparison } from '../baseline';
import { verdictText } from '../judge';
import type { CaseResult, SuiteSummary } from '../suiteRunner';
import { headline, seconds } from './reportText';
import { ScratchReport } from './scratchReport';

/** The most of an output or a node's text a case shows: a report of 10,000 cases stays small and quick. */
const MAX_SHOWN = 4000;

/** Untrusted text as HTML text: nothing in it becomes markup. */
export function htmlText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const clip = (s: string) => (s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s);

const STYLE = `
:root{color-scheme:light dark;font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif}
body{margin:0 auto;max-width:1100px;padding:16px 20px}
h1{font-size:20px;margin:0 0 12px}
table.totals{border-collapse:collapse;margin:0 0 16px}
table.totals td,table.totals th{border:1px solid #8884;padding:4px 12px;text-align:right}
section{margin:16px 0}
details{border:1px solid #8883;border-radius:4px;margin:4px 0;padding:4px 8px;content-visibility:auto;contain-intrinsic-size:auto 32px}
summary{cursor:pointer;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.passed>summary::before{content:"✔ ";color:#2a7}
.failed>summary::before,.error>summary::before{content:"✘ ";color:#d33}
.skipped>summary::before{content:"– ";color:#888}
.meta{color:#888;font-size:12px}
pre{white-space:pre-wrap;word-break:break-word;background:#8881;padding:6px;margin:4px 0;max-height:24em;overflow:auto}
.change{color:#d80}.regression{color:#d33;font-weight:600}.fix{color:#2a7}
`;

/**
 * A report in one HTML file: no script, nothing loaded from anywhere (its CSP allows only its own style),
 * every text from a workflow escaped. The summary comes first, then every case; cases are written to a
 * scratch file as they end, so a suite of any size is never held in memory.
 */
export class HtmlReport {
  private readonly scratch = new ScratchReport('coze-html-');

  constructor(private readonly mask: SecretMask) {}

  add(r: CaseResult, changes: readonly Change[] = []): void {
    this.scratch.append('cases.html', this.caseHtml(r, changes));
  }

  async write(path: string, summary: SuiteSummary, comparison?: Comparison): Promise<void> {
    await this.scratch.write(path, async (put, copy) => {
      await put(this.head(summary, comparison));
      await put('<section><h2>Cases</h2>\n');
      await copy('cases.html');
      await put('</section>\n</body>\n</html>\n');
    });
  }

  dispose(): void {
    this.scratch.dispose();
  }

  private text(s: string): string {
    return htmlText(this.mask.text(s));
  }

  private head(summary: SuiteSummary, comparison?: Comparison): string {
    const t = summary.totals;
    const hash = createHash('sha256').update(STYLE).digest('base64');
    const title = headline(summary, comparison);
    const list = (name: string, cls: string, changes: readonly Change[]) =>
      changes.length
        ? `<section><h2>${name} (${changes.length})</h2><ul>${changes
            .map(
              (c) =>
                `<li class="${cls}">${this.text(`${c.file} › ${c.title}`)}${c.before || c.after ? `: ${this.text(c.before ?? '–')} → ${this.text(c.after ?? '–')}` : ''}${cls === 'change' ? ` (${c.kind})` : ''}</li>`,
            )
            .join('')}</ul></section>\n`
        : '';
    return [
      '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${hash}'">\n`,
      '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
      `<title>${this.text(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n`,
      `<h1>${this.text(title)}</h1>\n`,
      '<table class="totals"><tr><th>passed</th><th>failed</th><th>skipped</th><th>regressions</th><th>fixes</th><th>time</th><th>tokens</th></tr>',
      `<tr><td>${t.passed}</td><td>${t.failed + t.errors}</td><td>${t.skipped}</td><td>${comparison ? comparison.regressions.length : '–'}</td><td>${comparison ? comparison.fixes.length : '–'}</td><td>${seconds(summary.durationMs)}</td><td>${t.tokens}</td></tr></table>\n`,
      summary.stoppedBecause ? `<p class="regression">Stopped: ${this.text(summary.stoppedBecause)}</p>\n` : '',
      comparison ? list('Regressions', 'regression', comparison.regressions) : '',
      comparison ? list('Fixed', 'fix', comparison.fixes) : '',
      comparison ? list('Changes beyond noise', 'change', comparison.changes) : '',
      comparison ? list('Gone since the baseline', 'change', comparison.gone) : '',
    ].join('');
  }

  private caseHtml(r: CaseResult, changes: readonly Change[]): string {
    const v = r.view;
    const bits: string[] = [];
    for (const f of r.failures)
      bits.push(
        `<p>${this.text(`${r.case.file}:${f.line}: ${f.message}`)}</p><pre>expected: ${this.text(f.expected)}\nactual:   ${this.text(clip(f.actual))}</pre>`,
      );
    if (r.outcome === 'error' && r.error) bits.push(`<pre>${this.text(r.error)}</pre>`);
    if (r.runs)
      bits.push(
        `<p>runs: ${r.runs.map((x) => (x.outcome === 'passed' ? '✔' : '✘')).join(' ')} (${r.runs.filter((x) => x.outcome === 'passed').length}/${r.runs.length})</p>`,
      );
    if (r.judge) bits.push(`<p>${this.text(verdictText(r.judge))}</p>`);
    for (const c of changes)
      bits.push(
        `<p class="${c.kind === 'regression' ? 'regression' : c.kind === 'fix' ? 'fix' : 'change'}">since the baseline (${c.kind}): ${this.text(c.before ?? '–')} → ${this.text(c.after ?? '–')}</p>`,
      );
    const output = outputText(v?.output);
    if (output !== undefined) bits.push(`<p class="meta">output</p><pre>${this.text(clip(output))}</pre>`);
    for (const n of v?.nodes ?? []) if (!n.isEnd && n.text) bits.push(`<p class="meta">${this.text(n.title)}</p><pre>${this.text(clip(n.text))}</pre>`);
    const meta = [
      seconds(r.durationMs),
      r.tokens ? `${r.tokens} tokens` : '',
      v && executeIdOf(v) ? `execute_id ${executeIdOf(v)}` : '',
      v?.logid ? `logid ${v.logid}` : '',
      v?.debugUrl ? `debug ${v.debugUrl}` : '',
    ].filter(Boolean);
    bits.push(`<p class="meta">${this.text(meta.join(' · '))}</p>`);
    const regressed = changes.some((c) => c.kind === 'regression');
    const open = r.outcome === 'failed' || r.outcome === 'error' ? ' open' : '';
    return `<details class="${r.outcome}"${open}><summary>${this.text(`${r.case.file} › ${r.case.title}`)}${regressed ? ' <span class="regression">regression</span>' : ''} <span class="meta">${seconds(r.durationMs)}</span></summary>${bits.join('')}</details>\n`;
  }
}
