import { createReadStream } from 'node:fs';
import { parseJsonLossless } from '../model/json';

export type DatasetRow = Record<string, unknown>;

/** A dataset that cannot be read, at its line. */
export class DatasetError extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
    reason: string,
  ) {
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
    for await (const line of lines) {
      n++;
      // a UTF-8 BOM (what Windows editors write first) is not part of the first row, as in CSV
      const text = n === 1 && line.startsWith('\uFEFF') ? line.slice(1) : line;
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
    // two columns of one name would silently overwrite each other in every row
    const columns = (header: string[]) => {
      const seen = new Set<string>();
      for (const name of header) {
        if (seen.has(name)) throw new DatasetError(path, 1, `the header names the column "${name}" twice`);
        seen.add(name);
      }
      return header;
    };
    const parser = createReadStream(path).pipe(parse({ columns, bom: true, skip_empty_lines: true, raw: true }));
    // a row is named by the line it starts on (a quoted field may hold line breaks); the header is line 1
    const breaks = (s: string) => s.match(/\r\n|\n|\r/g)?.length ?? 0;
    let next = 2;
    try {
      for await (const record of parser as AsyncIterable<{ record: DatasetRow; raw: string }>) {
        const line = next + breaks(/^(?:\r\n|\n|\r)*/.exec(record.raw)?.[0] ?? '');
        next += breaks(record.raw);
        yield { row: record.record, line };
      }
    } catch (e) {
      if (e instanceof DatasetError) throw e;
      const line = (e as { lines?: number }).lines ?? 1;
      throw new DatasetError(path, line, (e as Error).message);
    }
    return;
  }
  throw new DatasetError(path, 1, 'a dataset is a .jsonl or a .csv file');
}
