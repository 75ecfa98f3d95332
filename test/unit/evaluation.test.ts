// Evaluation through `coze-workflows test` (the built CLI, spawned) against the local server on both
// dialects: a workflow judges the output (pass, fail, no score), repeats with a pass rate over a workflow
// whose answer alternates, a results file and a baseline with one regression and one fix, the HTML and
// Markdown reports (a hostile output stays text), the token budget and the version on the wire.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TOKENS, WORKFLOWS } from '../server/index';
import { useServers } from './support/servers';

const CLI = resolve(__dirname, '../../../dist/cli.js');
const TOKEN = `${TOKENS.valid}_eval_${process.pid}`;

function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', COZE_API_TOKEN: TOKEN, ...env }, encoding: 'utf8' },
      (error, out, err) => done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: out + err }),
    );
  });
}

const WORKFLOWS_JSON = JSON.stringify({
  workflows: [
    { id: WORKFLOWS.helloStream, name: 'greet' },
    { id: WORKFLOWS.grader, name: 'grader' },
    { id: WORKFLOWS.graderNoScore, name: 'forgetful_grader' },
    { id: WORKFLOWS.flaky, name: 'flaky' },
    { id: WORKFLOWS.singleChunk, name: 'echo' },
  ],
});

const JUDGED = `judge: grader
cases:
  - name: greets by name
    workflow: greet
    parameters: { name: 小明 }
    expect:
      judge: { rubric: 'Says "Hello" and "小明".', threshold: 0.9 }
  - name: mentions a refund
    workflow: greet
    parameters: { name: Ada }
    expect:
      judge: { rubric: 'Says "Hello" and explains the "refund".', threshold: 0.7 }
  - name: a judge that forgets its score
    workflow: greet
    parameters: { name: Bo }
    expect:
      judge: { workflow: forgetful_grader, rubric: 'Says "Hello".' }
`;

describe('evaluation: judges, repeats, baselines and reports (the CLI, spawned)', function () {
  const servers = useServers();
  let dir: string;
  const tests = () => join(dir, '.coze', 'tests');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coze-eval-'));
    mkdirSync(tests(), { recursive: true });
    writeFileSync(join(dir, '.coze', 'workflows.json'), WORKFLOWS_JSON);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const on = (dialect: 'cloud' | 'studio') => ['--base-url', servers[dialect].url, '--dialect', dialect];

  for (const dialect of ['cloud', 'studio'] as const) {
    it(`${dialect}: a judge passes a case, fails one below its threshold with its score, reason and run, and never passes a case it gave no score`, async () => {
      writeFileSync(join(tests(), 'judged.test.yaml'), JUDGED);
      const r = await cli(['test', ...on(dialect), '--reporter', 'junit:results.xml'], dir);
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /✔ \.coze\/tests\/judged\.test\.yaml › greets by name/);
      assert.match(r.out, /✘ \.coze\/tests\/judged\.test\.yaml › mentions a refund/);
      assert.match(r.out, /the judge "grader" scored 0\.50, below the threshold 0\.70: missing "refund" \(judge run: http[^)]+\)/);
      assert.match(r.out, /judge grader: 0\.50 \(needs 0\.70\) · missing "refund" · http/);
      assert.match(r.out, /✘ \.coze\/tests\/judged\.test\.yaml › a judge that forgets its score/);
      assert.match(
        r.out,
        /the judge "forgetful_grader" returned no score: no "score" in its output; reason: I read the answer but forgot to give it a score \(judge run: /,
      );
      assert.match(r.out, /1 passed, 2 failed/);
      // the judge's parameters on the wire: output, rubric, the case's input as JSON text
      const judged = servers[dialect].requests.filter((q) => JSON.stringify(q.body ?? '').includes(WORKFLOWS.grader));
      assert.equal(judged.length, 2, 'one judge run per judged case that ran (the forgetful one is another workflow)');
      const params = JSON.parse(JSON.stringify(judged[0]!.body)) as { parameters: unknown };
      const p = (typeof params.parameters === 'string' ? JSON.parse(params.parameters) : params.parameters) as Record<string, string>;
      assert.deepEqual(Object.keys(p).sort(), ['input', 'output', 'rubric']);
      assert.match(p.output!, /^Hello, /);
      const xml = readFileSync(join(dir, 'results.xml'), 'utf8');
      assert.match(
        xml,
        /<property name="judge_score" value="0\.50"\/><property name="judge_threshold" value="0\.70"\/><property name="judge_reason" value="missing &quot;refund&quot;"\/>/,
      );
    });

    it(`${dialect}: repeat 4 over a workflow that alternates: 2 of 4 pass; passRate 0.5 passes, the default (all) fails and shows each run`, async () => {
      writeFileSync(
        join(tests(), 'flaky.test.yaml'),
        `repeat: 4
cases:
  - name: steady half the time
    workflow: flaky
    passRate: 0.5
    expect: { output: { equals: steady } }
  - name: steady every time
    workflow: flaky
    expect: { output: { equals: steady } }
`,
      );
      const r = await cli(['test', ...on(dialect), '--concurrency', '1', '--save-results', 'results.jsonl'], dir);
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /✔ \.coze\/tests\/flaky\.test\.yaml › steady half the time \([\d.]+ s · 2\/4 runs passed\)/);
      assert.match(r.out, /✘ \.coze\/tests\/flaky\.test\.yaml › steady every time \([\d.]+ s · 2\/4 runs passed\)/);
      assert.match(r.out, /passed 2 of 4 runs; 4 must pass \(passRate 1\)/);
      assert.match(r.out, /runs: ✔ ✘ ✔ ✘/);
      assert.equal(servers[dialect].requests.filter((q) => /\/(stream_run)$/.test(q.path)).length, 8, 'eight runs, each a request');
      const lines = readFileSync(join(dir, 'results.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.deepEqual(
        lines.map((l) => [l.case, l.status, l.runs]),
        [
          ['steady half the time', 'passed', { passed: 2, of: 4, outcomes: ['passed', 'failed', 'passed', 'failed'] }],
          ['steady every time', 'failed', { passed: 2, of: 4, outcomes: ['passed', 'failed', 'passed', 'failed'] }],
        ],
      );
    });
  }

  it('a results file, then a baseline: one regression and one fix, and --fail-on regression follows regressions only', async () => {
    const suite = (a: string, b: string) => `cases:
  - name: first
    workflow: echo
    parameters: { text: ${a} }
    expect: { output: { equals: ok } }
  - name: second
    workflow: echo
    parameters: { text: ${b} }
    expect: { output: { equals: ok } }
  - name: third always fails
    workflow: echo
    parameters: { text: nope }
    expect: { output: { equals: ok } }
`;
    writeFileSync(join(tests(), 'base.test.yaml'), suite('ok', 'no'));
    const before = await cli(['test', ...on('cloud'), '--save-results', 'before.jsonl'], dir);
    assert.equal(before.code, 1, before.out);
    const saved = readFileSync(join(dir, 'before.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(saved.length, 3);
    const first = saved.find((l) => l.case === 'first')!;
    assert.equal(first.status, 'passed');
    assert.equal(first.output, 'ok');
    assert.match(String(first.executeId), /^\d{19}$/, 'the execute_id, every digit');
    assert.equal(typeof first.debugUrl, 'string');
    assert.equal(typeof first.tokens, 'number');

    writeFileSync(join(tests(), 'base.test.yaml'), suite('no', 'ok'));
    const after = await cli(['test', ...on('cloud'), '--baseline', 'before.jsonl', '--reporter', 'html:report.html', '--reporter', 'markdown:summary.md'], dir);
    assert.equal(after.code, 1, 'any failure fails by default');
    assert.match(after.out, /REGRESSION \(passed in the baseline\)/);
    assert.match(after.out, /against the baseline: 1 regression\(s\), 1 fix\(es\)/);
    assert.match(after.out, /regression: \.coze\/tests\/base\.test\.yaml › first: passed → failed/);
    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    assert.ok(md.indexOf('### Regressions (1)') < md.indexOf('### Failures (2)'), 'regressions first');
    assert.match(md, /### Fixed \(1\)/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    assert.match(html, /<h2>Regressions \(1\)<\/h2>/);

    const gate = await cli(['test', ...on('cloud'), '--baseline', 'before.jsonl', '--fail-on', 'regression'], dir);
    assert.equal(gate.code, 1, 'a regression fails the gate');
    writeFileSync(join(tests(), 'base.test.yaml'), suite('ok', 'ok'));
    const fixed = await cli(['test', ...on('cloud'), '--baseline', 'before.jsonl', '--fail-on', 'regression'], dir);
    assert.match(fixed.out, /1 passed|2 passed/);
    assert.equal(fixed.code, 0, `the old failure ("third") is no regression: ${fixed.out}`);
    // a case renamed is one gone and one new; with --grep, a case that did not run is not gone
    writeFileSync(join(tests(), 'base.test.yaml'), suite('ok', 'ok').replace('third always fails', 'third, renamed'));
    const renamed = await cli(['test', ...on('cloud'), '--baseline', 'before.jsonl'], dir);
    assert.match(renamed.out, /, 1 new, 1 gone/);
    assert.match(renamed.out, /gone: \.coze\/tests\/base\.test\.yaml › third always fails: failed → –/);
    const narrowed = await cli(['test', ...on('cloud'), '--baseline', 'before.jsonl', '--grep', 'first'], dir);
    assert.match(narrowed.out, /, 0 new, 0 gone/);
  });

  it('the HTML and Markdown reports show a hostile output as text, load nothing, and hold no token', async () => {
    const hostile = `<img src=x onerror=alert(1)><script>alert(2)</script>[click](javascript:alert(3)) ${TOKEN}`;
    writeFileSync(
      join(tests(), 'hostile.test.yaml'),
      `cases:\n  - name: "<b>bold</b> name"\n    workflow: echo\n    parameters: { text: ${JSON.stringify(hostile)} }\n    expect: { output: { equals: fine } }\n`,
    );
    const r = await cli(['test', ...on('studio'), '--reporter', 'html:report.html', '--reporter', 'markdown:summary.md'], dir);
    assert.equal(r.code, 1, r.out);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    assert.doesNotMatch(html, /<img|<script|<b>/i, 'no markup from the workflow or the test file');
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;&lt;script&gt;/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'sha256-/);
    assert.doesNotMatch(html, /<script|src=["']?http|href=/i);
    assert.ok(!html.includes(TOKEN) && !html.includes(TOKENS.valid), 'the token is masked');
    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    assert.doesNotMatch(md, /<img|<script|\]\(javascript/i);
    assert.ok(!md.includes(TOKEN), 'the token is masked');
  });

  it('markdown appends to $GITHUB_STEP_SUMMARY and prints without a file; bad flags and a broken baseline exit 2 with what to do', async () => {
    writeFileSync(
      join(tests(), 'one.test.yaml'),
      'cases:\n  - name: one\n    workflow: echo\n    parameters: { text: ok }\n    expect: { output: { equals: ok } }\n',
    );
    writeFileSync(join(dir, 'step.md'), 'an earlier step\n');
    const r = await cli(['test', ...on('cloud'), '--reporter', `markdown:${join(dir, 'step.md')}`], dir, { GITHUB_STEP_SUMMARY: join(dir, 'step.md') });
    assert.equal(r.code, 0, r.out);
    const step = readFileSync(join(dir, 'step.md'), 'utf8');
    assert.ok(step.startsWith('an earlier step\n## Coze workflow tests: ✔ 1 passed'), step);
    const printed = await cli(['test', ...on('cloud'), '--reporter', 'markdown'], dir);
    assert.match(printed.out, /^## Coze workflow tests: ✔ 1 passed$/m);
    const usage = async (args: string[], says: RegExp) => {
      const u = await cli(['test', ...on('cloud'), ...args], dir);
      assert.equal(u.code, 2, u.out);
      assert.match(u.out, says);
    };
    await usage(['--fail-on', 'regression'], /--fail-on regression needs --baseline <file>/);
    await usage(['--repeat', '0'], /--repeat takes a whole number from 1 to 100 \(got "0"\)/);
    await usage(['--reporter', 'html'], /--reporter html needs a file: --reporter html:<file>, or --output <file>/);
    await usage(['--reporter', 'pdf:x.pdf'], /--reporter takes console, junit, html or markdown \(got "pdf"\)/);
    await usage(['--workflow-version', 'greet'], /--workflow-version takes workflow=version/);
    writeFileSync(join(dir, 'broken.jsonl'), '{"id":"a","status":"passed"}\n{"id": "b", "status": "perhaps"}\n');
    await usage(['--baseline', 'broken.jsonl'], /--baseline: .*broken\.jsonl:2: not a result line of --save-results/);
    await usage(['--baseline', 'missing.jsonl'], /--baseline: missing\.jsonl does not exist \(a run with --save-results missing\.jsonl writes it\)/);
  });

  it('--max-tokens stops the suite once its runs used more, says so, and exits 1', async () => {
    writeFileSync(
      join(tests(), 'many.test.yaml'),
      `cases:\n${Array.from({ length: 6 }, (_, i) => `  - name: c${i}\n    workflow: greet\n    parameters: { name: n${i} }\n`).join('')}`,
    );
    const r = await cli(['test', ...on('cloud'), '--concurrency', '1', '--max-tokens', '100'], dir);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /stopped: The token budget \(--max-tokens 100\) was passed: the runs used 126 tokens\. The remaining cases were not run\./);
    assert.match(r.out, /^3 passed, 0 failed/m);
  });

  it("workflowVersion (and --workflow-version) is the dialect's own field on the wire", async () => {
    writeFileSync(join(tests(), 'v.test.yaml'), `workflowVersion: v0.0.1\ncases:\n  - name: pinned\n    workflow: greet\n    parameters: { name: V }\n`);
    for (const dialect of ['cloud', 'studio'] as const) {
      assert.equal((await cli(['test', ...on(dialect)], dir)).code, 0);
      const body = servers[dialect].requests.find((q) => q.path.endsWith('stream_run'))!.body as Record<string, unknown>;
      assert.equal(dialect === 'cloud' ? body.workflow_version : body.version, 'v0.0.1');
      assert.equal(dialect === 'cloud' ? body.version : body.workflow_version, undefined);
      servers[dialect].clearRequests();
      assert.equal((await cli(['test', ...on(dialect), '--workflow-version', 'greet=v0.0.2'], dir)).code, 0);
      const flagged = servers[dialect].requests.find((q) => q.path.endsWith('stream_run'))!.body as Record<string, unknown>;
      assert.equal(dialect === 'cloud' ? flagged.workflow_version : flagged.version, 'v0.0.2', 'the flag wins over the file');
    }
  });
});
