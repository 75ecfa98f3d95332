/**
 * The test-suite benchmarks, one measurement per fresh process (its peak RSS is its own), as one JSON line.
 *   node out/test/bench/suiteBench.js <task> <impl> <json args>
 * task qps: 1,000 cases against a local cloud server that allows 50 run requests per sliding second and
 *   whose runs last 30 ms. impl ours: runSuite (the runner of the extension and the CLI) at --qps 50;
 *   impl naive: Promise.all over @coze/api's workflows.runs.stream, as a hand-written script would.
 *   With `judged`, every case is graded by the local judge workflow: 2,000 runs, all paced to the same limit.
 * task dataset: the built CLI (--reporter junit) over one case with `each:` a JSONL file of `rows` rows, every
 *   row run against a local server with no delays; the CLI's own peak RSS, reported by a preload on exit. With
 *   `evaluation`, it also streams --save-results and --reporter html.
 * task html-report: the CLI writes an HTML report of `rows` cases (every tenth failing); its path and size.
 * task cli-start: from spawning the CLI to its first request reaching a server.
 * task mcp-start: from spawning `coze-workflows mcp` to its answer to `initialize`.
 * task mcp-list: tools/list of `coze-workflows mcp` with 200 saved workflows: the first (descriptions and input
 *   schemas fetched from the server), then the median of 20 more (schemas cached), with the SDK's own client.
 * task mcp-call: a tools/call of a one-chunk workflow through `coze-workflows mcp` against a direct run of the
 *   same workflow (CozeClient + runWorkflow, the runner's path) on loopback, alternated, 30 of each: the medians
 *   and their difference, the MCP layer's overhead.
 *   Both start tasks with a code cache folder of their own (COZE_WORKFLOWS_CODE_CACHE): the first start finds it empty
 *   (cold: what a fresh CI machine pays once), the others read what it wrote (warm: every later start).
 */
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { CozeClient } from '../../src/core/client/cozeClient';
import { runSuite, type SuiteOptions } from '../../src/core/testing/suiteRunner';
import { parseTestFile, type TestFile } from '../../src/core/testing/testFile';
import { spawn, type ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { runWorkflow } from '../../src/core/run/engine';
import { TOKENS, WORKFLOWS } from '../server/index';

/**
 * The local server in its own process (out/test/server/main.js): its work and its memory (it records every
 * request) are not counted against the runner measured here.
 */
async function startServer(flags: string[]): Promise<{ url: string; child: ChildProcess; refused(): Promise<number>; close(): void }> {
  const child = spawn(process.execPath, [join(__dirname, '../server/main.js'), '--dialect', 'cloud', ...flags], { stdio: ['ignore', 'pipe', 'ignore'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const url = (JSON.parse(String(line).split('\n')[0]!) as { cloud: string }).cloud;
  return {
    url,
    child,
    refused: async () => ((await (await fetch(`${url}/_test/limits`)).json()) as { counters: { refusedQps: number } }).counters.refusedQps,
    close: () => void child.kill(),
  };
}

const [task, impl, rawArgs] = process.argv.slice(2);
const args = JSON.parse(rawArgs ?? '{}') as {
  sdkDir: string;
  cases?: number;
  qps?: number;
  rows?: number;
  concurrency?: number;
  runs?: number;
  judged?: boolean;
  evaluation?: boolean;
  keep?: string;
};

/** The built CLI, as the package ships it. */
const CLI = join(__dirname, '../../../dist/cli.js');

/** The CLI's environment in a bench folder: the token, and a code cache of that folder's own. */
/** The CLI's environment; its code cache sits beside the working folder, since one inside it is refused. */
const cliEnv = (dir: string, token: string) => ({ PATH: process.env.PATH ?? '', COZE_API_TOKEN: token, COZE_WORKFLOWS_CODE_CACHE: `${dir}-code-cache` });

/** A fresh folder whose .coze/workflows.json saves `workflows`, as `coze-workflows mcp` reads it. */
function savedWorkflowsFolder(workflows: { id: string; name: string; kind: string }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'coze-bench-mcp-'));
  mkdirSync(join(dir, '.coze'));
  writeFileSync(join(dir, '.coze', 'workflows.json'), JSON.stringify({ workflows }));
  return dir;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Start times, the first with an empty code cache (cold) and the rest reading what it wrote (warm). */
function startFigures(times: number[]): { coldMs: number; medianMs: number; minMs: number; maxMs: number; runs: number } {
  const [coldMs, ...warm] = times;
  return { coldMs: coldMs!, medianMs: median(warm), minMs: Math.min(...warm), maxMs: Math.max(...warm), runs: times.length };
}

const parse = (text: string, path: string): TestFile => {
  const r = parseTestFile(text, path);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.file;
};

function options(base: string, qps: number, concurrency: number): SuiteOptions {
  const client = new CozeClient({ baseUrl: base, token: TOKENS.valid, dialect: 'cloud', maxRetries: 8 });
  return {
    clientFor: async () => ({ client, environment: { id: 'bench', name: 'bench', dialect: 'cloud' } }),
    resolveWorkflow: (ref) => ({ workflowId: ref, options: {} }),
    encodeFile: async () => '',
    filesRoot: (testFile) => dirname(testFile),
    qps,
    concurrency,
  };
}

async function qpsTask(): Promise<Record<string, number>> {
  const n = args.cases ?? 1000;
  const qps = args.qps ?? 50;
  // single_chunk waits 120 ms before its one chunk: at a time scale of 0.25 a run lasts 30 ms
  const server = await startServer(['--time-scale', '0.25', '--qps', String(qps)]);
  try {
    const t0 = performance.now();
    if (impl === 'ours') {
      const judge = (i: number) => (args.judged ? `\n      judge: { rubric: 'Says "case ${i}".', threshold: 1 }` : '');
      const text = `${args.judged ? `judge: "${WORKFLOWS.grader}"\n` : ''}cases:\n${Array.from({ length: n }, (_, i) => `  - name: c${i}\n    workflow: "${WORKFLOWS.singleChunk}"\n    parameters: { text: "case ${i}" }\n    expect:\n      output: { contains: "case ${i}" }${judge(i)}\n`).join('')}`;
      // concurrency is not what limits a paced suite: qps × run time (50 × 30 ms) is under 2 runs at a time
      const summary = await runSuite([parse(text, 'bench.test.yaml')], options(server.url, qps, args.concurrency ?? 8));
      const ms = performance.now() - t0;
      const rateLimited = summary.results.filter(
        (r) => r.outcome !== 'passed' && /4020|4009|429|rate/i.test(`${r.view?.error?.message ?? ''} ${r.error ?? ''}`),
      ).length;
      return {
        ms,
        cases: n,
        passed: summary.totals.passed,
        failed: summary.totals.failed + summary.totals.errors,
        lost: n - summary.results.length,
        rateLimited,
        retries: summary.totals.retries,
        refusedByServer: await server.refused(),
        judged: summary.results.filter((r) => r.judge).length,
      };
    }
    const req = createRequire(join(args.sdkDir, 'package.json'));
    const { CozeAPI } = req('@coze/api') as {
      CozeAPI: new (o: Record<string, unknown>) => {
        workflows: { runs: { stream(p: Record<string, unknown>): AsyncIterable<{ event: string; data?: { content?: string; error_message?: string } }> } };
      };
    };
    const sdk = new CozeAPI({ token: TOKENS.valid, baseURL: server.url });
    const outcomes = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        try {
          let text = '';
          for await (const e of sdk.workflows.runs.stream({ workflow_id: WORKFLOWS.singleChunk, parameters: { text: `case ${i}` } })) {
            if (e.event === 'Message') text += e.data?.content ?? '';
            if (e.event === 'Error') return 'failed';
          }
          return text.includes(`case ${i}`) ? 'passed' : 'failed';
        } catch (e) {
          return /4020|4009|429|rate/i.test(String((e as Error).message) + JSON.stringify(e)) ? 'rateLimited' : 'failed';
        }
      }),
    );
    const ms = performance.now() - t0;
    const count = (o: string) => outcomes.filter((x) => x === o).length;
    return {
      ms,
      cases: n,
      passed: count('passed'),
      failed: count('failed') + count('rateLimited'),
      lost: n - outcomes.length,
      rateLimited: count('rateLimited'),
      retries: 0,
      refusedByServer: await server.refused(),
    };
  } finally {
    server.close();
  }
}

/** Runs the built CLI with a preload that reports its peak RSS on exit; gives its exit code, output and peak. */
async function runCli(cliArgs: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; out: string; maxRssMB: number; ms: number }> {
  const preload = join(cwd, 'report-rss.cjs');
  writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, '\\nPEAK ' + process.resourceUsage().maxRSS / 1024 + '\\n'));\n");
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--require', preload, CLI, ...cliArgs], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const [code] = (await once(child, 'close')) as [number];
  const peak = /PEAK ([\d.]+)/.exec(err);
  if (!peak) throw new Error(`the CLI reported no peak: ${err.slice(0, 500)}`);
  return { code, out, maxRssMB: Number(peak[1]), ms: performance.now() - t0 };
}

/** `coze-workflows test --reporter junit` over one case with `each:` a JSONL file of `rows` rows. */
async function datasetTask(): Promise<Record<string, number>> {
  const rows = args.rows ?? 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'coze-bench-dataset-'));
  const server = await startServer(['--time-scale', '0']);
  try {
    mkdirSync(join(dir, '.coze', 'tests'), { recursive: true });
    const out = createWriteStream(join(dir, '.coze', 'tests', 'rows.jsonl'));
    for (let i = 0; i < rows; i++)
      if (!out.write(`${JSON.stringify({ text: `row ${i} ${'x'.repeat(64)}`, expected: `row ${i}` })}\n`)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    writeFileSync(
      join(dir, '.coze', 'tests', 'rows.test.yaml'),
      `cases:\n  - name: rows\n    workflow: "${WORKFLOWS.singleChunk}"\n    each: rows.jsonl\n    expect: { output: { contains: "{{row.expected}}" } }\n`,
    );
    const r = await runCli(
      [
        'test',
        '--base-url',
        server.url,
        '--dialect',
        'cloud',
        '--qps',
        '0',
        '--concurrency',
        String(args.concurrency ?? 16),
        '--reporter',
        'junit',
        '--output',
        'results.xml',
        ...(args.evaluation ? ['--save-results', 'results.jsonl', '--reporter', 'html:report.html'] : []),
      ],
      dir,
      { COZE_API_TOKEN: TOKENS.valid },
    );
    const summary = /(\d+) passed, (\d+) failed/.exec(r.out);
    const testcases = (readFileSync(join(dir, 'results.xml'), 'utf8').match(/<testcase /g) ?? []).length;
    const lines = args.evaluation ? readFileSync(join(dir, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).length : 0;
    const htmlCases = args.evaluation ? (readFileSync(join(dir, 'report.html'), 'utf8').match(/<details /g) ?? []).length : 0;
    return {
      ms: r.ms,
      rows,
      exit: r.code,
      passed: Number(summary?.[1] ?? -1),
      failed: Number(summary?.[2] ?? -1),
      testcases,
      lines,
      htmlCases,
      cliMaxRssMB: r.maxRssMB,
    };
  } finally {
    server.close();
    for (const d of [dir, `${dir}-code-cache`]) rmSync(d, { recursive: true, force: true });
  }
}

/** An HTML report of `rows` cases written by the CLI (every tenth row fails, with its diff), kept at `keep` for the browser. */
async function htmlReportTask(): Promise<Record<string, number | string>> {
  const rows = args.rows ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'coze-bench-html-'));
  const server = await startServer(['--time-scale', '0']);
  try {
    mkdirSync(join(dir, '.coze', 'tests'), { recursive: true });
    const lines = Array.from({ length: rows }, (_, i) =>
      JSON.stringify({ text: `row ${i}: ${'an answer from a model, '.repeat(8)}`, expected: i % 10 ? `row ${i}:` : 'never' }),
    );
    writeFileSync(join(dir, '.coze', 'tests', 'rows.jsonl'), `${lines.join('\n')}\n`);
    writeFileSync(
      join(dir, '.coze', 'tests', 'rows.test.yaml'),
      `cases:\n  - name: rows\n    workflow: "${WORKFLOWS.singleChunk}"\n    each: rows.jsonl\n    expect: { output: { contains: "{{row.expected}}" } }\n`,
    );
    const r = await runCli(
      ['test', '--base-url', server.url, '--dialect', 'cloud', '--qps', '0', '--concurrency', '16', '--reporter', 'html:report.html'],
      dir,
      { COZE_API_TOKEN: TOKENS.valid },
    );
    const report = join(dir, 'report.html');
    const bytes = readFileSync(report).length;
    const keep = args.keep ?? join(tmpdir(), 'coze-bench-report.html');
    writeFileSync(keep, readFileSync(report));
    return { ms: r.ms, rows, exit: r.code, bytes, path: keep };
  } finally {
    server.close();
    for (const d of [dir, `${dir}-code-cache`]) rmSync(d, { recursive: true, force: true });
  }
}

/**
 * From spawning `coze-workflows test` to its first request reaching a server: a plain HTTP server notes when
 * the first request arrives (and answers it with an auth error, which ends the CLI). Median of `runs`.
 */
async function cliStartTask(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'coze-bench-start-'));
  let arrived = 0;
  const server = http.createServer((req, res) => {
    if (!arrived) arrived = performance.now();
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":4100,"msg":"bench: not a real token"}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  try {
    mkdirSync(join(dir, '.coze', 'tests'), { recursive: true });
    writeFileSync(join(dir, '.coze', 'tests', 'one.test.yaml'), `cases:\n  - name: one\n    workflow: "${WORKFLOWS.singleChunk}"\n`);
    const base = `http://127.0.0.1:${port}`;
    // the floors on this machine: the same spawn sending the same request with Node's own fetch, and with http
    const commands = {
      cli: [CLI, 'test', '--base-url', base, '--dialect', 'cloud'],
      fetch: ['-e', `fetch(${JSON.stringify(`${base}/v1/workflow/stream_run`)}, { method: 'POST', body: '{}' }).then((r) => r.text())`],
      http: ['-e', `require('http').request(${JSON.stringify(`${base}/v1/workflow/stream_run`)}, { method: 'POST' }, (r) => r.resume()).end('{}')`],
    };
    const times: Record<keyof typeof commands, number[]> = { cli: [], fetch: [], http: [] };
    for (let i = 0; i < (args.runs ?? 15); i++) {
      for (const which of ['cli', 'fetch', 'http'] as const) {
        arrived = 0;
        const t0 = performance.now();
        const child = spawn(process.execPath, commands[which], { cwd: dir, env: cliEnv(dir, 'pat_bench'), stdio: 'ignore' });
        await once(child, 'close');
        if (!arrived) throw new Error(`${which} sent no request`);
        times[which].push(arrived - t0);
      }
    }
    return { ...startFigures(times.cli), fetchMedianMs: median(times.fetch), httpMedianMs: median(times.http) };
  } finally {
    server.close();
    for (const d of [dir, `${dir}-code-cache`]) rmSync(d, { recursive: true, force: true });
  }
}

/** From spawning `coze-workflows mcp` to its answer to `initialize` on stdout. Median of `runs`. */
async function mcpStartTask(): Promise<Record<string, number>> {
  const dir = savedWorkflowsFolder([{ id: WORKFLOWS.helloStream, name: 'hello_stream', kind: 'workflow' }]);
  try {
    const initialize = `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } })}\n`;
    const times: number[] = [];
    for (let i = 0; i < (args.runs ?? 15); i++) {
      const t0 = performance.now();
      const child = spawn(process.execPath, [CLI, 'mcp', '--base-url', 'http://127.0.0.1:9', '--dialect', 'cloud'], {
        cwd: dir,
        env: cliEnv(dir, 'pat_bench'),
        stdio: ['pipe', 'pipe', 'ignore'],
      });
      child.stdin!.write(initialize);
      let out = '';
      await new Promise<void>((done) => child.stdout!.on('data', (d: Buffer) => ((out += d.toString()), out.includes('"id":1') && done())));
      times.push(performance.now() - t0);
      child.stdin!.end();
      await once(child, 'close');
    }
    return startFigures(times);
  } finally {
    for (const d of [dir, `${dir}-code-cache`]) rmSync(d, { recursive: true, force: true });
  }
}

/** `coze-workflows mcp` against `url`, with `workflows` saved, through the MCP SDK's client. */
async function mcpClient(url: string, workflows: { id: string; name: string; kind: string }[]): Promise<{ client: Client; close(): Promise<void> }> {
  const dir = savedWorkflowsFolder(workflows);
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', '--base-url', url, '--dialect', 'cloud'],
      cwd: dir,
      env: cliEnv(dir, TOKENS.valid),
      stderr: 'ignore',
    }),
  );
  return {
    client,
    close: async () => {
      await client.close();
      for (const d of [dir, `${dir}-code-cache`]) rmSync(d, { recursive: true, force: true });
    },
  };
}

async function mcpListTask(): Promise<Record<string, number>> {
  const server = await startServer(['--time-scale', '0']);
  const mcp = await mcpClient(
    server.url,
    Array.from({ length: 200 }, (_, i) => ({ id: `7599000000000000${String(i).padStart(3, '0')}`, name: `workflow_${i}`, kind: 'workflow' })),
  );
  try {
    let t0 = performance.now();
    const first = await mcp.client.listTools();
    const firstMs = performance.now() - t0;
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      t0 = performance.now();
      await mcp.client.listTools();
      times.push(performance.now() - t0);
    }
    return { tools: first.tools.length, firstMs, medianMs: median(times), maxMs: Math.max(...times) };
  } finally {
    await mcp.close();
    server.close();
  }
}

async function mcpCallTask(): Promise<Record<string, number>> {
  // time scale 0: the workflow's own waits are gone, so what is left is the path a call takes
  const server = await startServer(['--time-scale', '0']);
  const mcp = await mcpClient(server.url, [{ id: WORKFLOWS.singleChunk, name: 'single_chunk', kind: 'workflow' }]);
  const client = new CozeClient({ baseUrl: server.url, token: TOKENS.valid, dialect: 'cloud' });
  try {
    const direct = async () => {
      const v = await runWorkflow(client, { workflowId: WORKFLOWS.singleChunk, parameters: { text: 'bench' } }, 'stream');
      if (v.status !== 'succeeded') throw new Error(`direct run ${v.status}`);
    };
    const viaMcp = async () => {
      const r = await mcp.client.callTool({ name: 'single_chunk', arguments: { text: 'bench' } });
      if (r.isError) throw new Error('tool call failed');
    };
    for (let i = 0; i < 5; i++) {
      // warm both paths
      await direct();
      await viaMcp();
    }
    const times = { direct: [] as number[], mcp: [] as number[] };
    for (let i = 0; i < 30; i++) {
      for (const [which, fn] of [
        ['direct', direct],
        ['mcp', viaMcp],
      ] as const) {
        const t0 = performance.now();
        await fn();
        times[which].push(performance.now() - t0);
      }
    }
    const directMs = median(times.direct);
    const mcpMs = median(times.mcp);
    return { directMedianMs: directMs, mcpMedianMs: mcpMs, overheadMs: mcpMs - directMs, runs: 30 };
  } finally {
    await client.close();
    await mcp.close();
    server.close();
  }
}

void (async () => {
  const tasks: Record<string, () => Promise<Record<string, number | string>>> = {
    qps: qpsTask,
    dataset: datasetTask,
    'html-report': htmlReportTask,
    'cli-start': cliStartTask,
    'mcp-start': mcpStartTask,
    'mcp-list': mcpListTask,
    'mcp-call': mcpCallTask,
  };
  const result = await tasks[task ?? '']?.();
  if (!result) throw new Error(`unknown task ${task}`);
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ ...result, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
  // the local server's sockets may linger a moment: the measurement is printed, so end now
  process.exit(0);
})().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
