import { once } from 'node:events';
import { appendFileSync, createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where a report keeps its parts while the cases run (a private folder of scratch files, written as each case
 * ends), and how it puts them together at the end, streaming: memory stays flat whatever the number of cases.
 */
export class ScratchReport {
  private readonly dir: string;

  constructor(prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  /** A scratch file's path, by its name. */
  part(name: string): string {
    return join(this.dir, name);
  }

  append(name: string, text: string): void {
    appendFileSync(this.part(name), text);
  }

  /**
   * Writes the report to `path`: `compose` puts text and copies scratch files (a part never written is empty)
   * in the order it wants. The scratch folder goes afterwards, whatever happens.
   */
  async write(path: string, compose: (put: (text: string) => Promise<void>, copy: (name: string) => Promise<void>) => Promise<void>): Promise<void> {
    const out = createWriteStream(path);
    const put = async (chunk: string | Buffer) => {
      if (!out.write(chunk)) await once(out, 'drain');
    };
    const copy = async (name: string) => {
      try {
        for await (const chunk of createReadStream(this.part(name))) await put(chunk as Buffer);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    };
    try {
      await compose(put, copy);
      out.end();
      await once(out, 'finish');
    } finally {
      out.destroy();
      this.dispose();
    }
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
