import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryFileError, HistoryStore, type HistoryRecord } from '../../src/core/history/historyStore';

function record(id: string, startedAt: number, extra: Partial<HistoryRecord> = {}): HistoryRecord {
  return {
    id, workflowId: '7500000000000000101', environmentId: 'coze.cn', environmentName: 'coze.cn', baseUrl: 'https://api.coze.cn', dialect: 'cloud',
    mode: 'stream', request: { workflowId: '7500000000000000101', parameters: { name: id } }, status: 'succeeded', startedAt, updates: [], ...extra,
  };
}

describe('run history store', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'coze-history-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps runs newest first with their updates, and stays within its bound', async () => {
    const store = new HistoryStore(dir, 3);
    for (let i = 1; i <= 5; i++) await store.save(record(`r${i}`, i * 1000, { updates: [{ u: 'started', at: i, mode: 'stream' }] }));
    assert.deepEqual((await store.list()).map((e) => e.id), ['r5', 'r4', 'r3']);
    assert.equal((await store.get('r5'))?.updates.length, 1);
    assert.equal(await store.get('r1'), undefined, 'the oldest run file is removed');
    assert.deepEqual(readdirSync(join(dir, 'runs')).sort(), ['r3.json', 'r4.json', 'r5.json']);
  });

  it('serializes concurrent saves without losing one', async () => {
    const store = new HistoryStore(dir, 100);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.save(record(`c${i}`, i))));
    assert.equal((await store.list()).length, 20);
  });

  it('reports an invalid index with its location and never overwrites it', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.json'), '{ not json');
    const store = new HistoryStore(dir, 10);
    await assert.rejects(store.list(), (e: unknown) => e instanceof HistoryFileError && e.path === join(dir, 'index.json'));
    await assert.rejects(store.save(record('x', 1)), HistoryFileError);
    await assert.rejects(store.clear(), HistoryFileError);
    assert.equal(readFileSync(join(dir, 'index.json'), 'utf8'), '{ not json');
  });

  it('leaves no temporary files behind and the previous version intact when a write fails', async () => {
    const store = new HistoryStore(dir, 10);
    await store.save(record('a', 1));
    const before = readFileSync(join(dir, 'index.json'), 'utf8');
    // a run id that cannot be a file name fails before anything is written
    await assert.rejects(store.save(record('../escape', 2)));
    assert.equal(readFileSync(join(dir, 'index.json'), 'utf8'), before);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
    assert.ok(!existsSync(join(dir, '..', 'escape.json')));
  });
});
