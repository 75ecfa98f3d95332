// The CLI's V8 code cache (src/cli/codeCache.ts, used by dist/cli.js): where it lives, that a second start
// compiles from it, that a command, a text or a runtime of its own never reads another's file, and that a
// cache that cannot be written costs nothing.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { codeCacheDirectory, compileWithCodeCache } from '../../src/cli/codeCache';

const CLI = resolve(__dirname, '../../../dist/cli.js'); // built from out/test/unit/

/** A module text with enough functions that V8 has something to cache; it reports through `module.exports`. */
const SOURCE = `${Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join('\n')}\nmodule.exports = [${Array.from({ length: 50 }, (_, i) => `f${i}(1)`).join(', ')}].reduce((a, b) => a + b, 0);`;

let compiles = 0;
function runModule(source: string, hash: string, use: string, dir: string | undefined) {
  // a name of its own each time: V8 would otherwise take the script from this process's own memory of it
  const compiled = compileWithCodeCache(source, join(tmpdir(), `cached-module-${++compiles}.js`), hash, use, dir);
  const m = { exports: undefined as unknown };
  compiled.run(m.exports, require, m, 'cached-module.js', tmpdir());
  compiled.save();
  return { cache: compiled.cache, value: m.exports };
}

describe('the CLI code cache', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'coze-code-cache-'))));
  afterEach(() => {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  });

  it("lives in the user's own cache folder on each platform, never a shared temp folder, and can be moved or turned off", () => {
    assert.equal(codeCacheDirectory({}, 'linux', '/home/ada'), '/home/ada/.cache/coze-workflows');
    assert.equal(codeCacheDirectory({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/ada'), '/xdg/coze-workflows');
    assert.equal(codeCacheDirectory({}, 'darwin', '/Users/ada'), '/Users/ada/Library/Caches/coze-workflows');
    assert.equal(codeCacheDirectory({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32', 'C:\\Users\\ada'), join('C:\\Users\\ada\\AppData\\Local', 'coze-workflows', 'Cache'));
    assert.equal(codeCacheDirectory({ COZE_WORKFLOWS_CODE_CACHE: '/elsewhere' }, 'linux', '/home/ada'), '/elsewhere');
    for (const off of ['off', '0', 'false']) assert.equal(codeCacheDirectory({ COZE_WORKFLOWS_CODE_CACHE: off }, 'linux', '/home/ada'), undefined);
    assert.equal(codeCacheDirectory({}, 'linux', ''), undefined);
  });

  it('is written once, readable by its owner only, and the next start compiles from it with the same result', () => {
    const first = runModule(SOURCE, 'aaaa', 'test', dir);
    assert.equal(first.cache, 'absent');
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0]!, new RegExp(`^cli-aaaa-test-${process.versions.v8.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`));
    if (process.platform !== 'win32') assert.equal(statSync(join(dir, files[0]!)).mode & 0o777, 0o600);
    const second = runModule(SOURCE, 'aaaa', 'test', dir);
    assert.equal(second.cache, 'accepted');
    assert.equal(second.value, first.value);
  });

  it('keeps a file per command, and removes the files of an older text when a new one is written', () => {
    runModule(SOURCE, 'aaaa', 'test', dir);
    assert.equal(runModule(SOURCE, 'aaaa', 'mcp', dir).cache, 'absent', 'mcp compiles other functions than test: it does not start from test’s file');
    assert.equal(readdirSync(dir).length, 2);
    const changed = `${SOURCE}\n// a new version`;
    assert.equal(runModule(changed, 'bbbb', 'test', dir).cache, 'absent');
    assert.deepEqual(readdirSync(dir).map((f) => f.split('-').slice(0, 3).join('-')), ['cli-bbbb-test']);
  });

  it('recompiles from the text when the file is not V8’s (damaged, or from another build), and replaces it', () => {
    runModule(SOURCE, 'aaaa', 'test', dir);
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file!), Buffer.alloc(4096, 7));
    const again = runModule(SOURCE, 'aaaa', 'test', dir);
    assert.equal(again.cache, 'rejected');
    assert.equal(again.value, runModule(SOURCE, 'aaaa', 'test', dir).value);
    assert.equal(runModule(SOURCE, 'aaaa', 'test', dir).cache, 'accepted');
  });

  it('costs nothing when the folder cannot be written or the cache is off', function () {
    if (process.platform === 'win32' || process.getuid?.() === 0) {
      // root writes into a read-only folder: a file where the folder should be stands in for it
      const blocked = join(dir, 'blocked');
      writeFileSync(blocked, '');
      assert.equal(runModule(SOURCE, 'aaaa', 'test', join(blocked, 'cache')).cache, 'absent');
    } else {
      chmodSync(dir, 0o500);
      assert.equal(runModule(SOURCE, 'aaaa', 'test', dir).cache, 'absent');
    }
    assert.equal(readdirSync(dir).filter((f) => f.endsWith('.v8cache') || f.endsWith('.tmp')).length, 0);
    assert.equal(runModule(SOURCE, 'aaaa', 'test', undefined).cache, 'off');
  });

  it('dist/cli.js writes the cache on its first start and reads it on the next, without writing it again', async function () {
    this.timeout(60_000);
    const help = () =>
      new Promise<string>((done, fail) =>
        execFile(process.execPath, [CLI, '--help'], { env: { PATH: process.env.PATH ?? '', COZE_WORKFLOWS_CODE_CACHE: dir }, encoding: 'utf8' }, (e, out) => (e ? fail(e) : done(out))),
      );
    const first = await help();
    assert.match(first, /coze-workflows <command>/);
    const [file] = readdirSync(dir);
    assert.ok(file && existsSync(join(dir, file)), 'the first start wrote its cache');
    assert.match(file, /^cli-[0-9a-f]{16}-__help-/);
    const written = statSync(join(dir, file)).mtimeMs;
    assert.equal(await help(), first);
    assert.deepEqual(readdirSync(dir), [file]);
    assert.equal(statSync(join(dir, file)).mtimeMs, written, 'the second start compiled from the cache: V8 accepted it, so nothing was rewritten');
  });
});
