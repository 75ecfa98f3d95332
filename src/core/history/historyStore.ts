import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunMode, RunRequest } from '../client/types';
import type { Dialect } from '../dialect';
import type { RunUpdate } from '../run/runUpdate';
import type { RunStatus } from '../run/runView';
import { writeFileAtomic } from './atomicFile';

/** What the history list shows of a run; never holds a token. */
export interface HistoryEntry {
  id: string;
  workflowId: string;
  environmentId: string;
  environmentName: string;
  baseUrl: string;
  dialect: Dialect;
  mode: RunMode;
  request: RunRequest;
  status: RunStatus;
  startedAt: number;
  endedAt?: number;
  tokenCount?: number;
  logid?: string;
  debugUrl?: string;
  executeId?: string;
  /** The output (End node or sync data), for diffs and quick looks. */
  output?: string;
  error?: { kind: string; message: string; code?: number };
}

/** A whole run: the entry plus every update, so it replays exactly as it happened. */
export interface HistoryRecord extends HistoryEntry {
  updates: RunUpdate[];
}

/** An index or run file that exists but cannot be read as history; it is left untouched. */
export class HistoryFileError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`The run history file ${path} cannot be read (${reason}). It was left as it is; move it away to start a new history.`);
    this.name = 'HistoryFileError';
  }
}

interface IndexFile {
  version: 1;
  entries: HistoryEntry[];
}

const isIndex = (v: unknown): v is IndexFile =>
  typeof v === 'object' && v !== null && (v as IndexFile).version === 1 && Array.isArray((v as IndexFile).entries);

/**
 * Run history on disk under one folder (the extension's storage, never the workspace): `index.json` with the
 * entries newest first, and `runs/<id>.json` per run. Every write is atomic and writes are serialized;
 * the number of runs kept is bounded, the oldest going first.
 */
export class HistoryStore {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly indexPath: string;

  constructor(private readonly dir: string, private maxRuns: number) {
    this.indexPath = join(dir, 'index.json');
  }

  setMaxRuns(n: number): void {
    this.maxRuns = Math.max(1, Math.floor(n));
  }

  private runPath(id: string): string {
    if (!/^[\w.-]+$/.test(id)) throw new Error(`invalid run id ${id}`);
    return join(this.dir, 'runs', `${id}.json`);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async readIndex(): Promise<IndexFile> {
    let text: string;
    try {
      text = await readFile(this.indexPath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: [] };
      throw new HistoryFileError(this.indexPath, (e as Error).message);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new HistoryFileError(this.indexPath, `not JSON: ${(e as Error).message}`);
    }
    if (!isIndex(parsed)) throw new HistoryFileError(this.indexPath, 'not a run history index');
    return parsed;
  }

  /** Entries newest first. Throws HistoryFileError for an unreadable index. */
  list(): Promise<HistoryEntry[]> {
    return this.serial(async () => (await this.readIndex()).entries);
  }

  async get(id: string): Promise<HistoryRecord | undefined> {
    const path = this.runPath(id);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new HistoryFileError(path, (e as Error).message);
    }
    try {
      return JSON.parse(text) as HistoryRecord;
    } catch (e) {
      throw new HistoryFileError(path, `not JSON: ${(e as Error).message}`);
    }
  }

  /** Adds or replaces a run and drops the oldest beyond the bound. */
  save(record: HistoryRecord): Promise<void> {
    return this.serial(async () => {
      const index = await this.readIndex();
      await writeFileAtomic(this.runPath(record.id), JSON.stringify(record));
      const { updates: _updates, ...entry } = record;
      const entries = [entry, ...index.entries.filter((e) => e.id !== record.id)].sort((a, b) => b.startedAt - a.startedAt);
      const dropped = entries.splice(this.maxRuns);
      await writeFileAtomic(this.indexPath, JSON.stringify({ version: 1, entries } satisfies IndexFile, null, 1));
      await Promise.all(dropped.map((e) => rm(this.runPath(e.id), { force: true })));
    });
  }

  delete(id: string): Promise<void> {
    return this.serial(async () => {
      const index = await this.readIndex();
      await writeFileAtomic(this.indexPath, JSON.stringify({ version: 1, entries: index.entries.filter((e) => e.id !== id) } satisfies IndexFile, null, 1));
      await rm(this.runPath(id), { force: true });
    });
  }

  clear(): Promise<void> {
    return this.serial(async () => {
      await this.readIndex(); // refuse to wipe an index we cannot read
      await rm(join(this.dir, 'runs'), { recursive: true, force: true });
      await writeFileAtomic(this.indexPath, JSON.stringify({ version: 1, entries: [] } satisfies IndexFile));
    });
  }
}
