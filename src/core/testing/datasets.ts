import { createReadStream } from 'node:fs';
import { parseJsonLossless } from '../json';

export type DatasetRow = Record<string, unknown>;

/** A dataset that cannot be read, at its line. */
export class DatasetError extends Error {
  constructor(readonly path: string, readonly line: number, reason: string) {
    super(`${path}:${line}: ${reason}`);
    this.name = 'DatasetError';
  }
}

/**
 * The rows of a dataset, one at a time, never the whole file in memory: `.jsonl` (one JSON object per line,
 * blank lines skipped; integers beyond 2^53, such as Coze ids, kept exact as strings) or `.csv` (a header row names the fields; csv-parse reads quotes and line breaks in
 * fields as RFC 4180 says). Each row comes with its line.
 */
export async function* readDataset(path: string): AsyncGenerator<{ row: DatasetRow; line: number }> {
  // the readers load with the first dataset, not at every start of the CLI (docs/benchmarks.md)
  if (/\.jsonl$/i.test(path)) {
    const { createInterface } = await import('node:readline');
    const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    let n = 0;
    for await (const text of lines) {
      n++;
      if (text.trim() === '') continue;
      let row: unknown;
      try {
        row = parseJsonLossless(text);
      } catch (e) {
        throw new DatasetError(path, n, `not JSON: ${(e as Error).message}`);
      }
      if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new DatasetError(path, n, 'each line must be a JSON object');
      yield { row: row as DatasetRow, line: n };
    }
    return;
  }
  if (/\.csv$/i.test(path)) {
    const { parse } = await import('csv-parse');
    const parser = createReadStream(path).pipe(parse({ columns: true, bom: true, skip_empty_lines: true, info: true }));
    try {
      for await (const record of parser as AsyncIterable<{ record: DatasetRow; info: { lines: number } }>) yield { row: record.record, line: record.info.lines };
    } catch (e) {
      const line = (e as { lines?: number }).lines ?? 1;
      throw new DatasetError(path, line, (e as Error).message);
    }
    return;
  }
  throw new DatasetError(path, 1, 'a dataset is a .jsonl or a .csv file');
}
