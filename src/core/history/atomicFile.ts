import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import writeFileAtomicLib from 'write-file-atomic';

/** write-file-atomic names its temporary file `<file>.<number>` beside the file. */
const TEMP_NAME = /^.+\.json\.\d+$/;

/** Removes what writes cut short by a crash left in a folder: their temporary files (named as above). */
export async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale = names.filter((n) => TEMP_NAME.test(n));
  await Promise.all(stale.map((n) => rm(join(dir, n), { force: true })));
}

/**
 * Writes a file so that readers see the old content or the new, never a torn one, with write-file-atomic
 * (npm's own): the bytes go to a temporary file beside it, fsynced, then renamed over it; writes of one file
 * are queued; a symlink is followed and the file's mode and owner are kept. A crash before the rename leaves
 * the old file and a temporary one, which `removeStaleTemps` sweeps. `onTempCreated` tells when a write has
 * begun (the crash test kills its writer then).
 */
export async function writeFileAtomic(path: string, data: string, onTempCreated?: (tmp: string) => void): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomicLib(path, data, { encoding: 'utf8', ...(onTempCreated ? { tmpfileCreated: onTempCreated } : {}) });
}
