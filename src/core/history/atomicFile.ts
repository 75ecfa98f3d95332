import { randomInt } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
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

/**
 * Writes a file of many pieces the same way (a temporary file beside it, fsynced, renamed over it), one
 * piece at a time with the event loop free between them: a run of 100,000 events is never one string of
 * 50 MB built in one go. write-file-atomic takes the data whole, hence this. Gives the bytes written, or
 * undefined without touching the file when they would pass `limit` (the caller writes something smaller).
 */
export async function writePiecesAtomic(path: string, pieces: Iterable<string>, limit = Number.POSITIVE_INFINITY): Promise<number | undefined> {
  await mkdir(dirname(path), { recursive: true });
  // named as write-file-atomic names its own, so that removeStaleTemps sweeps what a crash leaves
  const tmp = `${path}.${randomInt(1, 2 ** 47)}`;
  const file = await open(tmp, 'wx');
  let bytes = 0;
  let written = false;
  try {
    for (const piece of pieces) {
      const data = Buffer.from(piece, 'utf8');
      bytes += data.length;
      if (bytes > limit) return undefined;
      await file.write(data);
    }
    await file.sync();
    await file.close();
    await rename(tmp, path);
    written = true;
    return bytes;
  } finally {
    if (!written) {
      await file.close().catch(() => undefined);
      await rm(tmp, { force: true });
    }
  }
}
