import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

const TEMP_NAME = /^\..+\.[0-9a-f]{12}\.tmp$/;

/** Removes what writes cut short by a crash left in a folder: their temporary files (named as below). */
export async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale = names.filter((n) => TEMP_NAME.test(n));
  await Promise.all(stale.map((n) => rm(join(dir, n), { force: true })));
}

/**
 * Writes a file so that readers see the old content or the new, never a torn one: the bytes go to a
 * temporary file beside it, flushed, then renamed over it. A crash before the rename leaves the old file.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { encoding: 'utf8', flush: true });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
