import { appendFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findSavedWorkflow, runOptionsOf } from '../core/config/workflowsFile';
import { Baseline, type Change } from '../core/testing/baseline';
import { HtmlReport } from '../core/testing/reports/htmlReport';
import { JunitWriter } from '../core/testing/reports/junit';
import { markdownReport } from '../core/testing/reports/markdownReport';
import { ResultsFileError, ResultsWriter, resultLine } from '../core/testing/resultsFile';
import { MAX_REPEAT } from '../core/testing/testFile';
import { parseShard } from '../core/testing/shard';
import { SUITE_LIMITS, type SuiteLimit } from '../core/testing/suiteLimits';
import { runSuite } from '../core/testing/suiteRunner';
import { ConsoleReporter } from './consoleReporter';
import type { CliIo } from './cliIo';
import { ServerClients } from './serverClients';
import { SERVER_FLAGS, serverConfig, serverFor, UsageError } from './serverOptions';
import { findTestFiles, loadTestFiles } from './testFiles';
import { RunUploads } from './uploads';
import { loadSavedWorkflows } from './workflowsJson';

export const TEST_HELP = `coze-workflows test [paths…]   run the workflow test suites (.coze/tests by default)

  --reporter <name[:file]>   console, junit, html or markdown; repeat it for several at once, e.g.
                             --reporter junit:results.xml --reporter html:report.html --reporter markdown:summary.md
                             (markdown appends to $GITHUB_STEP_SUMMARY when given that file; without a file it prints)
  --output <file>            where --reporter junit or html goes when it names no file
  --save-results <file>      one JSON line per case or row (status, output, node texts, time, tokens, judge, ids)
  --baseline <file>          compare with a saved --save-results: regressions, fixes, changes beyond noise, new, gone
  --fail-on any|regression   what makes the exit code 1: any failure (default), or only regressions against --baseline
  --repeat <n>               run every case n times (1 to ${MAX_REPEAT}), over the files' repeat; passRate decides
  --max-tokens <n>           stop the suite once its runs (judges included) have used more than n tokens
  --workflow-version <w=v>   run workflow w (a saved name or an id, as the cases name it) at published version v
  --concurrency <n>          cases at a time, 1 to 64 (default 4)
  --qps <n>                  runs started per second at most, 0 (no pacing) to 500 (default 10)
  --grep <regex>             only the cases whose "file › name" matches, as the lines below print it
                             (e.g. --grep "greet.test.yaml › says hello"); a run that selects no case exits 2
  --pass-with-no-tests       exit 0 when nothing is selected (a shard that may be empty)
  --bail                     stop after the first case that does not pass
  --shard <i/n>              only shard i of n (a deterministic split: the n shards run every case once)
  --workflows <file>         saved workflows (default .coze/workflows.json)
  --root <folder>            file inputs and datasets must stay inside it, links followed (default: the current folder)
  --base-url <url> --dialect cloud|studio, or --region cn|com (default cn); or COZE_BASE_URL, COZE_DIALECT
                             a flag wins over the environment; the first line says which server and why
  token: COZE_API_TOKEN

exit codes: 0 all passed, 1 a case failed (or regressed, with --fail-on regression), or the daily limit or
            --max-tokens stopped the suite, 2 bad input or configuration, or no case selected`;

/** Runs `coze-workflows test`; resolves with the exit code. Every line it writes, the report's too, has the token masked. */
export async function testCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...SERVER_FLAGS,
        reporter: { type: 'string', multiple: true },
        output: { type: 'string' },
        'save-results': { type: 'string' },
        baseline: { type: 'string' },
        'fail-on': { type: 'string', default: 'any' },
        repeat: { type: 'string' },
        'max-tokens': { type: 'string' },
        'workflow-version': { type: 'string', multiple: true },
        concurrency: { type: 'string', default: '4' },
        qps: { type: 'string', default: '10' },
        grep: { type: 'string' },
        bail: { type: 'boolean' },
        'pass-with-no-tests': { type: 'boolean' },
        shard: { type: 'string' },
        workflows: { type: 'string' },
        root: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const f = parsed.values;
  if (f.help) {
    io.out(TEST_HELP);
    return 0;
  }
  // the same bounds as the editor's settings: a flag outside them is a mistake to report, not to clamp
  const limit = (name: SuiteLimit, v: string) => {
    const { min, max } = SUITE_LIMITS[name];
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max || (name === 'concurrency' && !Number.isInteger(n)))
      throw new UsageError(`--${name} takes a number from ${min} to ${max} (got "${v}")`);
    return n;
  };
  const concurrency = limit('concurrency', f.concurrency ?? '4');
  const qps = limit('qps', f.qps ?? '10');
  const reporters = readReporters(f.reporter ?? [], f.output);
  if (f['fail-on'] !== 'any' && f['fail-on'] !== 'regression') throw new UsageError(`--fail-on takes any or regression (got "${f['fail-on']}")`);
  if (f['fail-on'] === 'regression' && !f.baseline) throw new UsageError('--fail-on regression needs --baseline <file> to know what regressed');
  const whole = (name: string, v: string | undefined, min: number, max: number) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n) || n < min || n > max)
      throw new UsageError(`--${name} takes a whole number from ${min} to ${max} (got "${v}")`);
    return n;
  };
  const repeat = whole('repeat', f.repeat, 1, MAX_REPEAT);
  const maxTokens = whole('max-tokens', f['max-tokens'], 1, Number.MAX_SAFE_INTEGER);
  const versions = new Map<string, string>();
  for (const pair of f['workflow-version'] ?? []) {
    const at = pair.lastIndexOf('=');
    if (at <= 0 || at === pair.length - 1) throw new UsageError(`--workflow-version takes workflow=version, e.g. greet=v0.0.3 (got "${pair}")`);
    versions.set(pair.slice(0, at), pair.slice(at + 1));
  }
  const shard = f.shard ? parseShard(f.shard) : undefined;
  if (typeof shard === 'string') throw new UsageError(shard);
  let grep: RegExp | undefined;
  try {
    grep = f.grep ? new RegExp(f.grep) : undefined;
  } catch (e) {
    throw new UsageError(`--grep: ${(e as Error).message}`);
  }
  const server = serverConfig(f, io.env);
  const root = resolve(io.cwd, f.root ?? '.');
  const { files, problems } = await loadTestFiles(await findTestFiles(parsed.positionals, io.cwd), io.cwd);
  if (problems.length) {
    for (const p of problems) io.out(p);
    return 2;
  }
  const saved = await loadSavedWorkflows(f.workflows, io.cwd);
  const clients = new ServerClients(server, 'coze-workflows-cli');
  const uploads = new RunUploads();
  const reporter = new ConsoleReporter(io.out);
  let baseline: Baseline | undefined;
  try {
    baseline = f.baseline ? await Baseline.load(resolve(io.cwd, f.baseline)) : undefined;
  } catch (e) {
    if (e instanceof ResultsFileError) throw new UsageError(`--baseline: ${e.message}`);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new UsageError(`--baseline: ${f.baseline} does not exist (a run with --save-results ${f.baseline} writes it)`);
    throw e;
  }
  // each result is reported as it comes and then let go: the summary keeps only what did not pass
  const junit = reporters.junit ? new JunitWriter(io.mask) : undefined;
  const html = reporters.html ? new HtmlReport(io.mask) : undefined;
  const results = f['save-results'] ? new ResultsWriter(resolve(io.cwd, f['save-results']), io.mask) : undefined;
  io.out(`coze-workflows test: ${files.length} file(s) against ${server.name} (from ${server.source})`);
  const summary = await runSuite(files, {
    keep: 'notPassed',
    clientFor: async (environment) => {
      const client = await clients.for(environment);
      return { client, environment: { id: client.baseUrl, name: serverFor(environment, server).name, dialect: client.dialect } };
    },
    resolveWorkflow: (ref) => {
      const { workflowId, saved: w } = findSavedWorkflow(saved, ref);
      return { workflowId, options: w ? runOptionsOf(w) : {}, ...(w?.environment ? { environment: w.environment } : {}) };
    },
    encodeFile: uploads.encode,
    // a test file of a checked-out repository names files: they stay inside the folder the CLI runs in
    filesRoot: () => root,
    concurrency,
    qps,
    ...(grep ? { grep } : {}),
    ...(shard ? { shard } : {}),
    ...(f.bail ? { bail: true } : {}),
    ...(repeat ? { repeat } : {}),
    ...(maxTokens ? { maxTokens } : {}),
    ...(versions.size ? { versions } : {}),
    onCaseEnd: (r) => {
      const line = results || baseline ? resultLine(r) : undefined;
      const changes: Change[] = line && baseline ? baseline.add(line) : [];
      reporter.end(r, changes);
      junit?.add(r);
      html?.add(r, changes);
      if (line && results) results.add(line);
    },
  })
    .catch((e: unknown) => {
      junit?.dispose();
      html?.dispose();
      throw e;
    })
    .finally(async () => {
      await clients.close();
      await results?.close();
    });
  // with --grep, a shard or paths, a case of the baseline that did not run is not gone
  const complete = !grep && !shard && parsed.positionals.length === 0 && !summary.stoppedBecause;
  const comparison = baseline?.finish(complete);
  reporter.summary(summary, comparison);
  if (reporters.junit) await junit?.write(resolve(io.cwd, reporters.junit), summary);
  if (reporters.html) await html?.write(resolve(io.cwd, reporters.html), summary, comparison);
  if (reporters.markdown !== undefined) {
    const md = markdownReport(summary, io.mask, comparison);
    if (reporters.markdown === '') io.out(md);
    else if (resolve(io.cwd, reporters.markdown) === (io.env.GITHUB_STEP_SUMMARY ? resolve(io.cwd, io.env.GITHUB_STEP_SUMMARY) : undefined))
      await appendFile(resolve(io.cwd, reporters.markdown), md);
    else await writeFile(resolve(io.cwd, reporters.markdown), md);
  }
  // CI that ran nothing is not green: a pattern with a typo, or an empty folder, says so
  const t = summary.totals;
  if (t.passed + t.failed + t.errors + t.skipped === 0 && !summary.stoppedBecause && !f['pass-with-no-tests']) {
    const by = [f.grep !== undefined ? `--grep ${JSON.stringify(f.grep)}` : '', f.shard ? `--shard ${f.shard}` : ''].filter(Boolean).join(' and ');
    io.out(
      `no case matched${by ? ` ${by}` : ''} in ${files.length} file(s): --grep matches "file › name", the way each case is printed; --pass-with-no-tests allows an empty run`,
    );
    return 2;
  }
  if (f['fail-on'] === 'regression') return (comparison?.regressions.length ?? 0) > 0 ? 1 : 0;
  if (summary.stoppedBecause && summary.stoppedBecause !== 'cancelled' && !f.bail) return 1;
  return summary.totals.failed + summary.totals.errors > 0 ? 1 : 0;
}

interface Reporters {
  junit?: string;
  html?: string;
  /** '' prints it. */
  markdown?: string;
}

/** --reporter name[:file], any number of them; console always reports progress. */
function readReporters(given: readonly string[], output: string | undefined): Reporters {
  const out: Reporters = {};
  for (const r of given) {
    const at = r.indexOf(':');
    const [name, file] = at < 0 ? [r, undefined] : [r.slice(0, at), r.slice(at + 1)];
    if (name === 'console') continue;
    if (name !== 'junit' && name !== 'html' && name !== 'markdown') throw new UsageError(`--reporter takes console, junit, html or markdown (got "${name}")`);
    const target = file || (name === 'markdown' ? '' : output);
    if (target === undefined) throw new UsageError(`--reporter ${name} needs a file: --reporter ${name}:<file>, or --output <file>`);
    out[name] = target;
  }
  return out;
}
