// Child process of the crash test (history.test.ts): writes a file atomically over and over, growing a
// version number, until the parent kills it with SIGKILL at a random moment.
import { writeFileAtomic } from '../../src/core/history/atomicFile';

const target = process.argv[2];
if (!target) throw new Error('usage: atomicWriterChild <file>');
void (async () => {
  for (let version = 1; ; version++) {
    // 4 to 11 MB per version, so a kill often lands while the temporary file is being written
    const pad = 'x'.repeat((4 + (version % 8)) * 1024 * 1024);
    await writeFileAtomic(target, JSON.stringify({ version, pad, length: pad.length }));
    process.send?.(version);
  }
})();
