// `coze-workflows test` end to end: the built CLI (dist/cli.js) spawned against the local server on both
// dialects. Exit codes, the JUnit report, file:line diagnostics, shards, and a scan for the token.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TOKENS, WORKFLOWS } from '../server/index';
import { useServers } from './support/servers';
import { serverConfig, serverFor, type ServerConfig } from '../../src/cli/serverOptions';

const CLI = resolve(__dirname, '../../../dist/cli.js'); // built from out/test/unit/
const TOKEN = `${TOKENS.valid}_cli_${process.pid}`;

interface Ran {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI asynchronously (the local server answers from this same process) and gives its exit and output. */
function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', COZE_API_TOKEN: TOKEN, ...env }, encoding: 'utf8' },
      (error, out, err) => {
        done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err });
      },
    );
  });
}

const SUITE = `cases:
  - name: greets
    workflow: hello_stream
    parameters: { name: 小明 }
    expect: { output: { contains: "小明" }, nodes: { Output: { matches: "^Hello" } } }
  - name: answers
    workflow: "${WORKFLOWS.askQuestion}"
    answers: ["blue"]
    expect: { output: { contains: "blue" } }
  - name: describes a file
    workflow: "${WORKFLOWS.describeFile}"
    parameters: { file: { file: data/notes.txt } }
    expect: { output: { contains: "notes.txt" } }
  - name: rows
    workflow: hello_stream
    each: data/names.jsonl
    expect: { output: { contains: "{{row.name}}" } }
`;
const FAILING = `cases:
  - name: deliberately failing
    workflow: hello_stream
    parameters: { name: Ada }
    expect: { output: { equals: "Goodbye, Ada" } }
`;

describe('coze-workflows test (the CLI, spawned)', function () {
  const servers = useServers();
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coze-cli-'));
    mkdirSync(join(dir, '.coze', 'tests', 'data'), { recursive: true });
    writeFileSync(join(dir, '.coze', 'workflows.json'), JSON.stringify({ workflows: [{ id: WORKFLOWS.helloStream, name: 'hello_stream' }] }));
    writeFileSync(join(dir, '.coze', 'tests', 'suite.test.yaml'), SUITE);
    writeFileSync(join(dir, '.coze', 'tests', 'data', 'names.jsonl'), '{"name":"Ann"}\n{"name":"Bob"}\n{"name":"Cy"}\n');
    writeFileSync(join(dir, '.coze', 'tests', 'data', 'notes.txt'), 'notes for the workflow\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const dialect of ['cloud', 'studio'] as const) {
    it(`${dialect}: all pass → exit 0, a JUnit report with a testcase per case and row, and no token anywhere`, async () => {
      const r = await cli(['test', '--base-url', servers[dialect].url, '--dialect', dialect, '--reporter', 'junit', '--output', 'results.xml'], dir);
      assert.equal(r.code, 0, r.out + r.err);
      assert.match(r.out, /6 passed, 0 failed/);
      const xml = readFileSync(join(dir, 'results.xml'), 'utf8');
      assert.match(xml, /<testsuites name="coze-workflows" tests="6" failures="0" errors="0" skipped="0"/);
      assert.equal((xml.match(/<testsuite /g) ?? []).length, 1, 'one testsuite per file');
      assert.equal((xml.match(/<testcase /g) ?? []).length, 6, 'one testcase per case and per row');
      assert.match(xml, /name="rows \[data\/names\.jsonl:3\]"/);
      assert.match(xml, /<property name="logid" value="[^"]+"\/>/);
      if (dialect === 'cloud') assert.match(xml, /<property name="debug_url" value="https:\/\/www\.coze\.cn\/work_flow\?/);
      assert.equal(servers[dialect].requests.filter((q) => q.path === '/v1/files/upload').length, 1, 'the file input was uploaded');
      assert.ok(
        servers[dialect].requests.every((q) => q.headers.authorization === `Bearer ${TOKEN}`),
        'the token went only in the header',
      );
    });
  }

  it('a failing case → exit 1, with file:line, expected and actual, in the console and the report', async () => {
    writeFileSync(join(dir, '.coze', 'tests', 'failing.test.yaml'), FAILING);
    const r = await cli(
      ['test', '.coze/tests/failing.test.yaml', '--base-url', servers.cloud.url, '--dialect', 'cloud', '--reporter', 'junit', '--output', 'out.xml'],
      dir,
    );
    assert.equal(r.code, 1);
    assert.match(r.out, /✘ \.coze\/tests\/failing\.test\.yaml › deliberately failing/);
    assert.match(r.out, /\.coze\/tests\/failing\.test\.yaml:5:23: expected the output to equal Goodbye, Ada/);
    assert.match(r.out, /actual: +Hello, Ada!/);
    const xml = readFileSync(join(dir, 'out.xml'), 'utf8');
    assert.match(xml, /<failure message="expected the output to equal Goodbye, Ada" type="expectation">/);
  });

  it('bad input → exit 2 and one clear line: a malformed file at its line, no token, a bad flag', async () => {
    writeFileSync(join(dir, '.coze', 'tests', 'broken.test.yaml'), 'cases:\n  - name: x\n    workflow: hello_stream\n    expect: { status: done }\n');
    const broken = await cli(['test', '--base-url', servers.cloud.url, '--dialect', 'cloud'], dir);
    assert.equal(broken.code, 2);
    assert.equal(broken.out.trim(), '.coze/tests/broken.test.yaml:4:23: cases[0].expect.status must be one of success, failed, interrupted');
    const noToken = await cli(['test'], dir, { COZE_API_TOKEN: '' });
    assert.equal(noToken.code, 2);
    assert.match(noToken.err, /^coze-workflows: Set COZE_API_TOKEN/);
    const badShard = await cli(['test', '--shard', '3/2'], dir);
    assert.equal(badShard.code, 2);
    assert.doesNotMatch(badShard.err, /\n\s+at /, 'no stack trace');
    const crowd = await cli(['test', '--concurrency', '2000000'], dir);
    assert.equal(crowd.code, 2);
    assert.match(crowd.err, /--concurrency takes a number from 1 to 64 \(got "2000000"\)/);
    const plainHttp = await cli(['test', '--base-url', 'http://coze.example.com', '--dialect', 'studio'], dir);
    assert.equal(plainHttp.code, 2);
    assert.match(plainHttp.err, /plain http/);
  });

  it('a committed link to a private key outside the folder is refused at its line; nothing is uploaded (the CLI: the current folder, or --root)', async () => {
    const secret = mkdtempSync(join(tmpdir(), 'coze-cli-home-'));
    try {
      writeFileSync(join(secret, 'id_ed25519'), '-----BEGIN OPENSSH PRIVATE KEY-----\n');
      symlinkSync(join(secret, 'id_ed25519'), join(dir, '.coze', 'tests', 'data', 'report.pdf'));
      writeFileSync(
        join(dir, '.coze', 'tests', 'steal.test.yaml'),
        `cases:\n  - name: uploads a key\n    workflow: "${WORKFLOWS.describeFile}"\n    parameters: { file: { file: data/report.pdf } }\n`,
      );
      const r = await cli(['test', '.coze/tests/steal.test.yaml', '--base-url', servers.cloud.url, '--dialect', 'cloud'], dir);
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.out, /\.coze\/tests\/steal\.test\.yaml:2:\d+: Not uploaded: data\/report\.pdf is outside .* links are followed/);
      assert.equal(servers.cloud.requests.length, 0, 'nothing was sent');
      // a --root that holds the target is the user's explicit choice
      const allowed = await cli(['test', '.coze/tests/steal.test.yaml', '--root', '/', '--base-url', servers.cloud.url, '--dialect', 'cloud'], dir);
      assert.match(allowed.out, /\(a link to id_ed25519\) has no extension/, 'still refused, by its real type');
      assert.equal(servers.cloud.requests.length, 0);
    } finally {
      rmSync(secret, { recursive: true, force: true });
    }
  });

  it('--shard i/n: the shards together run every case exactly once', async () => {
    const seen: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const r = await cli(['test', '--base-url', servers.studio.url, '--dialect', 'studio', '--shard', `${i}/3`], dir);
      assert.equal(r.code, 0, r.out + r.err);
      seen.push(
        ...r.out
          .split('\n')
          .filter((l) => l.startsWith('✔'))
          .map((l) => l.replace(/ \(.*$/, '')),
      );
    }
    assert.equal(seen.length, 6);
    assert.equal(new Set(seen).size, 6);
  });

  it('--grep and --bail', async () => {
    const grep = await cli(['test', '--base-url', servers.cloud.url, '--dialect', 'cloud', '--grep', 'rows'], dir);
    assert.match(grep.out, /3 passed, 0 failed/);
    writeFileSync(join(dir, '.coze', 'tests', 'failing.test.yaml'), FAILING);
    const bail = await cli(['test', '--base-url', servers.cloud.url, '--dialect', 'cloud', '--bail', '--concurrency', '1'], dir);
    assert.equal(bail.code, 1);
    assert.match(bail.out, /stopped: --bail/);
  });

  it('--grep matches "file › name" as each case is printed; a run that selects nothing exits 2, unless --pass-with-no-tests', async () => {
    const base = ['test', '--base-url', servers.cloud.url, '--dialect', 'cloud'];
    const printed = await cli([...base, '--grep', 'suite\\.test\\.yaml › answers$'], dir);
    assert.equal(printed.code, 0, printed.out);
    assert.match(printed.out, /✔ \.coze\/tests\/suite\.test\.yaml › answers \(/);
    assert.match(printed.out, /^1 passed, 0 failed/m);
    servers.cloud.clearRequests();
    const none = await cli([...base, '--grep', 'no such case'], dir);
    assert.equal(none.code, 2, none.out);
    assert.match(none.out, /no case matched --grep "no such case" in 1 file\(s\)/);
    assert.equal(servers.cloud.requests.length, 0, 'nothing was run');
    const allowed = await cli([...base, '--grep', 'no such case', '--pass-with-no-tests'], dir);
    assert.equal(allowed.code, 0, allowed.out);
    assert.match(allowed.out, /0 passed, 0 failed/);
    assert.match((await cli(['test', '--help'], dir)).out, /--pass-with-no-tests/);
  });
});

describe('coze-workflows test against a server that echoes the token', function () {
  const servers = useServers();
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coze-cli-echo-'));
    mkdirSync(join(dir, '.coze', 'tests', 'data'), { recursive: true });
    writeFileSync(join(dir, '.coze', 'workflows.json'), JSON.stringify({ workflows: [{ id: WORKFLOWS.helloStream, name: 'hello_stream' }] }));
    writeFileSync(join(dir, '.coze', 'tests', 'suite.test.yaml'), SUITE);
    writeFileSync(
      join(dir, '.coze', 'tests', 'failing.test.yaml'),
      `${FAILING}  - name: fails at the model
    workflow: "${WORKFLOWS.failMidway}"
    expect: { status: success }
`,
    );
    writeFileSync(join(dir, '.coze', 'tests', 'data', 'names.jsonl'), '{"name":"Ann"}\n');
    writeFileSync(join(dir, '.coze', 'tests', 'data', 'notes.txt'), 'notes for the workflow\n');
    servers.cloud.setEchoToken(true);
    servers.studio.setEchoToken(true);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Every place the token could show: as given, as sent (trimmed), and without its prefix. */
  const leaks = (text: string) => [TOKEN, TOKEN.slice(4)].filter((t) => text.includes(t));

  for (const dialect of ['cloud', 'studio'] as const) {
    for (const given of [TOKEN, `${TOKEN}\n`]) {
      it(`${dialect}, token ${given === TOKEN ? 'as is' : 'pasted with a line break'}: the console and the JUnit report of passing and failing cases hold no token`, async () => {
        const r = await cli(['test', '--base-url', servers[dialect].url, '--dialect', dialect, '--reporter', 'junit', '--output', 'results.xml'], dir, {
          COZE_API_TOKEN: given,
        });
        assert.equal(r.code, 1, r.out + r.err);
        assert.match(r.out, /4 passed, 2 failed/);
        const xml = readFileSync(join(dir, 'results.xml'), 'utf8');
        assert.deepEqual(leaks(r.out), [], 'console');
        assert.deepEqual(leaks(r.err), [], 'stderr');
        assert.deepEqual(leaks(xml), [], 'JUnit report');
        // the server did echo it: in the outputs and node texts the matchers saw, a failure's message, the debug URL
        assert.match(xml, /actual: +\{\n.*Hello, Ada! .*\[echo pat_\*\*\*\]/);
        assert.match(xml, /the caller was pat_\*\*\*/);
        assert.match(r.out, /caller=pat_\*\*\*/);
        assert.ok(
          servers[dialect].requests.every((q) => q.headers.authorization === `Bearer ${TOKEN}`),
          'the token was sent trimmed, in the header only',
        );
      });
    }
  }
});

describe('the CLI says where it runs, and a flag beats the environment', function () {
  const servers = useServers();
  it('--base-url wins over COZE_BASE_URL, and the first line names the server and where the choice came from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coze-cli-where-'));
    try {
      mkdirSync(join(dir, '.coze', 'tests'), { recursive: true });
      writeFileSync(
        join(dir, '.coze', 'tests', 'one.test.yaml'),
        `cases:\n  - name: greets\n    workflow: "${WORKFLOWS.helloStream}"\n    parameters: { name: Ann }\n    expect: { output: { contains: Ann } }\n`,
      );
      const ambient = { COZE_BASE_URL: servers.studio.url, COZE_DIALECT: 'studio' };
      const flag = await cli(['test', '--base-url', servers.cloud.url, '--dialect', 'cloud'], dir, ambient);
      assert.equal(flag.code, 0, flag.out + flag.err);
      assert.equal(flag.out.split('\n')[0], `coze-workflows test: 1 file(s) against ${servers.cloud.url} (from --base-url)`);
      assert.equal(servers.studio.requests.length, 0, "the environment's server got nothing");
      assert.equal(servers.cloud.requests.filter((q) => q.path === '/v1/workflow/stream_run').length, 1);
      const env = await cli(['test'], dir, ambient);
      assert.equal(env.code, 0, env.out + env.err);
      assert.equal(env.out.split('\n')[0], `coze-workflows test: 1 file(s) against ${servers.studio.url} (from COZE_BASE_URL)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--region beats COZE_BASE_URL too; both flags at once is a usage error', () => {
    const env = { COZE_API_TOKEN: 'pat_x', COZE_BASE_URL: 'https://coze.example.com', COZE_DIALECT: 'studio' };
    assert.deepEqual(pick(serverConfig({ region: 'com' }, env)), { baseUrl: 'https://api.coze.com', dialect: 'cloud', source: '--region' });
    assert.deepEqual(pick(serverConfig({}, env)), { baseUrl: 'https://coze.example.com', dialect: 'studio', source: 'COZE_BASE_URL' });
    assert.deepEqual(pick(serverConfig({}, { COZE_API_TOKEN: 'pat_x' })), { baseUrl: 'https://api.coze.cn', dialect: 'cloud', source: 'the default' });
    assert.throws(() => serverConfig({ region: 'cn', 'base-url': 'https://coze.example.com' }, env), /not both/);
  });

  it("a test file's or saved workflow's environment: a built-in region is honoured, one of the editor's settings is an error naming the flag, and a flag decides for all", async () => {
    const env = { COZE_API_TOKEN: 'pat_x', COZE_BASE_URL: 'https://coze.example.com', COZE_DIALECT: 'studio' };
    assert.deepEqual(pick(serverFor('coze.com', serverConfig({}, env))), {
      baseUrl: 'https://api.coze.com',
      dialect: 'cloud',
      source: 'the environment it names',
    });
    assert.deepEqual(pick(serverFor('coze.com', serverConfig({}, { COZE_API_TOKEN: 'pat_x' }))), {
      baseUrl: 'https://api.coze.com',
      dialect: 'cloud',
      source: 'the environment it names',
    });
    assert.deepEqual(pick(serverFor(undefined, serverConfig({}, env))), { baseUrl: 'https://coze.example.com', dialect: 'studio', source: 'COZE_BASE_URL' });
    assert.deepEqual(pick(serverFor('coze.com', serverConfig({ region: 'cn' }, env))), {
      baseUrl: 'https://api.coze.cn',
      dialect: 'cloud',
      source: '--region',
    });
    assert.throws(
      () => serverFor('my-studio', serverConfig({}, env)),
      /"my-studio" is an environment of the editor's user settings, which the CLI cannot see: pass --base-url/,
    );
    // spawned: the case that names it fails at once with that message and sends nothing; with a flag it runs
    const dir = mkdtempSync(join(tmpdir(), 'coze-cli-env-'));
    try {
      mkdirSync(join(dir, '.coze', 'tests'), { recursive: true });
      writeFileSync(
        join(dir, '.coze', 'tests', 'one.test.yaml'),
        `environment: my-studio\ncases:\n  - name: greets\n    workflow: "${WORKFLOWS.helloStream}"\n    parameters: { name: Ann }\n`,
      );
      const unseen = await cli(['test'], dir, { COZE_BASE_URL: servers.studio.url, COZE_DIALECT: 'studio' });
      assert.equal(unseen.code, 1, unseen.out);
      assert.match(unseen.out, /"my-studio" is an environment of the editor's user settings/);
      assert.equal(servers.studio.requests.length, 0);
      const flagged = await cli(['test', '--base-url', servers.studio.url, '--dialect', 'studio'], dir);
      assert.equal(flagged.code, 0, flagged.out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const pick = (c: ServerConfig) => ({ baseUrl: c.baseUrl, dialect: c.dialect, source: c.source });

describe("the demo workspace's suite", () => {
  const servers = useServers();
  it('runs from the demo folder as shipped: every case passes but the two that fail on purpose (one by its judge)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coze-demo-suite-'));
    try {
      const demoEnv = pathToFileURL(resolve(__dirname, '../../../scripts/lib/demoEnv.mjs')).href;
      const { writeSampleWorkspace } = (await import(demoEnv)) as { writeSampleWorkspace(folder: string, catalogue: unknown): void };
      writeSampleWorkspace(dir, await (await fetch(`${servers.cloud.url}/_test/catalogue`)).json());
      const r = await cli(['test', '--base-url', servers.cloud.url, '--dialect', 'cloud'], dir);
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.out, /8 passed, 2 failed/);
      assert.match(r.out, /fails on purpose/);
      assert.match(r.out, /demo\.test\.yaml:25/);
      assert.match(r.out, /judged\.test\.yaml:15:\d+: the judge "grader" scored 0\.50, below the threshold 0\.70: missing "refund"/);
      assert.match(r.out, /steady at least half the time \([\d.]+ s · 2\/4 runs passed\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
