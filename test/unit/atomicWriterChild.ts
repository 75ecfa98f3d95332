// Child process of the crash test (history.test.ts): writes a file atomically over and over, growing a
// version number, until the parent kills it with SIGKILL. It tells the parent when each write has begun (its
// temporary file exists) and, when asked to, waits right there for the kill, so a kill lands mid-write by
// construction rather than by timing.
import { writeFileAtomic } from '../../src/core/history/atomicFile';

const target = process.argv[2];
const holdAt = Number(process.argv[3] ?? 0); // the version whose write waits for the kill (0: none)
if (!target) throw new Error('usage: atomicWriterChild <file> [version to hold at]');
void (async () => {
  for (let version = 1; ; version++) {
    // 4 to 11 MB per version, so a kill often lands while the temporary file is being written
    const pad = 'x'.repeat((4 + (version % 8)) * 1024 * 1024);
    await writeFileAtomic(target, JSON.stringify({ version, pad, length: pad.length }), () => {
      process.send?.({ writing: version });
      if (version === holdAt) return new Promise<never>(() => undefined) as unknown as void;
    });
    process.send?.({ written: version });
  }
})();
