// `npm run bench`: the performance figures, side by side with the official Node SDK (@coze/api, installed on
// first use into the ignored .bench/ folder, never into the project's dependencies), against local servers
// on loopback. Each pair runs alternating, in fresh processes (so peak memory is each one's own), for several
// rounds; stream throughput, which reports no memory, alternates the three implementations inside each
// process instead, after warming each up. The table shows medians, ratios, the target and pass or miss.
// The host rows come from the real VS Code (code-server). Flags: --json (machine-readable), --rounds N
// (default 3), --no-host, --only stream,long,latency,upload,suites,evaluation,size,host (a subset of the rows).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const asJson = argv.includes('--json');
const rounds = Number(argv[argv.indexOf('--rounds') + 1]) || 3;
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1].split(',') : undefined;
const want = (part) => !only || only.includes(part);
const withHost = !argv.includes('--no-host') && want('host');
const say = (...a) => (asJson ? console.error : console.log)(...a);
const SDK = { '@coze/api': '1.3.9', axios: '1.21.1' };
const sdkDir = path.join(root, '.bench');
const MB = 1024 * 1024;

function cleanEnv() {
  // a nested npm must not inherit the outer npm's settings (its user agent names another Node)
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
}

function ensureSdk() {
  const have = (name) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(sdkDir, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return undefined;
    }
  };
  if (Object.entries(SDK).every(([n, v]) => have(n) === v)) return;
  say(
    `installing ${Object.entries(SDK)
      .map(([n, v]) => `${n}@${v}`)
      .join(' ')} into .bench/ (once)…`,
  );
  fs.mkdirSync(sdkDir, { recursive: true });
  fs.writeFileSync(path.join(sdkDir, 'package.json'), JSON.stringify({ name: 'coze-workflows-bench-deps', private: true }));
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', ...Object.entries(SDK).map(([n, v]) => `${n}@${v}`)], {
    cwd: sdkDir,
    stdio: asJson ? 'ignore' : 'inherit',
    env: cleanEnv(),
  });
  if (r.status !== 0) throw new Error('could not install @coze/api into .bench/');
}

function build() {
  // everything (the worker and the servers are test programs), then the extension's bundles as shipped
  for (const args of [['esbuild.mjs'], ['esbuild.mjs', '--production']]) {
    if (spawnSync(process.execPath, args, { cwd: root, stdio: asJson ? 'ignore' : 'inherit' }).status !== 0) throw new Error('build failed');
  }
}

function startBenchServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'out/test/bench/benchServer.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', (d) => resolve({ base: `http://127.0.0.1:${JSON.parse(String(d)).port}`, stop: () => child.kill() }));
    child.once('error', reject);
  });
}

function worker(task, impl, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'out/test/bench/worker.js'), task, impl, JSON.stringify({ ...args, sdkDir })], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`${task}/${impl} failed: ${err.slice(0, 800)}`)),
    );
  });
}

/** Has the server render a scenario's body before anything is timed. */
async function prime(base, scenario) {
  const res = await fetch(`${base}/v1/workflow/stream_run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workflow_id: '1', parameters: { scenario } }),
  });
  await res.arrayBuffer();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/**
 * Runs each implementation `n` times (default `rounds`), alternating the order every round; medians of each
 * field, and `runs` for paired ratios (the implementations of one round ran back to back, under the same load).
 */
async function pairs(task, impls, args, n = rounds) {
  if (args.scenario) await prime(args.base, args.scenario);
  const runs = Object.fromEntries(impls.map((i) => [i, []]));
  for (let r = 0; r < n; r++) {
    for (const impl of r % 2 ? [...impls].reverse() : impls) runs[impl].push(await worker(task, impl, args));
  }
  const med = { runs };
  for (const impl of impls) {
    med[impl] = {};
    for (const key of ['ms', 'cpuMs', 'maxRssMB', 'events', 'bytes']) {
      const vals = runs[impl].map((x) => x[key]).filter((v) => typeof v === 'number');
      if (vals.length) med[impl][key] = median(vals);
    }
  }
  return med;
}

const rows = [];
/** One row of the table: what was measured, the figures, the target and whether it was met. */
function row(group, measure, figures, target, pass) {
  rows.push({ group, measure, figures, target, pass });
}
const f1 = (n) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** Processes per stream case; each reads every implementation in 5 rounds after warming each up. */
const streamProcesses = Math.max(rounds, 7);

async function streamRows(base) {
  const cases = [
    { label: '200,000 × 250 B events (≈58 MB)', scenario: { kind: 'stream', count: 200_000, eventBytes: 250 }, vsSdk: 1.5 },
    { label: '20,000 × 2 KB events', scenario: { kind: 'stream', count: 20_000, eventBytes: 2048 }, vsSdk: 1.1 },
  ];
  const impls = ['ours', 'sdk', 'limit'];
  for (const c of cases) {
    say(`stream: ${c.label} …`);
    await prime(base, c.scenario);
    // each process runs the three alternating, after three warm-up reads of each (see the worker); its
    // rounds give paired figures: the three reads of one round ran back to back, under the same load
    const reads = Object.fromEntries(impls.map((i) => [i, []]));
    for (let p = 0; p < streamProcesses; p++) {
      const { rounds: got } = await worker('stream', impls.join(','), { base, scenario: c.scenario });
      for (const impl of impls) reads[impl].push(...got[impl]);
    }
    for (const impl of impls) {
      const wrong = reads[impl].find((r) => r.events !== c.scenario.count);
      if (wrong) throw new Error(`${impl} read ${wrong.events} of ${c.scenario.count} events`);
    }
    const eps = (impl) => c.scenario.count / (median(reads[impl].map((r) => r.ms)) / 1000);
    const cpu = (impl) => median(reads[impl].map((r) => r.cpuMs));
    // the ratio is the median of each round's ratio: ours against the others read next to it
    const paired = (other) => median(reads.ours.map((x, i) => reads[other][i].ms / x.ms));
    const vsSdk = paired('sdk');
    const vsLimit = paired('limit');
    row(
      '1. stream throughput',
      `${c.label}: events/s`,
      `ours ${f1(eps('ours') / 1000)}k · SDK ${f1(eps('sdk') / 1000)}k · limit ${f1(eps('limit') / 1000)}k`,
      `≥ ${c.vsSdk}× SDK`,
      vsSdk >= c.vsSdk,
    );
    rows.at(-1).ratio = `${f1(vsSdk)}× SDK`;
    row(
      '1. stream throughput',
      `${c.label}: vs the practical limit`,
      `CPU ours ${f1(cpu('ours'))} ms · SDK ${f1(cpu('sdk'))} ms · limit ${f1(cpu('limit'))} ms`,
      '≥ 0.9× limit',
      vsLimit >= 0.9,
    );
    rows.at(-1).ratio = `${f1(vsLimit)}× limit`;
    rows.at(-1).pairs = reads.ours.length;
  }
}

/** Rounds of the long-event rows: each round reads every size with both implementations, one process each. */
const longRounds = Math.max(rounds, 5);

async function longEventRows(base) {
  const sizes = [4, 8, 16];
  const impls = ['ours', 'sdk'];
  const scenario = (size) => ({ kind: 'long', bytes: size * MB });
  for (const size of sizes) await prime(base, scenario(size));
  // every size in each round, so the 16 MB and 4 MB reads that make a ratio ran minutes apart no more:
  // growth and speed-up are medians of each round's own ratio, like the stream rows
  const runs = Object.fromEntries(impls.map((i) => [i, Object.fromEntries(sizes.map((s) => [s, []]))]));
  for (let r = 0; r < longRounds; r++) {
    say(`one long event: round ${r + 1} of ${longRounds} (4, 8 and 16 MB) …`);
    for (const size of r % 2 ? [...sizes].reverse() : sizes) {
      for (const impl of r % 2 ? [...impls].reverse() : impls) runs[impl][size].push(await worker('long', impl, { base, scenario: scenario(size) }));
    }
  }
  const med = (impl, size, key) => median(runs[impl][size].map((x) => x[key]));
  const paired = (a, b) => median(a.map((x, i) => x.ms / b[i].ms));
  const curve = (impl) => sizes.map((s) => `${s} MB ${f1(med(impl, s, 'ms') / 1000)} s`).join(', ');
  row('2. one long event', 'time: ours', curve('ours'), '—', true);
  row('2. one long event', 'time: SDK', curve('sdk'), '—', true);
  const speedup = paired(runs.sdk[16], runs.ours[16]);
  row('2. one long event', '16 MB: SDK time ÷ ours', `${f1(med('ours', 16, 'ms'))} ms vs ${f1(med('sdk', 16, 'ms'))} ms`, '≥ 25×', speedup >= 25);
  rows.at(-1).ratio = `${f1(speedup)}×`;
  const mem = med('ours', 16, 'maxRssMB') / med('sdk', 16, 'maxRssMB');
  row('2. one long event', '16 MB: peak RSS ours ÷ SDK', `${f1(med('ours', 16, 'maxRssMB'))} MB vs ${f1(med('sdk', 16, 'maxRssMB'))} MB`, '≤ 0.4×', mem <= 0.4);
  rows.at(-1).ratio = `${mem.toFixed(2)}×`;
  const growth = paired(runs.ours[16], runs.ours[4]);
  row('2. one long event', 'linear: ours 16 MB ÷ 4 MB time', `${f1(med('ours', 4, 'ms'))} ms → ${f1(med('ours', 16, 'ms'))} ms`, '≤ 5×', growth <= 5);
  rows.at(-1).ratio = `${f1(growth)}×`;
}

async function latencyRows() {
  say(`first-event latency: ${rounds} rounds of 50 runs each …`);
  // each round is a fresh process alternating the two for 50 runs; a p95 of 50 runs is the third-worst, so
  // one collector pause decides it: the row shows the median of the rounds' percentiles
  const perRound = [];
  for (let r = 0; r < rounds; r++) perRound.push((await worker('latency', 'both', { runs: 50 })).latencies);
  for (const p of [50, 95]) {
    const a = median(perRound.map((l) => pct(l.ours, p)));
    const b = median(perRound.map((l) => pct(l.sdk, p)));
    // "no worse than the SDK": the two are equal within the timer noise of a shared 2-core machine (the
    // same code gives either one the lower p95 from run to run), so the target says the margin it allows
    row(
      '3. first-event latency',
      `p${p}, server write → event in code`,
      `ours ${a.toFixed(2)} ms · SDK ${b.toFixed(2)} ms`,
      '≤ SDK (+10 % or 0.2 ms noise)',
      a <= Math.max(b * 1.1, b + 0.2),
    );
    rows.at(-1).ratio = `${(a / b).toFixed(2)}×`;
  }
}

async function uploadRows(base) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coze-bench-'));
  const file = path.join(dir, 'big.bin');
  try {
    say('upload: writing a 512 MB file …');
    const fd = fs.openSync(file, 'w');
    const block = Buffer.alloc(8 * MB, 7);
    for (let i = 0; i < 64; i++) fs.writeSync(fd, block);
    fs.closeSync(fd);
    say('upload: 512 MB through ours, the SDK and the raw limit …');
    const m = await pairs('upload', ['ours', 'sdk', 'raw'], { base, file });
    // the multipart bodies are the file plus a few hundred bytes of part headers
    for (const impl of ['ours', 'sdk', 'raw'])
      if (!(m[impl].bytes >= 512 * MB && m[impl].bytes < 512 * MB + 4096)) throw new Error(`${impl} sent ${m[impl].bytes} bytes`);
    row(
      '4. upload 512 MB',
      'peak RSS: ours ÷ raw limit',
      `ours ${f1(m.ours.maxRssMB)} MB · raw ${f1(m.raw.maxRssMB)} MB`,
      '≤ 1.2×',
      m.ours.maxRssMB / m.raw.maxRssMB <= 1.2,
    );
    rows.at(-1).ratio = `${(m.ours.maxRssMB / m.raw.maxRssMB).toFixed(2)}×`;
    row(
      '4. upload 512 MB',
      'peak RSS: ours ÷ SDK',
      `ours ${f1(m.ours.maxRssMB)} MB · SDK ${f1(m.sdk.maxRssMB)} MB`,
      '≤ 0.3×',
      m.ours.maxRssMB / m.sdk.maxRssMB <= 0.3,
    );
    rows.at(-1).ratio = `${(m.ours.maxRssMB / m.sdk.maxRssMB).toFixed(2)}×`;
    row(
      '4. upload 512 MB',
      'time: ours ÷ raw limit',
      `ours ${f1(m.ours.ms / 1000)} s · raw ${f1(m.raw.ms / 1000)} s · SDK ${f1(m.sdk.ms / 1000)} s`,
      '≤ 1.5×',
      m.ours.ms / m.raw.ms <= 1.5,
    );
    rows.at(-1).ratio = `${(m.ours.ms / m.raw.ms).toFixed(2)}×`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function suiteWorker(task, impl, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', path.join(root, 'out/test/bench/suiteBench.js'), task, impl, JSON.stringify({ ...args, sdkDir })], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`${task}/${impl} failed: ${err.slice(0, 800)}`)),
    );
  });
}

/** Test suites: 1,000 paced cases against a 50 QPS limit (ours and a naive Promise.all), a 100,000-row dataset, CLI start. */
async function suiteRows() {
  say('suites: 1,000 cases at 50 QPS, ours then a naive Promise.all over @coze/api (20 s each) …');
  const runs = { ours: [], naive: [] };
  // each takes 20 s or more: fewer rounds than the fast rows, alternated all the same
  const n = Math.max(1, Math.min(rounds, 2));
  for (let r = 0; r < n; r++)
    for (const impl of r % 2 ? ['naive', 'ours'] : ['ours', 'naive']) runs[impl].push(await suiteWorker('qps', impl, { cases: 1000, qps: 50 }));
  const med = (impl, key) => median(runs[impl].map((x) => x[key]));
  const ideal = 1000 / 50;
  const wall = med('ours', 'ms') / 1000;
  row(
    '8. test suites',
    '1,000 cases, server limit 50 QPS, 30 ms runs: wall time',
    `ours ${f1(wall)} s (ideal ${ideal} s) · naive ${f1(med('naive', 'ms') / 1000)} s`,
    '≤ 1.15× ideal',
    wall <= ideal * 1.15,
  );
  rows.at(-1).ratio = `${(wall / ideal).toFixed(2)}×`;
  const worst = (impl, key) => Math.max(...runs[impl].map((x) => x[key]));
  row(
    '8. test suites',
    'cases lost · failed by a rate limit',
    `ours ${worst('ours', 'lost')} · ${worst('ours', 'rateLimited')} (${med('ours', 'retries')} refusals retried) · naive ${worst('naive', 'lost')} · ${worst('naive', 'rateLimited')} of 1,000 failed`,
    '0 · 0',
    worst('ours', 'lost') === 0 && worst('ours', 'rateLimited') === 0 && worst('ours', 'failed') === 0,
  );
  say('suites: a 100,000-row JSONL dataset through the CLI (--reporter junit) …');
  const d = await suiteWorker('dataset', 'ours', { rows: 100_000 });
  row(
    '8. test suites',
    '100,000-row JSONL dataset, CLI with JUnit: peak RSS',
    `${f1(d.cliMaxRssMB)} MB (${d.passed.toLocaleString('en')} passed, ${d.testcases.toLocaleString('en')} testcases, ${f1(d.ms / 1000)} s)`,
    '≤ 200 MB',
    d.cliMaxRssMB <= 200 && d.passed === 100_000 && d.testcases === 100_000,
  );
  say('suites: CLI start to first request …');
  const c = await suiteWorker('cli-start', 'ours', { runs: 21 });
  const m = await suiteWorker('mcp-start', 'ours', { runs: 21 });
  const l = await suiteWorker('mcp-list', 'ours', {});
  row(
    '9. MCP',
    `tools/list, 200 saved workflows (${l.tools} tools with resume), schemas cached`,
    `median ${f1(l.medianMs)} ms (max ${f1(l.maxMs)}) · the first, fetching every description and schema: ${f1(l.firstMs)} ms`,
    '≤ 50 ms',
    l.tools === 201 && l.medianMs <= 50,
  );
  const k = await suiteWorker('mcp-call', 'ours', {});
  row(
    '9. MCP',
    'a tool call over a direct run of the same workflow (loopback, medians)',
    `+${f1(k.overheadMs)} ms (tool call ${f1(k.mcpMedianMs)} ms · direct ${f1(k.directMedianMs)} ms, ${k.runs} of each)`,
    '≤ 5 ms',
    k.overheadMs <= 5,
  );
  row(
    '9. MCP',
    'coze-workflows mcp start → initialize answered',
    `median ${f1(m.medianMs)} ms (min ${f1(m.minMs)}, max ${f1(m.maxMs)}) · first start, empty code cache: ${f1(m.coldMs)} ms`,
    '≤ 150 ms',
    m.medianMs <= 150,
  );
  row(
    '8. test suites',
    'CLI start → first request (spawn to arrival)',
    `median ${f1(c.medianMs)} ms (min ${f1(c.minMs)}) · first start, empty code cache: ${f1(c.coldMs)} ms · same spawn, Node's own fetch: ${f1(c.fetchMedianMs)} ms · http.request: ${f1(c.httpMedianMs)} ms`,
    '≤ 150 ms',
    c.medianMs <= 150,
  );
}

/** Evaluation (issue 23): a judged suite at 50 QPS, a 100,000-row run with a results file and an HTML report, and that report in Chromium. */
async function evaluationRows() {
  say('evaluation: 1,000 judged cases at 50 QPS (2,000 runs) …');
  const j = await suiteWorker('qps', 'ours', { cases: 1000, qps: 50, judged: true });
  const ideal = 2000 / 50;
  row(
    '10. evaluation',
    '1,000 judged cases (2,000 runs), server limit 50 QPS: wall time · lost',
    `${f1(j.ms / 1000)} s (ideal ${ideal} s) · ${j.lost} lost · ${j.judged} judged · ${j.failed} failed · ${j.retries} refusals retried`,
    '≤ 1.15× ideal · 0 lost',
    j.ms / 1000 <= ideal * 1.15 && j.lost === 0 && j.failed === 0 && j.judged === 1000,
  );
  rows.at(-1).ratio = `${(j.ms / 1000 / ideal).toFixed(2)}×`;
  say('evaluation: 100,000 rows with --save-results and --reporter html …');
  const d = await suiteWorker('dataset', 'ours', { rows: 100_000, evaluation: true });
  row(
    '10. evaluation',
    '100,000 rows, CLI with --save-results and --reporter html: peak RSS',
    `${f1(d.cliMaxRssMB)} MB (${d.lines.toLocaleString('en')} result lines, ${d.htmlCases.toLocaleString('en')} cases in the report, ${f1(d.ms / 1000)} s)`,
    '≤ 200 MB',
    d.cliMaxRssMB <= 200 && d.lines === 100_000 && d.htmlCases === 100_000,
  );
  say('evaluation: an HTML report of 10,000 cases, in Chromium …');
  const h = await suiteWorker('html-report', 'ours', { rows: 10_000 });
  const { chromium } = await import('playwright-core');
  const { CHROMIUM, CHROMIUM_ARGS } = await import('./lib/codeServer.mjs');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  let paint;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // the longest task the page ran, kept on the page's global (Reflect: the page's window has no such property to type)
    await page.addInitScript(() => {
      Reflect.set(globalThis, 'longestTask', 0);
      new PerformanceObserver((l) =>
        l.getEntries().forEach((e) => Reflect.set(globalThis, 'longestTask', Math.max(Reflect.get(globalThis, 'longestTask'), e.duration))),
      ).observe({ type: 'longtask', buffered: true });
    });
    const longest = () => page.evaluate(() => Number(Reflect.get(globalThis, 'longestTask')));
    await page.goto(`file://${h.path}`);
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);
    const loadLongest = await longest();
    await page.evaluate(() => Reflect.set(globalThis, 'longestTask', 0));
    for (let y = 0; y < 40; y++) await page.mouse.wheel(0, 4000);
    await page.keyboard.press('End');
    await page.waitForTimeout(300);
    const scrollLongest = await longest();
    paint = { fcp, loadLongest, scrollLongest };
  } finally {
    await browser.close();
    fs.rmSync(h.path, { force: true });
  }
  row(
    '10. evaluation',
    'HTML report of 10,000 cases: size · first contentful paint · longest task while scrolling (Chromium)',
    `${f1(h.bytes / MB)} MB · ${f1(paint.fcp)} ms · ${f1(paint.scrollLongest)} ms (while loading: ${f1(paint.loadLongest)} ms)`,
    '≤ 10 MB · ≤ 1 s · ≤ 200 ms',
    h.bytes <= 10 * MB && paint.fcp >= 0 && paint.fcp <= 1000 && paint.scrollLongest <= 200,
  );
}

function sizeRows() {
  const size = (f) => fs.statSync(path.join(root, 'dist', f)).size;
  const main = size('extension.js');
  row(
    '5. activation and size',
    'bundles (minified)',
    `main ${(main / 1000).toFixed(1)} kB · HTTP stack ${(size('http.js') / 1000).toFixed(1)} kB · run panel ${(size('webview/run.js') / 1000).toFixed(1)} kB · chat ${(size('webview/chat.js') / 1000).toFixed(1)} kB`,
    'main ≤ 100 kB',
    main <= 100_000,
  );
}

function hostRows(h) {
  row(
    '5. activation and size',
    'activate()',
    `${h.activateMs.toFixed(1)} ms, HTTP stack ${h.httpLoadedAtActivation ? 'LOADED' : 'not loaded'}`,
    '≤ 30 ms, no HTTP',
    h.activateMs <= 30 && !h.httpLoadedAtActivation,
  );
  row('5. activation and size', 'Workflows view shows its 20 items', `${h.workflowsViewMs} ms after it is opened`, '—', true);
  // the panel at 10,000 and at 100,000 events, each with the extension host's own stream time beside it
  for (const [p, lastTarget] of [
    [h.panel, 1000],
    [h.panel100k, 300],
  ]) {
    if (!p) continue;
    const n = p.events.toLocaleString('en');
    const longest = p.longTasksMs.length ? Math.max(...p.longTasksMs) : 0;
    row(
      '6. panel under load',
      `${n} events: last chunk visible after the last byte`,
      `${p.lastVisibleAfterLastByteMs} ms (the extension host: its stream ${p.streamMs} ms, its last event ${p.hostLastEventAfterLastByteMs} ms after the last byte)`,
      `≤ ${lastTarget} ms`,
      p.lastVisibleAfterLastByteMs !== null && p.lastVisibleAfterLastByteMs <= lastTarget,
    );
    row(
      '6. panel under load',
      `${n} events: longest webview task`,
      `${p.longTasksMs.length ? `${f1(longest)} ms (${p.longTasksMs.length} over 50 ms)` : 'none over 50 ms'}${p.workbenchLongTasksMs?.length ? `; the workbench's, on the same thread: ${p.workbenchLongTasksMs.map((ms) => f1(ms)).join(', ')} ms` : ''}`,
      '≤ 50 ms',
      longest <= 50,
    );
    row(
      '6. panel under load',
      `${n} events: webview DOM nodes · JS heap growth over the run`,
      `${p.domNodes} · ${p.heapGrowthMB === null ? '?' : `${p.heapGrowthMB >= 0 ? '+' : ''}${f1(p.heapGrowthMB)} MB`} (the node's text: ${p.chars.toLocaleString('en')} characters; the renderer's heap, shared with the workbench: ${p.heapMB === null ? '?' : `${f1(p.heapMB)} MB`})`,
      '≤ 5,000 nodes · ≤ +20 MB',
      p.domNodes <= 5000 && p.heapGrowthMB !== null && p.heapGrowthMB <= 20,
    );
    const frames = Math.max(1, Math.ceil(p.streamMs / (1000 / 60)));
    row(
      '6. panel under load',
      `${n} events: host → webview messages`,
      `${p.messages} for a ${p.streamMs} ms stream (${frames} frames)`,
      '≤ 1 per frame',
      p.messages <= frames + 3,
    );
  }
  const c = h.commandUnderLoad;
  row(
    '6. panel under load',
    'a command during a 200,000-event run',
    `median ${c.medianMs.toFixed(1)} ms, max ${c.maxMs.toFixed(1)} ms (${c.samples} calls)`,
    '≤ 100 ms',
    c.maxMs <= 100,
  );
  const m = h.memory;
  row(
    '7. memory',
    `${m.runs} finished runs of ${m.eventsPerRun.toLocaleString('en')} events, panels closed: extension host heap`,
    `${f1(m.beforeMB)} MB → ${f1(m.afterMB)} MB (${m.growthMB >= 0 ? '+' : ''}${f1(m.growthMB)} MB), ${m.held} runs held`,
    '≤ +50 MB',
    m.growthMB <= 50,
  );
}

async function hostFigures() {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'coze-bench-host-')), 'host.json');
  say('host: activation, Workflows view and the run panel in code-server …');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/run-vscode-tests.mjs')], {
    cwd: root,
    stdio: asJson ? ['ignore', 'ignore', 'inherit'] : 'inherit',
    env: { ...process.env, COZE_HOST_SUITE: 'bench', COZE_BENCH_OUT: out },
  });
  if (r.status !== 0 || !fs.existsSync(out)) throw new Error('the host benchmark failed');
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

function machine(host) {
  const version = (name, dir = root) => JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
  return {
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}`,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    undici: version('undici'),
    'eventsource-parser': version('eventsource-parser'),
    '@coze/api': version('@coze/api', sdkDir),
    axios: version('axios', sdkDir),
    ...(host ? { vscode: host.vscode, extensionHostNode: host.node } : {}),
  };
}

function printTable(env) {
  const lines = [
    `Machine: ${env.cpu}, ${env.memoryGiB} GiB, ${env.os}; Node ${env.node}; undici ${env.undici}, eventsource-parser ${env['eventsource-parser']}; @coze/api ${env['@coze/api']} (axios ${env.axios})${env.vscode ? `; VS Code ${env.vscode} (code-server), extension host Node ${env.extensionHostNode}` : ''}. Medians of ${rounds} alternated rounds, each in fresh processes. Streams: ${streamProcesses} processes, each reading the three back to back in 5 rounds after 3 warm-up reads of each; their ratios are medians of the ${streamProcesses * 5} rounds' ratios. Long events: ${longRounds} rounds, each reading every size with both, one process per read; ratios are medians of the rounds' ratios.`,
    '',
    '| # | measure | figures | ratio | target | result |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.group} | ${r.measure} | ${r.figures} | ${r.ratio ?? ''} | ${r.target} | ${r.pass ? 'pass' : '**miss**'} |`),
  ];
  console.log(lines.join('\n'));
}

async function main() {
  ensureSdk();
  build();
  const server = await startBenchServer();
  try {
    if (want('stream')) await streamRows(server.base);
    if (want('long')) await longEventRows(server.base);
    if (want('latency')) await latencyRows();
    if (want('upload')) await uploadRows(server.base);
  } finally {
    server.stop();
  }
  if (want('suites')) await suiteRows();
  if (want('evaluation')) await evaluationRows();
  if (want('size')) sizeRows();
  const host = withHost ? await hostFigures() : undefined;
  if (host) hostRows(host);
  const env = machine(host);
  const misses = rows.filter((r) => !r.pass).length;
  if (asJson) console.log(JSON.stringify({ machine: env, rounds, rows }, null, 2));
  else printTable(env);
  say(`bench: ${rows.length - misses} targets met, ${misses} missed`);
  process.exitCode = misses ? 1 : 0;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
