import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Where the CLI keeps V8's compiled code between starts: the user's own cache folder (never a shared temp
 * folder, where another account could plant compiled code). `COZE_WORKFLOWS_CODE_CACHE=off` turns it off;
 * `COZE_WORKFLOWS_CODE_CACHE=<folder>` puts it elsewhere.
 */
export function codeCacheDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home = homedir()): string | undefined {
  const setting = env.COZE_WORKFLOWS_CODE_CACHE?.trim();
  if (setting === 'off' || setting === '0' || setting === 'false') return undefined;
  if (setting) return setting;
  if (!home) return undefined;
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'coze-workflows', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'coze-workflows');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'coze-workflows');
}

export interface CachedScript {
  /** The compiled function wrapper `(exports, require, module, __filename, __dirname) => …`. */
  run: (...args: unknown[]) => unknown;
  /** 'accepted': compiled from the cache; 'absent' or 'rejected': compiled from the text (the cache is written). */
  cache: 'accepted' | 'absent' | 'rejected' | 'off';
  /** Writes the cache now if it has to be written (once); later calls do nothing. */
  save(): void;
}

/**
 * Compiles `source` (CommonJS module text) with V8's code cache from `dir`. The file is named for `hash` (the
 * text's), `use` (what the program starts as: each command compiles other functions) and V8's version and
 * architecture (V8 refuses data made by another, and two runtimes must not overwrite each other's file).
 * The cache is made after the program has run a while (`save`), so it holds the functions start-up compiled,
 * not only the top level; files of other texts are removed then. A cache that cannot be read or written costs
 * nothing but the time it would have saved.
 */
export function compileWithCodeCache(source: string, filename: string, hash: string, use: string, dir: string | undefined): CachedScript {
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
  const suffix = `-${process.versions.v8}-${process.arch}.v8cache`;
  const file = dir && join(dir, `cli-${hash}-${use.replace(/[^a-z0-9]/gi, '_').slice(0, 20)}${suffix}`);
  let cachedData: Buffer | undefined;
  if (file) {
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new Script(wrapped, { filename, cachedData });
  const cache: CachedScript['cache'] = !file ? 'off' : !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
  let pending = cache === 'absent' || cache === 'rejected';
  const save = () => {
    if (!pending || !file || !dir) return;
    pending = false;
    const partial = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
      // whole or not at all: CLIs started side by side (CI shards) never read a half-written file
      renameSync(partial, file);
      // an older version's files (same runtime, another text) are never read again
      for (const name of readdirSync(dir)) if (name.startsWith('cli-') && name.endsWith(suffix) && !name.startsWith(`cli-${hash}-`)) rmSync(join(dir, name), { force: true });
    } catch {
      try {
        rmSync(partial, { force: true });
      } catch {
        // the folder itself is unusable: nothing was left in it
      }
    }
  };
  return { run: script.runInThisContext() as CachedScript['run'], cache, save };
}
