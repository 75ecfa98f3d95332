// Workflow test suites (src/core/testing): the file format and its diagnostics, the matchers, the shard
// split, datasets read row by row, and the runner against the local server on both dialects, rate limits
// included.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readDataset } from '../../src/core/testing/datasets';
import { check, evaluate, fillRow, jsonSubset } from '../../src/core/testing/expectations';
import { isStructuredOutput, outputText } from '../../src/core/run/output';
import { appendCase, caseFromRun, type RecordedRun } from '../../src/core/testing/recordCase';
import { JunitWriter, junitReport } from '../../src/core/testing/reports/junit';
import { SecretMask } from '../../src/core/secretMask';
import { fillHint } from '../../src/core/hints';
import { inShard, parseShard } from '../../src/core/testing/shard';
import { expandCases, runSuite, type SuiteOptions } from '../../src/core/testing/suiteRunner';
import { parseTestFile, type TestFile } from '../../src/core/testing/testFile';
import { applyUpdate, emptyRunState } from '../../src/core/model/runState';
import { startCozeServer, TOKENS, WORKFLOWS } from '../server/index';
import { CozeClient } from '../../src/core/client/cozeClient';
import { clientFor, useServers } from './support/servers';

const parse = (text: string): TestFile => {
  const r = parseTestFile(text, 'suite.test.yaml');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return r.file;
};

describe('test files: the format, with lines', () => {
  it("reads the documented example, keeping each expectation's line", () => {
    const file = parse(`environment: coze.cn
cases:
  - name: greets
    workflow: "7500000000000000101"
    parameters: { name: 小明 }
    expect:
      status: success
      output: { contains: "小明" }
      nodes:
        Greeter: { matches: "^Hello" }
  - name: answers
    workflow: ask_question
    answers: ["blue"]
    mode: sync
    expect: { output: { contains: "blue" }, maxSeconds: 30, maxTokens: 100 }
  - name: fails
    workflow: fail_midway
    expect: { status: failed, error: { code: 720701013 } }
  - name: rows
    workflow: hello_stream
    each: data/questions.jsonl
    expect: { output: { contains: "{{row.expected}}" } }
`);
    assert.equal(file.environment, 'coze.cn');
    assert.deepEqual(
      file.cases.map((c) => [c.name, c.line, c.mode]),
      [
        ['greets', 3, 'stream'],
        ['answers', 11, 'sync'],
        ['fails', 16, 'stream'],
        ['rows', 19, 'stream'],
      ],
    );
    assert.equal(file.cases[0]!.expect.output!.line, 8);
    assert.deepEqual(file.cases[0]!.expect.nodes![0], { line: 10, column: 18, value: { matches: '^Hello', title: 'Greeter' } });
    assert.deepEqual(file.cases[1]!.answers, ['blue']);
    assert.equal(file.cases[2]!.expect.error!.value.code, 720701013);
    assert.equal(file.cases[3]!.each, 'data/questions.jsonl');
  });

  it('reads the same cases from JSON', () => {
    const file = parse(JSON.stringify({ cases: [{ name: 'j', workflow: '7500000000000000101', expect: { output: { json: { a: 1 } } } }] }, null, 2));
    assert.deepEqual(file.cases[0]!.expect.output!.value, { json: { a: 1 } });
  });

  it('gives every problem of a malformed file at its line, and no cases', () => {
    const r = parseTestFile(
      `cases:
  - name: a
    workflow: "1"
    expect:
      stauts: success
      output: { contains: 3 }
  - workflow: "2"
    mode: fast
    expect: { output: { matches: "(" } }
`,
      'bad.test.yaml',
    );
    assert.equal(r.ok, false);
    const lines = r.ok ? [] : r.diagnostics.map((d) => [d.line, d.message.replace(/ \(.*$/, '')]);
    assert.deepEqual(lines, [
      [5, 'cases[0].expect: unknown key "stauts"'],
      [6, 'cases[0].expect.output.contains must be a string'],
      [7, 'cases[1].name must be a non-empty string'],
      [8, 'cases[1].mode must be one of stream, sync, async'],
      [9, 'cases[1].expect.output.matches is not a regular expression: Invalid regular expression: /(/: Unterminated group'],
    ]);
    // the Problems view shows each in the display language: a template (a key of the l10n bundle) and its arguments
    assert.deepEqual(r.ok ? [] : r.diagnostics.map((d) => d.template.text), [
      '{0}: unknown key "{1}" (one of {2})',
      '{0} must be a string',
      '{0} must be a non-empty string',
      '{0} must be one of {1}',
      '{0} is not a regular expression: {1}',
    ]);
    for (const d of r.ok ? [] : r.diagnostics) assert.equal(fillHint(d.template), d.message);
    const syntax = parseTestFile('cases:\n  - name: a\n   workflow: x\n', 'x.test.yaml');
    assert.equal(syntax.ok, false);
    assert.equal(syntax.ok ? 0 : syntax.diagnostics[0]!.line, 3, 'a YAML syntax error at its line');
  });
});

describe('matchers', () => {
  it('contains, equals, matches, and json as a subset', () => {
    assert.equal(check({ contains: 'lo' }, 'hello'), undefined);
    assert.ok(check({ contains: 'x' }, 'hello'));
    assert.equal(check({ matches: '^h.*o$' }, 'hello'), undefined);
    assert.ok(check({ equals: 'hell' }, 'hello'));
    assert.equal(check({ equals: 'hello' }, 'hello'), undefined);
    assert.equal(check({ equals: { a: 1 } }, '{"a":1}', { a: 1 }), undefined);
    assert.ok(jsonSubset({ a: 1, b: [1] }, { a: 1, b: [1, 2], c: 3 }));
    assert.ok(!jsonSubset({ a: 2 }, { a: 1 }));
    assert.ok(!jsonSubset({ b: [2] }, { b: [1, 2] }));
  });

  it('the output a matcher sees: the value of a lone "output" variable, else the whole output', () => {
    assert.equal(outputText('{"output":"Hi"}'), 'Hi');
    assert.equal(outputText('{"output":"Hi","n":1}'), '{\n  "output": "Hi",\n  "n": 1\n}');
    assert.equal(outputText('plain'), 'plain');
  });

  it("a whole-string {{row.x}} keeps the field's type; inside text it is spliced", () => {
    assert.deepEqual(fillRow({ a: '{{row.n}}', b: 'n={{row.n}}', c: ['{{ row.s }}'] }, { n: 3, s: 'x' }), { a: 3, b: 'n=3', c: ['x'] });
  });

  it('checks status, nodes, error code and limits against a run view, each at its line', () => {
    const v = emptyRunState();
    applyUpdate(v, { u: 'started', at: 0, mode: 'stream' });
    applyUpdate(v, { u: 'event', at: 10, event: { kind: 'message', content: 'Hello', nodeTitle: 'Greeter', nodeIsFinish: true } });
    applyUpdate(v, { u: 'event', at: 3000, event: { kind: 'error', code: 720701013, message: 'boom', transport: false } });
    const file = parse(`cases:
  - name: x
    workflow: "1"
    expect:
      nodes: { Greeter: { contains: "Bye" } }
      error: { code: 4000 }
      maxSeconds: 1
`);
    const failures = evaluate(file.cases[0]!.expect, v, file.cases[0]!);
    assert.deepEqual(
      failures.map((f) => [f.line, f.message]),
      [
        [5, 'expected the text of node "Greeter" to contain Bye'],
        [6, 'expected error code 4000, got 720701013'],
        [7, 'expected the run to take at most 1 s, it took 3.00 s'],
      ],
    );
    // each failure also carries its words as a template and arguments: the extension shows them in the display
    // language (each template is a key of the l10n bundle, which npm test checks), the CLI and JUnit in English
    assert.deepEqual(
      failures.map((f) => [f.template.text, f.template.args]),
      [
        ['expected the text of node "{0}" to contain {1}', ['Greeter', 'Bye']],
        ['expected error code {0}, got {1}', ['4000', '720701013']],
        ['expected the run to take at most {0} s, it took {1} s', ['1', '3.00']],
      ],
    );
    for (const f of failures) assert.equal(fillHint(f.template), f.message);
  });
});

describe('shards', () => {
  it('parse i/n and refuse nonsense', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '2', 'a/b']) assert.equal(typeof parseShard(bad), 'string', bad);
  });

  it('over many n, the union of the n shards is every case exactly once', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `suite.test.yaml#case ${i}@${i % 7}`);
    for (const count of [1, 2, 3, 4, 5, 7, 8, 13, 16]) {
      const seen = new Map<string, number>();
      for (let index = 1; index <= count; index++) for (const id of ids) if (inShard(id, { index, count })) seen.set(id, (seen.get(id) ?? 0) + 1);
      assert.equal(seen.size, ids.length, `n=${count}: every case`);
      assert.ok(
        [...seen.values()].every((n) => n === 1),
        `n=${count}: exactly once`,
      );
      if (count > 1)
        assert.ok(
          Math.min(...Array.from({ length: count }, (_, i) => ids.filter((id) => inShard(id, { index: i + 1, count })).length)) > 0,
          `n=${count}: no empty shard`,
        );
    }
  });
});

describe('datasets', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'coze-dataset-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads .jsonl and .csv row by row with their lines, and names a broken line', async () => {
    writeFileSync(join(dir, 'a.jsonl'), '{"q":"one"}\n\n{"q":"two"}\n');
    writeFileSync(join(dir, 'b.csv'), 'q,expected\n"a, quoted",1\nplain,2\n');
    const rows = async (p: string) => {
      const out: [number, unknown][] = [];
      for await (const r of readDataset(join(dir, p))) out.push([r.line, r.row]);
      return out;
    };
    assert.deepEqual(await rows('a.jsonl'), [
      [1, { q: 'one' }],
      [3, { q: 'two' }],
    ]);
    // a 19-digit id is not rounded to the nearest double
    writeFileSync(join(dir, 'ids.jsonl'), '{"workflow_id":7500000000000000101,"n":3}\n');
    assert.deepEqual(await rows('ids.jsonl'), [[1, { workflow_id: '7500000000000000101', n: 3 }]]);
    assert.deepEqual(await rows('b.csv'), [
      [2, { q: 'a, quoted', expected: '1' }],
      [3, { q: 'plain', expected: '2' }],
    ]);
    writeFileSync(join(dir, 'c.jsonl'), '{"q":1}\n{broken\n');
    await assert.rejects(rows('c.jsonl'), /c\.jsonl:2: not JSON/);
  });

  it('skips a BOM in .jsonl as in .csv, refuses a duplicate CSV header at line 1, and names a multi-line record by its first line', async () => {
    const rows = async (p: string) => {
      const out: [number, unknown][] = [];
      for await (const r of readDataset(join(dir, p))) out.push([r.line, r.row]);
      return out;
    };
    writeFileSync(join(dir, 'bom.jsonl'), '\uFEFF{"q":"one"}\n{"q":"two"}\n');
    assert.deepEqual(await rows('bom.jsonl'), [
      [1, { q: 'one' }],
      [2, { q: 'two' }],
    ]);
    writeFileSync(join(dir, 'dup.csv'), 'q,expected,q\na,1,b\n');
    await assert.rejects(rows('dup.csv'), /dup\.csv:1: the header names the column "q" twice/);
    for (const nl of ['\n', '\r\n']) {
      writeFileSync(join(dir, 'multi.csv'), ['q,expected', '"line one', 'line two",1', '', 'plain,2', '"a', 'b', 'c",3', ''].join(nl));
      assert.deepEqual(
        (await rows('multi.csv')).map(([line]) => line),
        [2, 5, 6],
        `line breaks ${JSON.stringify(nl)}`,
      );
    }
  });

  it('expands a dataset lazily: a consumer that stops early never reads the rest', async () => {
    writeFileSync(join(dir, 'big.jsonl'), Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ i })).join('\n'));
    const file = parse(`cases:\n  - name: rows\n    workflow: "1"\n    each: big.jsonl\n`);
    file.path = join(dir, 'suite.test.yaml');
    const it = expandCases([file])[Symbol.asyncIterator]();
    const first = await it.next();
    assert.equal(first.value?.rowLine, 1);
    await it.return(undefined);
  });
});

describe('the runner against the local server', () => {
  const servers = useServers();
  const FILE = `cases:
  - name: greets
    workflow: "${WORKFLOWS.helloStream}"
    parameters: { name: Ada }
    expect: { output: { contains: "Hello, Ada" }, nodes: { Output: { matches: "^Hello" } } }
  - name: answers
    workflow: "${WORKFLOWS.askQuestion}"
    answers: ["blue"]
    expect: { output: { contains: "blue" } }
  - name: no answer left
    workflow: "${WORKFLOWS.askQuestion}"
    expect: { output: { contains: "blue" } }
  - name: fails as expected
    workflow: "${WORKFLOWS.failMidway}"
    expect: { status: failed, error: { code: 720701013 } }
  - name: async
    workflow: "${WORKFLOWS.helloStream}"
    mode: sync
    parameters: { name: Sync }
    expect: { output: { contains: "Sync" } }
`;
  const optionsFor = (dialect: 'cloud' | 'studio', extra: Partial<SuiteOptions> = {}): SuiteOptions => ({
    clientFor: async () => ({
      client: clientFor(servers[dialect], { maxRetries: 4, sleep: async () => undefined }),
      environment: { id: dialect, name: dialect, dialect },
    }),
    resolveWorkflow: (ref) => ({ workflowId: ref, options: {} }),
    encodeFile: async () => '',
    filesRoot: (testFile) => dirname(testFile),
    qps: 0,
    ...extra,
  });

  for (const dialect of ['cloud', 'studio'] as const) {
    it(`${dialect}: passes what holds, fails what does not, and says a question had no answer left`, async () => {
      const summary = await runSuite([parse(FILE)], optionsFor(dialect));
      const byName = Object.fromEntries(summary.results.map((r) => [r.case.title, r]));
      assert.equal(byName.greets?.outcome, 'passed', JSON.stringify(byName.greets?.failures));
      assert.equal(byName.answers?.outcome, 'passed', JSON.stringify(byName.answers?.failures));
      assert.equal(byName['fails as expected']?.outcome, 'passed', JSON.stringify(byName['fails as expected']?.failures));
      assert.equal(byName.async?.outcome, 'passed', JSON.stringify(byName.async?.failures));
      const noAnswer = byName['no answer left']!;
      assert.equal(noAnswer.outcome, 'failed');
      assert.match(noAnswer.failures[0]!.message, /asked "Which colour do you like best\?" and no answer was left/);
      assert.deepEqual(summary.totals, { passed: 4, failed: 1, errors: 0, skipped: 0, retries: 0, connectionRetries: 0, tokens: 126 });
    });
  }

  it('rate limits (4020 over HTTP 429) are waited out, retried and counted; they fail no case', async () => {
    // the server's one-second window runs on a clock that moves only when the client waits: no real time passes
    const limited = await startCozeServer({ dialect: 'cloud', timeScale: 0, manualClock: true, qps: 2 });
    try {
      const file = parse(
        `cases:\n${Array.from({ length: 6 }, (_, i) => `  - name: c${i}\n    workflow: "${WORKFLOWS.helloStream}"\n    parameters: { name: N${i} }\n    expect: { output: { contains: "N${i}" } }\n`).join('')}`,
      );
      let waited = 0;
      const client = clientFor(limited, { maxRetries: 50, sleep: async (ms) => void (waited++, limited.advanceClock(ms)) });
      const summary = await runSuite(
        [file],
        optionsFor('cloud', { concurrency: 6, clientFor: async () => ({ client, environment: { id: 'c', name: 'c', dialect: 'cloud' } }) }),
      );
      assert.equal(summary.totals.passed, 6, JSON.stringify(summary.results.map((r) => r.error ?? r.failures)));
      assert.ok(summary.totals.retries > 0, 'some were refused and retried');
      assert.equal(summary.totals.retries, waited);
      assert.equal(summary.totals.retries, limited.limitCounters.refusedQps, 'every refusal was retried, none failed a case');
    } finally {
      await limited.close();
    }
  });

  it('a connection that fails before the run starts is retried and counted as a connection retry, never as a rate limit', async () => {
    // a port nothing listens on: every attempt is refused before a byte is sent
    const gone = await startCozeServer({ dialect: 'cloud', timeScale: 0 });
    const url = gone.url;
    await gone.close();
    const file = parse(`cases:\n  - name: c\n    workflow: "${WORKFLOWS.helloStream}"\n    parameters: { name: N }\n`);
    const client = new CozeClient({ baseUrl: url, token: TOKENS.valid, dialect: 'cloud', maxRetries: 2, sleep: () => Promise.resolve() });
    const summary = await runSuite([file], optionsFor('cloud', { clientFor: async () => ({ client, environment: { id: 'c', name: 'c', dialect: 'cloud' } }) }));
    assert.equal(summary.totals.passed, 0);
    assert.equal(summary.totals.connectionRetries, 2);
    assert.equal(summary.totals.retries, 0, 'no rate limit was met');
  });

  it('the daily limit (4008) stops the suite with that reason', async () => {
    servers.cloud.setLimits({ dailyLimit: 2 });
    const file = parse(
      `cases:\n${Array.from({ length: 6 }, (_, i) => `  - name: d${i}\n    workflow: "${WORKFLOWS.helloStream}"\n    parameters: { name: D${i} }\n`).join('')}`,
    );
    const summary = await runSuite([file], optionsFor('cloud', { concurrency: 1 }));
    assert.match(summary.stoppedBecause ?? '', /daily limit \(4008\)/);
    assert.equal(summary.results.length, 3, 'two passed, the third met the limit, the rest never started');
    assert.equal(summary.totals.passed, 2);
  });

  it('a 4008 that arrives in the stream as an Error event stops the suite as one in a response does', async () => {
    servers.cloud.setFault({ kind: 'json-error', code: 4008, msg: 'daily limit reached', afterEvents: 1, times: 1 });
    const file = parse(
      `cases:\n${Array.from({ length: 4 }, (_, i) => `  - name: d${i}\n    workflow: "${WORKFLOWS.helloStream}"\n    parameters: { name: D${i} }\n`).join('')}`,
    );
    const summary = await runSuite([file], optionsFor('cloud', { concurrency: 1 }));
    assert.match(summary.stoppedBecause ?? '', /daily limit \(4008\)/);
    assert.equal(summary.results.length, 1, 'the first case met the limit in its stream; the rest never started');
  });

  it('keeps to its QPS: starts are spaced by the pacer on the clock it is given', async () => {
    // a clock that stands still: the pacer's waits are what it asks of it, each from the same moment
    const waits: number[] = [];
    const clock = { now: () => 0, sleep: async (ms: number) => void waits.push(ms) };
    const file = parse(
      `cases:\n${Array.from({ length: 5 }, (_, i) => `  - name: q${i}\n    workflow: "${WORKFLOWS.helloStream}"\n    parameters: { name: Q${i} }\n`).join('')}`,
    );
    const summary = await runSuite([file], optionsFor('cloud', { qps: 10, concurrency: 5, clock }));
    assert.equal(summary.totals.passed, 5);
    // 1/qps apart, widened by the pacer's 4 % headroom (what reaches Coze's window jitters by a few ms)
    assert.deepEqual(
      waits.map((w) => Math.round(w)),
      [104, 208, 312, 416],
      'the first starts at once, each next one 1/qps (+4 %) after the one before',
    );
  });
});

describe('Save as Test Case: a finished run becomes a case that expects what it did', () => {
  const run = (over: Partial<RecordedRun> = {}): RecordedRun => ({
    workflowId: WORKFLOWS.askQuestion,
    workflowName: 'ask_question',
    request: { workflowId: WORKFLOWS.askQuestion, parameters: { topic: 'colours' } },
    mode: 'stream',
    status: 'succeeded',
    output: '{"output":"You chose blue."}',
    updates: [
      { u: 'started', at: 1, mode: 'stream' },
      { u: 'started', at: 2, mode: 'stream', resume: true, answer: 'blue' },
    ],
    ...over,
  });

  it('offers json only for structured output: a lone text "output" variable is text', () => {
    assert.equal(isStructuredOutput('{"output":"Hello"}'), false);
    assert.equal(isStructuredOutput('plain text'), false);
    assert.equal(isStructuredOutput(undefined), false);
    assert.equal(isStructuredOutput('{"output":"Hello","score":3}'), true);
    assert.equal(isStructuredOutput('{"output":{"a":1}}'), true);
    assert.equal(isStructuredOutput('[1,2]'), true);
  });

  it('records the id (never a display name), parameters, answers in order, mode and the output', () => {
    const c = caseFromRun(run(), 'contains', 'recorded');
    assert.deepEqual(c, {
      name: 'recorded',
      workflow: WORKFLOWS.askQuestion,
      parameters: { topic: 'colours' },
      answers: ['blue'],
      expect: { status: 'success', output: { contains: 'You chose blue.' } },
    });
    assert.deepEqual(caseFromRun(run({ output: '{"score":3,"tags":["a"]}', mode: 'sync' }), 'json', 'j'), {
      name: 'j',
      workflow: WORKFLOWS.askQuestion,
      parameters: { topic: 'colours' },
      answers: ['blue'],
      mode: 'sync',
      expect: { status: 'success', output: { json: { score: 3, tags: ['a'] } } },
    });
    assert.deepEqual(caseFromRun(run({ status: 'failed', error: { code: 720701013 }, output: undefined, updates: [] }), 'contains', 'f').expect, {
      status: 'failed',
      error: { code: 720701013 },
    });
  });

  it("creates the file, then appends keeping comments, with unique names and the new case's line; the result parses", () => {
    const first = appendCase(undefined, caseFromRun(run(), 'contains', 'rec'));
    assert.equal(first.line, 2);
    const commented = `# my suite\ncases:\n  # the first one\n${first.text.split('\n').slice(1).join('\n')}`;
    const second = appendCase(commented, caseFromRun(run(), 'contains', 'rec'));
    assert.equal(second.name, 'rec (2)');
    assert.match(second.text, /# my suite/);
    assert.match(second.text, /# the first one/);
    const file = parse(second.text);
    assert.deepEqual(
      file.cases.map((c) => c.name),
      ['rec', 'rec (2)'],
    );
    assert.equal(file.cases[1]!.line, second.line, 'the line given is where the parser finds the case');
    assert.deepEqual(file.cases[1]!.answers, ['blue']);
    assert.throws(() => appendCase('cases: [\n', caseFromRun(run(), 'contains', 'x')), /does not parse/);
  });
});

describe('JUnit', () => {
  const servers = useServers();
  it('the writer (each case written as it ends, nothing kept) gives the same XML as the report from kept results', async () => {
    const file = parse(
      `cases:\n  - name: ok\n    workflow: "${WORKFLOWS.helloStream}"\n    parameters: { name: "A&B <x>" }\n    expect: { output: { contains: "A&B" } }\n  - name: bad\n    workflow: "${WORKFLOWS.helloStream}"\n    parameters: { name: Z }\n    expect: { output: { equals: "nope" } }\n`,
    );
    const writer = new JunitWriter(new SecretMask());
    const options: SuiteOptions = {
      clientFor: async () => ({ client: clientFor(servers.cloud), environment: { id: 'c', name: 'c', dialect: 'cloud' } }),
      resolveWorkflow: (ref) => ({ workflowId: ref, options: {} }),
      encodeFile: async () => '',
      filesRoot: (testFile) => dirname(testFile),
      qps: 0,
      concurrency: 1,
      onCaseEnd: (r) => writer.add(r),
    };
    const summary = await runSuite([file], options);
    const dir = mkdtempSync(join(tmpdir(), 'coze-junit-test-'));
    try {
      await writer.write(join(dir, 'r.xml'), summary);
      const written = readFileSync(join(dir, 'r.xml'), 'utf8');
      assert.equal(written, junitReport(summary, new SecretMask()));
      assert.match(written, /tests="2" failures="1"/);
      assert.match(written, /A&amp;B &lt;x&gt;|<testcase name="ok"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
