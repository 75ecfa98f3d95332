// The CLI's V8 code cache (src/cli/codeCache.ts, used by dist/cli.js): where it lives, that a second start
// compiles from it, that a command, a text or a runtime of its own never reads another's file, and that a
// cache that cannot be written costs nothing.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { codeCacheDirectory, compileWithCodeCache } from '../../src/cli/codeCache';

const CLI = resolve(__dirname, '../../../dist/cli.js'); // built from out/test/unit/

/** A module text with enough functions that V8 has something to cache; it reports through `module.exports`. */
const SOURCE = `${Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join('\n')}\nmodule.exports = [${Array.from({ length: 50 }, (_, i) => `f${i}(1)`).join(', ')}].reduce((a, b) => a + b, 0);`;

let compiles = 0;
function runModule(source: string, hash: string, use: string, dir: string | undefined) {
  // a name of its own each time: V8 would otherwise take the script from this process's own memory of it
  const compiled = compileWithCodeCache(source, join(tmpdir(), `cached-module-${++compiles}.js`), hash, use, dir ? { dir } : { off: 'off' });
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
    const at = (env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string, cwd = '/work/repo') => {
      const d = codeCacheDirectory(env, platform, home, cwd);
      return 'dir' in d ? d.dir : undefined;
    };
    assert.equal(at({}, 'linux', '/home/ada'), '/home/ada/.cache/coze-workflows');
    assert.equal(at({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/ada'), '/xdg/coze-workflows');
    assert.equal(at({}, 'darwin', '/Users/ada'), '/Users/ada/Library/Caches/coze-workflows');
    assert.equal(at({ COZE_WORKFLOWS_CODE_CACHE: '/elsewhere' }, 'linux', '/home/ada'), '/elsewhere');
    for (const off of ['off', '0', 'false']) assert.equal(at({ COZE_WORKFLOWS_CODE_CACHE: off }, 'linux', '/home/ada'), undefined);
    assert.equal(at({}, 'linux', ''), undefined);
  });

  it('is off on Windows, and refuses a relative folder or one inside the folder the CLI runs in (a checkout a pull request controls)', () => {
    assert.match((codeCacheDirectory({}, 'win32', 'C:\\Users\\ada') as { off: string }).off, /Windows/);
    for (const planted of ['cache', './.cache', '../repo/cache', '/work/repo', '/work/repo/node_modules/.cache']) {
      const d = codeCacheDirectory({ COZE_WORKFLOWS_CODE_CACHE: planted }, 'linux', '/home/ada', '/work/repo');
      assert.ok('off' in d, `${planted} is refused`);
      assert.match(d.off, /relative|inside \/work\/repo/);
    }
    assert.deepEqual(codeCacheDirectory({ COZE_WORKFLOWS_CODE_CACHE: '/work/repo2/cache' }, 'linux', '/home/ada', '/work/repo'), { dir: '/work/repo2/cache' });
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
    assert.deepEqual(
      readdirSync(dir).map((f) => f.split('-').slice(0, 3).join('-')),
      ['cli-bbbb-test'],
    );
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

  it('keeps no file for a first argument that is not a command (a typo leaves nothing behind)', () => {
    assert.equal(runModule(SOURCE, 'aaaa', 'tset', dir).cache, 'off');
    assert.equal(runModule(SOURCE, 'aaaa', 'mpc', dir).cache, 'off');
    assert.deepEqual(readdirSync(dir), []);
  });

  describe('planted code never runs', () => {
    // what an attacker plants: V8's cached data of another text of the same length, which sets a flag
    const PLANTED = `globalThis.__cozePlanted = true; module.exports = 'planted';`.padEnd(SOURCE.length, ' ');
    const planted = () => (globalThis as { __cozePlanted?: boolean }).__cozePlanted === true;
    const cacheFile = (folder: string) => join(folder, `cli-aaaa-test-${process.versions.v8}-${process.arch}.v8cache`);
    function plant(folder: string): string {
      const wrapped = (text: string) => `(function (exports, require, module, __filename, __dirname) { ${text}\n})`;
      const script = new Script(wrapped(PLANTED), { filename: join(tmpdir(), `planted-${++compiles}.js`) });
      const file = cacheFile(folder);
      writeFileSync(file, script.createCachedData(), { mode: 0o600 });
      chmodSync(file, 0o600);
      return file;
    }
    const owned = process.getuid?.() === 0;
    afterEach(() => delete (globalThis as { __cozePlanted?: boolean }).__cozePlanted);

    it("(the threat is real: in a folder that is the user's own, V8 takes the planted data and runs it)", function () {
      if (process.platform === 'win32') this.skip();
      chmodSync(dir, 0o700);
      plant(dir);
      const r = runModule(SOURCE, 'aaaa', 'test', dir);
      assert.equal(r.cache, 'accepted');
      assert.equal(r.value, 'planted');
      assert.ok(planted());
    });

    const cases: [string, (folder: string) => void, boolean][] = [
      ['an existing folder others can write (0777)', (f) => (chmodSync(f, 0o777), plant(f)), false],
      ['an existing folder of another user', (f) => (plant(f), chownSync(f, 65534, 65534)), true],
      ['a file others can read (0644)', (f) => chmodSync(plant(f), 0o644), false],
      ['a file of another user', (f) => chownSync(plant(f), 65534, 65534), true],
      [
        'a link to a planted file elsewhere',
        (f) => {
          const elsewhere = join(f, 'elsewhere');
          mkdirSync(elsewhere, { mode: 0o700 });
          symlinkSync(plant(elsewhere), cacheFile(f));
        },
        false,
      ],
    ];
    for (const [what, make, needsRoot] of cases) {
      it(`${what}: ignored, compiled from the text, and nothing written into it`, function () {
        if (process.platform === 'win32' || (needsRoot && !owned)) this.skip();
        chmodSync(dir, 0o700);
        make(dir);
        const before = readdirSync(dir).sort();
        const r = runModule(SOURCE, 'aaaa', 'test', dir);
        assert.equal(r.cache, 'untrusted');
        assert.notEqual(r.value, 'planted');
        assert.equal(planted(), false, 'the planted code did not run');
        assert.deepEqual(readdirSync(dir).sort(), before);
        chownSync(dir, process.getuid?.() ?? 0, process.getgid?.() ?? 0);
      });
    }
  });

  it('dist/cli.js writes the cache on its first start and reads it on the next, without writing it again', async function () {
    this.timeout(60_000);
    const help = () =>
      new Promise<string>((done, fail) =>
        execFile(process.execPath, [CLI, '--help'], { env: { PATH: process.env.PATH ?? '', COZE_WORKFLOWS_CODE_CACHE: dir }, encoding: 'utf8' }, (e, out) =>
          e ? fail(e) : done(out),
        ),
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
