import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findSavedWorkflow, runOptionsOf } from '../core/config/workflowsFile';
import { JunitWriter } from '../core/testing/junit';
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

  --reporter console|junit   junit writes JUnit XML to --output (console output still shows progress)
  --output <file>            where the JUnit report goes
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

exit codes: 0 all passed, 1 a case failed, 2 bad input or configuration, or no case selected`;

/** Runs `coze-workflows test`; resolves with the exit code. Every line it writes, the report's too, has the token masked. */
export async function testCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...SERVER_FLAGS,
        reporter: { type: 'string', default: 'console' },
        output: { type: 'string' },
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
  if (f.reporter !== 'console' && f.reporter !== 'junit') throw new UsageError(`--reporter takes console or junit (got "${f.reporter}")`);
  if (f.reporter === 'junit' && !f.output) throw new UsageError('--reporter junit needs --output <file>');
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
  // each result is reported as it comes and then let go: the summary keeps only what did not pass
  const junit = f.output ? new JunitWriter(io.mask) : undefined;
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
    onCaseEnd: (r) => {
      reporter.end(r);
      junit?.add(r);
    },
  })
    .catch((e: unknown) => {
      junit?.dispose();
      throw e;
    })
    .finally(() => clients.close());
  reporter.summary(summary);
  if (f.output) await junit?.write(resolve(io.cwd, f.output), summary);
  // CI that ran nothing is not green: a pattern with a typo, or an empty folder, says so
  const t = summary.totals;
  if (t.passed + t.failed + t.errors + t.skipped === 0 && !summary.stoppedBecause && !f['pass-with-no-tests']) {
    const by = [f.grep !== undefined ? `--grep ${JSON.stringify(f.grep)}` : '', f.shard ? `--shard ${f.shard}` : ''].filter(Boolean).join(' and ');
    io.out(
      `no case matched${by ? ` ${by}` : ''} in ${files.length} file(s): --grep matches "file › name", the way each case is printed; --pass-with-no-tests allows an empty run`,
    );
    return 2;
  }
  if (summary.stoppedBecause?.startsWith("Coze's daily limit")) return 1;
  return summary.totals.failed + summary.totals.errors > 0 ? 1 : 0;
}
