import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunMode, RunRequest } from '../model/workflow';
import type { Dialect } from '../model/workflow';
import type { RunUpdate } from '../model/runUpdate';
import type { RunStatus } from '../model/runState';
import { removeStaleTemps, writeFileAtomic, writePiecesAtomic } from './atomicFile';
import { compactUpdates } from './compactUpdates';
import { SecretMask } from '../secretMask';

/** What the history list shows of a run; never holds a token. */
export interface HistoryEntry {
  id: string;
  workflowId: string;
  /** The name the workflow was known by when it ran (saved, or given by Coze). */
  workflowName?: string;
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
  /** Nodes whose text may lack a chunk (a broken event): the run succeeded with warnings. */
  incomplete?: string[];
  /** Size of the run's file in bytes (what the history's size bound counts). */
  bytes?: number;
  /** The run was too large to keep chunk by chunk: its message chunks were merged per node (text and order kept). */
  compacted?: boolean;
}

/** A whole run: the entry plus every update, so it replays exactly as it happened. */
export interface HistoryRecord extends HistoryEntry {
  updates: RunUpdate[];
}

/** An index or run file that exists but cannot be read as history; it is left untouched. */
export class HistoryFileError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
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
  private swept = false;

  /**
   * Keeps at most `maxRuns` runs and `maxBytes` bytes of run files (the newest run always stays, compacted if
   * need be). What is written goes through `mask` first: a run whose workflow echoed the token keeps none.
   */
  constructor(
    private readonly dir: string,
    private maxRuns: number,
    private maxBytes = Number.POSITIVE_INFINITY,
    private readonly mask = new SecretMask(),
  ) {
    this.indexPath = join(dir, 'index.json');
  }

  setMaxRuns(n: number): void {
    this.maxRuns = Math.max(1, Math.floor(n));
  }

  setMaxBytes(n: number): void {
    this.maxBytes = Math.max(64 * 1024, n);
  }

  /** Once per store: what a crash between write and rename left behind goes (the previous versions stayed). */
  private async sweep(): Promise<void> {
    if (this.swept) return;
    this.swept = true;
    await removeStaleTemps(this.dir);
    await removeStaleTemps(join(this.dir, 'runs'));
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

  /**
   * A run file's JSON in pieces, each masked: the record without its updates, then its updates a thousand at
   * a time (a secret never spans two pieces: JSON punctuation stands between any two updates).
   */
  private *pieces(record: HistoryRecord): Generator<string> {
    const { updates, ...rest } = record;
    const head = this.masked(rest);
    yield `${head.slice(0, -1)}${head === '{}' ? '' : ','}"updates":[`;
    for (let i = 0; i < updates.length; i += 1000) {
      const batch = this.masked(updates.slice(i, i + 1000));
      yield `${i > 0 ? ',' : ''}${batch.slice(1, -1)}`;
    }
    yield ']}';
  }

  private masked(value: object): string {
    const json = JSON.stringify(value);
    return this.mask.hits(json) ? JSON.stringify(this.mask.value(value)) : json;
  }

  /** Adds or replaces a run and drops the oldest beyond the bound. */
  save(record: HistoryRecord): Promise<void> {
    return this.serial(async () => {
      await this.sweep();
      const index = await this.readIndex();
      // one run may take at most half the bound; beyond it, its chunks are merged per node
      const path = this.runPath(record.id);
      let bytes = await writePiecesAtomic(path, this.pieces(record), this.maxBytes / 2);
      if (bytes === undefined) {
        record = { ...record, updates: compactUpdates(record.updates), compacted: true };
        bytes = (await writePiecesAtomic(path, this.pieces(record))) as number;
      }
      const { updates: _updates, ...rest } = record;
      const entry: HistoryEntry = this.mask.value({ ...rest, bytes });
      const entries = [entry, ...index.entries.filter((e) => e.id !== record.id)].sort((a, b) => b.startedAt - a.startedAt);
      const dropped = entries.splice(this.maxRuns);
      // then the oldest go until the run files fit the size bound (the newest always stays)
      let total = entries.reduce((n, e) => n + (e.bytes ?? 0), 0);
      while (entries.length > 1 && total > this.maxBytes) {
        const oldest = entries.pop() as HistoryEntry;
        total -= oldest.bytes ?? 0;
        dropped.push(oldest);
      }
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
