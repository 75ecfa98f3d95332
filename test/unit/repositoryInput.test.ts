// What a cloned repository's test files and settings may ask of the runner. The one upload policy
// (src/core/files/uploadPolicy.ts): a path a repository or an agent names stays inside its folder once links
// are followed, a file's type is read from the file the bytes come from, and the runner refuses before
// anything is sent, for a file input and for a dataset alike. The runner's settings are clamped.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSupportedFileType } from '../../src/core/files/fileTypes';
import { checkLocalFile, FileRefusedError } from '../../src/core/files/uploadPolicy';
import { fillHint } from '../../src/core/hints';
import { suiteLimit } from '../../src/core/testing/suiteLimits';
import { runSuite, type SuiteOptions } from '../../src/core/testing/suiteRunner';
import { parseTestFile } from '../../src/core/testing/testFile';
import { WORKFLOWS } from '../server/index';
import { clientFor, useServers } from './support/servers';

describe('the upload policy', () => {
  let home: string;
  let repo: string;
  beforeEach(() => {
    home = realpathSync(mkdtempSync(join(tmpdir(), 'coze-policy-')));
    repo = join(home, 'repo');
    mkdirSync(join(repo, 'samples'), { recursive: true });
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh', 'id_ed25519'), '-----BEGIN OPENSSH PRIVATE KEY-----\n');
    writeFileSync(join(home, 'outside.pdf'), '%PDF-1.4\n');
    writeFileSync(join(repo, 'samples', 'notes.txt'), 'notes\n');
    writeFileSync(join(repo, 'samples', 'KEY'), 'no extension\n');
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const refusal = async (path: string, shownAs?: string) => {
    try {
      await checkLocalFile(path, { root: repo, ...(shownAs ? { shownAs } : {}) });
    } catch (e) {
      assert.ok(e instanceof FileRefusedError, String(e));
      return e.message;
    }
    return assert.fail(`${path} was not refused`);
  };

  it('takes a file inside the root, and gives the path its bytes really come from', async () => {
    const ok = await checkLocalFile(join(repo, 'samples', 'notes.txt'), { root: repo });
    assert.deepEqual(ok, { path: join(repo, 'samples', 'notes.txt'), fileName: 'notes.txt', size: 6 });
    symlinkSync('notes.txt', join(repo, 'samples', 'same.md'));
    assert.equal((await checkLocalFile(join(repo, 'samples', 'same.md'), { root: repo })).path, join(repo, 'samples', 'notes.txt'));
  });

  it('refuses a committed link out of the root (report.pdf → ~/.ssh/id_ed25519), an absolute path and ../ out of it', async () => {
    symlinkSync(join(home, '.ssh', 'id_ed25519'), join(repo, 'samples', 'report.pdf'));
    assert.match(
      await refusal(join(repo, 'samples', 'report.pdf'), 'samples/report.pdf'),
      /^Not uploaded: samples\/report\.pdf is outside .*repo\. .*links are followed/,
    );
    assert.match(await refusal(join(home, 'outside.pdf')), /is outside/);
    assert.match(await refusal(join(repo, '..', 'outside.pdf')), /is outside/);
    symlinkSync(home, join(repo, 'up'));
    assert.match(await refusal(join(repo, 'up', 'outside.pdf')), /is outside/);
  });

  it('reads the type from the file a link leads to, not the link’s name; refuses what is not a file', async () => {
    symlinkSync('KEY', join(repo, 'samples', 'looks.pdf'));
    assert.match(await refusal(join(repo, 'samples', 'looks.pdf'), 'samples/looks.pdf'), /samples\/looks\.pdf \(a link to KEY\) has no extension/);
    assert.match(await refusal(join(repo, 'samples')), /is a folder/);
    assert.match(await refusal(join(repo, 'missing.pdf')), /does not exist/);
  });

  it('knows file types by a Map: x.constructor or x.__proto__ is no type', () => {
    for (const name of ['x.constructor', 'x.__proto__', 'x.toString', 'x.hasOwnProperty', 'x.valueOf']) assert.equal(isSupportedFileType(name), false, name);
    assert.equal(isSupportedFileType('x.pdf'), true);
  });

  describe('in the runner (the Test Explorer and the CLI)', () => {
    const servers = useServers();
    for (const dialect of ['cloud', 'studio'] as const) {
      it(`${dialect}: a file input or a dataset that leaves the root errs at its case's line, and nothing is uploaded or run`, async () => {
        symlinkSync(join(home, '.ssh', 'id_ed25519'), join(repo, 'samples', 'report.pdf'));
        writeFileSync(join(home, 'secrets.csv'), 'name\nroot-password\n');
        symlinkSync(join(home, 'secrets.csv'), join(repo, 'samples', 'rows.csv'));
        const path = join(repo, '.coze', 'tests', 'steal.test.yaml');
        const parsed = parseTestFile(
          `cases:\n  - name: key\n    workflow: "${WORKFLOWS.describeFile}"\n    parameters: { file: { file: ../../samples/report.pdf } }\n  - name: rows\n    workflow: "${WORKFLOWS.helloStream}"\n    each: ../../samples/rows.csv\n`,
          path,
        );
        assert.ok(parsed.ok);
        const encoded: string[] = [];
        const options: SuiteOptions = {
          clientFor: async () => ({ client: clientFor(servers[dialect]), environment: { id: dialect, name: dialect, dialect } }),
          resolveWorkflow: (ref) => ({ workflowId: ref, options: {} }),
          encodeFile: async (f) => (encoded.push(f.path), 'never'),
          filesRoot: () => repo,
          qps: 0,
          concurrency: 1,
        };
        const summary = await runSuite([parsed.file], options);
        const byTitle = Object.fromEntries(summary.results.map((r) => [r.case.title, r]));
        assert.equal(byTitle.key?.outcome, 'error');
        assert.match(byTitle.key!.error!, /Not uploaded: \.\.\/\.\.\/samples\/report\.pdf is outside/);
        assert.equal(byTitle.key!.case.line, 2);
        const rows = summary.results.find((r) => r.case.file === path && r.case.title.startsWith('dataset'));
        assert.ok(rows, JSON.stringify(summary.results.map((r) => r.case.title)));
        assert.equal(rows.case.line, 5);
        assert.match(rows.error!, /the dataset \.\.\/\.\.\/samples\/rows\.csv is outside .*: it was not read/);
        assert.deepEqual(encoded, []);
        assert.equal(servers[dialect].requests.length, 0, 'nothing reached the server');
      });
    }
  });
});

describe('runner settings a workspace can set', () => {
  it('are clamped to what the runner takes, and a value that is not a number falls back to the default, each said', () => {
    assert.deepEqual(suiteLimit('concurrency', 4), { value: 4 });
    assert.deepEqual(suiteLimit('concurrency', undefined), { value: 4 });
    const huge = suiteLimit('concurrency', 2_000_000);
    assert.equal(huge.value, 64);
    assert.equal(fillHint(huge.note!), 'coze.tests.concurrency is 2000000, outside 1–64: 64 is used.');
    assert.equal(suiteLimit('concurrency', 0).value, 1);
    assert.equal(suiteLimit('concurrency', 2.5).value, 2);
    const text = suiteLimit('qps', 'fast');
    assert.equal(text.value, 10);
    assert.equal(fillHint(text.note!), 'coze.tests.qps is not a number ("fast"): 10 is used.');
    assert.equal(suiteLimit('qps', -5).value, 0);
    assert.equal(suiteLimit('qps', 1e9).value, 500);
    assert.equal(suiteLimit('qps', Number.NaN).value, 10);
  });
});
