import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { Script } from 'node:vm';

/** The commands that get a cache file of their own; any other first argument (a typo) compiles without one. */
const CACHED_USES = new Set(['test', 'mcp', '--help', 'help']);

/** Files no start has touched for this long are removed when a cache is written. */
const STALE_MS = 30 * 24 * 3600 * 1000;

export type CacheDirectory = { dir: string } | { off: string };

/**
 * Where the CLI keeps V8's compiled code between starts: the user's own cache folder, never a shared temp
 * folder. `COZE_WORKFLOWS_CODE_CACHE=off` turns it off; `COZE_WORKFLOWS_CODE_CACHE=<absolute folder>` puts it
 * elsewhere, but never inside the folder the CLI runs in (a checked-out repository, which a pull request
 * controls), and never a relative path (which would resolve there). On Windows it is off: whether a folder
 * is the user's alone is a question of ACLs, which this check cannot answer.
 */
export function codeCacheDirectory(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
  cwd = process.cwd(),
): CacheDirectory {
  const setting = env.COZE_WORKFLOWS_CODE_CACHE?.trim();
  if (setting === 'off' || setting === '0' || setting === 'false') return { off: 'COZE_WORKFLOWS_CODE_CACHE is off' };
  if (platform === 'win32') return { off: 'there is no code cache on Windows (a folder’s ACLs are not checked)' };
  if (setting) {
    if (!isAbsolute(setting)) return { off: `COZE_WORKFLOWS_CODE_CACHE=${setting} is relative; it must be an absolute folder outside the one the CLI runs in` };
    const rel = relative(cwd, setting);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)))
      return { off: `COZE_WORKFLOWS_CODE_CACHE=${setting} is inside ${cwd}, where the CLI runs (a repository's files are not trusted to hold compiled code)` };
    return { dir: setting };
  }
  if (!home) return { off: 'there is no home folder' };
  if (platform === 'darwin') return { dir: join(home, 'Library', 'Caches', 'coze-workflows') };
  return { dir: join(env.XDG_CACHE_HOME || join(home, '.cache'), 'coze-workflows') };
}

export interface CachedScript {
  /** The compiled function wrapper `(exports, require, module, __filename, __dirname) => …`. */
  run: (...args: unknown[]) => unknown;
  /** 'accepted': compiled from the cache; 'absent', 'rejected' or 'untrusted': compiled from the text. */
  cache: 'accepted' | 'absent' | 'rejected' | 'untrusted' | 'off';
  /** Why the cache was not used, when it was off or untrusted. */
  reason?: string;
  /** Writes the cache now if it has to be written (once); later calls do nothing. */
  save(): void;
}

const uid = () => process.getuid?.();
const MISSING = 'the folder does not exist';

/**
 * Why a folder cannot be trusted with compiled code, as ssh treats `~/.ssh`: it must be a real folder (not a
 * link), owned by this user, and writable by no one else. Undefined when it can be trusted.
 */
export function untrustedFolder(dir: string): string | undefined {
  let st;
  try {
    st = lstatSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? MISSING : `${dir} cannot be read (${code})`;
  }
  if (!st.isDirectory()) return `${dir} is not a folder`;
  if (st.uid !== uid()) return `${dir} belongs to another user (uid ${st.uid})`;
  if (st.mode & 0o022) return `${dir} can be written by others (mode ${(st.mode & 0o777).toString(8)})`;
  return undefined;
}

/** The file's bytes if it is a regular file of this user's that no one else can read or write (0600), opened without following a link. */
function readTrusted(file: string): { data?: Buffer; reason?: string } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? {} : { reason: `${file} cannot be opened (${code})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { reason: `${file} is not a regular file` };
    if (st.uid !== uid()) return { reason: `${file} belongs to another user (uid ${st.uid})` };
    if (st.mode & 0o077) return { reason: `${file} can be read or written by others (mode ${(st.mode & 0o777).toString(8)})` };
    return { data: readFileSync(fd) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Compiles `source` (CommonJS module text) with V8's code cache from `dir`. V8 takes cached data made from
 * another text of the same length and runs it, so the cache is read only from a folder and a file that are
 * this user's alone (see `untrustedFolder`, `readTrusted`); anything else is ignored and compiled from the
 * text. The file is named for `hash` (the text's), the command (each compiles other functions) and V8's
 * version and architecture. It is made after the program has run a while (`save`), so it holds the functions
 * start-up compiled; files of other texts, and files untouched for 30 days, are removed then.
 */
export function compileWithCodeCache(source: string, filename: string, hash: string, use: string, where: CacheDirectory): CachedScript {
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
  const suffix = `-${process.versions.v8}-${process.arch}.v8cache`;
  const dir = 'dir' in where ? where.dir : undefined;
  let reason = 'off' in where ? where.off : CACHED_USES.has(use) ? undefined : `"${use}" is not a command that keeps a cache`;
  const file = dir && !reason ? join(dir, `cli-${hash}-${use.replace(/[^a-z0-9]/gi, '_')}${suffix}`) : undefined;
  let cachedData: Buffer | undefined;
  let untrusted = false;
  if (file && dir) {
    const folder = untrustedFolder(dir);
    // a folder that is not there yet is made by `save`; any other doubt about it leaves the cache unread
    const read = folder ? (folder === MISSING ? {} : { reason: folder }) : readTrusted(file);
    cachedData = read.data;
    if (read.reason) {
      untrusted = true;
      reason = read.reason;
    }
  }
  const script = new Script(wrapped, { filename, ...(cachedData ? { cachedData } : {}) });
  const cache: CachedScript['cache'] = !file ? 'off' : untrusted ? 'untrusted' : !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
  let pending = cache === 'absent' || cache === 'rejected';
  const save = () => {
    if (!pending || !file || !dir) return;
    pending = false;
    const partial = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // a folder that was already there is checked again: mkdir's mode applies only to one it makes
      if (untrustedFolder(dir)) return;
      writeFileSync(partial, script.createCachedData(), { mode: 0o600, flag: 'wx' });
      // whole or not at all: CLIs started side by side (CI shards) never read a half-written file
      renameSync(partial, file);
      const now = Date.now();
      for (const name of readdirSync(dir)) {
        if (!name.startsWith('cli-') || name === file.slice(dir.length + 1)) continue;
        const path = join(dir, name);
        // an older version's files (same runtime, another text) are never read again; any other goes when stale
        const old = name.endsWith(suffix) && !name.startsWith(`cli-${hash}-`);
        if (old || now - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? now) > STALE_MS) rmSync(path, { force: true });
      }
    } catch {
      try {
        rmSync(partial, { force: true });
      } catch {
        // the folder itself is unusable: nothing was left in it
      }
    }
  };
  return { run: script.runInThisContext() as CachedScript['run'], cache, ...(reason ? { reason } : {}), save };
}
