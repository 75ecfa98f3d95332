import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryFileError, HistoryStore, type HistoryRecord } from '../../src/core/history/historyStore';

function record(id: string, startedAt: number, extra: Partial<HistoryRecord> = {}): HistoryRecord {
  return {
    id,
    workflowId: '7500000000000000101',
    environmentId: 'coze.cn',
    environmentName: 'coze.cn',
    baseUrl: 'https://api.coze.cn',
    dialect: 'cloud',
    mode: 'stream',
    request: { workflowId: '7500000000000000101', parameters: { name: id } },
    status: 'succeeded',
    startedAt,
    updates: [],
    ...extra,
  };
}

describe('run history store', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'coze-history-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps runs newest first with their updates, and stays within its bound', async () => {
    const store = new HistoryStore(dir, 3);
    for (let i = 1; i <= 5; i++) await store.save(record(`r${i}`, i * 1000, { updates: [{ u: 'started', at: i, mode: 'stream' }] }));
    assert.deepEqual(
      (await store.list()).map((e) => e.id),
      ['r5', 'r4', 'r3'],
    );
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
    // the run file cannot be replaced (a non-empty folder stands where it goes), so the write itself fails,
    // after its temporary file was written (this holds even for root, whom permissions would not stop)
    const runs = join(dir, 'runs');
    mkdirSync(join(runs, 'b.json'));
    writeFileSync(join(runs, 'b.json', 'keep'), 'x');
    await assert.rejects(store.save(record('b', 2)), /EISDIR|ENOTEMPTY|EEXIST|EPERM/);
    assert.equal(readFileSync(join(dir, 'index.json'), 'utf8'), before, 'the index was not touched: the run is not listed');
    assert.deepEqual(
      [...readdirSync(dir), ...readdirSync(runs)].filter((f) => /\.json\.\d+$/.test(f)),
      [],
      'no temporary file left',
    );
    assert.equal(readFileSync(join(runs, 'b.json', 'keep'), 'utf8'), 'x');
    assert.deepEqual(
      (await store.list()).map((e) => e.id),
      ['a'],
    );
  });

  it('refuses a run id that is not a file name, before writing anything', async () => {
    const store = new HistoryStore(dir, 10);
    await assert.rejects(store.save(record('../escape', 2)), /invalid run id/);
    assert.ok(!existsSync(join(dir, '..', 'escape.json')));
    assert.ok(!existsSync(join(dir, 'index.json')));
  });
});

import { fork } from 'node:child_process';
import { compactUpdates } from '../../src/core/history/compactUpdates';
import { applyUpdate, emptyRunState } from '../../src/core/model/runState';
import { SecretMask } from '../../src/core/secretMask';
import type { RunUpdate } from '../../src/core/model/runUpdate';

describe('history data: crashes and bounds', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'coze-data-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a process killed (SIGKILL) while writing leaves the previous version or the new one, never a torn file', async () => {
    const target = join(dir, 'index.json');
    writeFileSync(target, JSON.stringify({ version: 0, pad: '', length: 0 }));
    // 20 kills: the even ones while the writer holds inside a write (its temporary file exists: mid-write by
    // construction), the odd ones as soon as a write has begun (mid-write or just after, as the machine goes)
    let midWrite = 0;
    const KILLS = 20;
    for (let kill = 0; kill < KILLS; kill++) {
      const version = 1 + (kill % 3);
      const held = kill % 2 === 0;
      const child = fork(join(__dirname, 'atomicWriterChild.js'), [target, String(held ? version : 0)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      let written = 0;
      const begun = new Promise<void>((resolve) =>
        child.on('message', (m: { writing?: number; written?: number }) => {
          if (m.written) written = m.written;
          if (m.writing === version) resolve();
        }),
      );
      await begun;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      if (readdirSync(dir).some((n) => /^index\.json\.\d+$/.test(n))) midWrite++;
      const parsed = JSON.parse(readFileSync(target, 'utf8')) as { version: number; pad: string; length: number };
      assert.equal(parsed.pad.length, parsed.length, 'the file is whole');
      assert.ok(parsed.version >= written, `every completed write is there (${parsed.version} < ${written})`);
    }
    // a store opened on that folder (its index made a real one) sweeps what the crashes left
    writeFileSync(target, JSON.stringify({ version: 1, entries: [] }));
    const store = new HistoryStore(dir, 10);
    await store.save(record('after-crash', 1));
    assert.deepEqual(
      readdirSync(dir).filter((n) => /\.json\.\d+$/.test(n)),
      [],
      'no temporary files left',
    );
    console.log(`      crash test: ${KILLS} SIGKILLs, ${midWrite} of them with a write under way, 0 torn files`);
    assert.ok(midWrite >= KILLS / 2, `every held write was killed mid-write (${midWrite})`);
  });

  it('stays within its size bound: the oldest runs go first, the newest always stays', async () => {
    const store = new HistoryStore(dir, 1000, 1024 * 1024);
    const text = 'y'.repeat(200 * 1024);
    for (let i = 0; i < 12; i++) {
      await store.save(record(`r${i}`, i, { updates: [{ u: 'result', at: i, data: text }] }));
    }
    const entries = await store.list();
    const total = readdirSync(join(dir, 'runs')).reduce((n, f) => n + readFileSync(join(dir, 'runs', f)).length, 0);
    assert.ok(total <= 1024 * 1024, `run files take ${total} bytes`);
    assert.equal(entries[0]?.id, 'r11');
    assert.deepEqual(
      entries.map((e) => e.id),
      ['r11', 'r10', 'r9', 'r8', 'r7'],
      'five runs of 200 KB fit in 1 MB',
    );
    assert.equal(readdirSync(join(dir, 'runs')).length, entries.length, 'dropped runs lose their files too');
  });

  it('a run larger than half the bound is kept with its chunks merged per node: same text, far smaller', async () => {
    const store = new HistoryStore(dir, 10, 1024 * 1024);
    const updates: RunUpdate[] = [{ u: 'started', at: 1, mode: 'stream' }];
    for (let i = 0; i < 20_000; i++) {
      const node = i < 10_000 ? 'a' : 'b';
      updates.push({
        u: 'event',
        at: 2 + i,
        event: {
          kind: 'message',
          content: `${i} `,
          nodeIsFinish: i === 9_999 || i === 19_999,
          nodeTitle: node,
          nodeExecuteUuid: node,
          usage: { tokenCount: 1 },
        },
      });
      if (i % 1000 === 0) updates.push({ u: 'event', at: 2 + i, event: { kind: 'ping' } });
    }
    updates.push({ u: 'event', at: 30_000, event: { kind: 'done' } });
    await store.save(record('big', 1, { updates }));
    const back = (await store.get('big'))!;
    assert.equal(back.compacted, true);
    const size = readFileSync(join(dir, 'runs', 'big.json')).length;
    assert.ok(size < 200 * 1024, `${size} bytes`);
    const fold = (us: readonly RunUpdate[]) => us.reduce((v, u) => applyUpdate(v, u), emptyRunState());
    const a = fold(updates);
    const b = fold(back.updates);
    assert.deepEqual(
      b.nodes.map((n) => [n.title, n.text, n.state]),
      a.nodes.map((n) => [n.title, n.text, n.state]),
    );
    assert.equal(b.status, 'succeeded');
    assert.deepEqual(b.usage, a.usage, 'usage sums are kept');
    assert.equal(compactUpdates(updates).length, 4, 'started, one update per node, done');
  });

  it('writes a run of 100,000 events in pieces, the event loop free between them, and reads it back whole, masked', async () => {
    const token = 'pat_secret_in_the_output_0123456789';
    const store = new HistoryStore(dir, 10, 200 * 1024 * 1024, new SecretMask([token]));
    const updates: RunUpdate[] = [{ u: 'started', at: 1, mode: 'stream' }];
    for (let i = 0; i < 100_000; i++)
      updates.push({
        u: 'event',
        at: 2 + i,
        event: { kind: 'message', content: i === 54_321 ? token : `${i}:${'x'.repeat(290)}`, nodeTitle: 'LLM', nodeIsFinish: i === 99_999 },
      });
    updates.push({ u: 'event', at: 200_000, event: { kind: 'done' } });
    // how often other work got a turn while the run was written
    let turns = 0;
    let writing = true;
    const tick = () => {
      turns++;
      if (writing) setImmediate(tick);
    };
    setImmediate(tick);
    // the longest JSON text made in one go: what blocks the extension host between two turns
    const stringify = JSON.stringify;
    let longest = 0;
    JSON.stringify = ((...args: Parameters<typeof stringify>) => {
      const out = stringify(...args);
      longest = Math.max(longest, out?.length ?? 0);
      return out;
    }) as typeof stringify;
    try {
      await store.save(record('long', 1, { updates, request: { workflowId: '7500000000000000109', parameters: { token } } }));
    } finally {
      JSON.stringify = stringify;
      writing = false;
    }
    assert.ok(turns >= 50, `other work ran ${turns} times while 100,000 events were written`);
    assert.ok(longest < 1_000_000, `the longest JSON text made at once: ${longest} characters (the whole run is 30 MB)`);
    const back = (await store.get('long'))!;
    assert.equal(back.updates.length, 100_002);
    assert.equal(back.compacted, undefined, 'within half the bound: kept chunk by chunk');
    const text = readFileSync(join(dir, 'runs', 'long.json'), 'utf8');
    assert.ok(!text.includes(token), 'the token is masked in the updates and the request');
    assert.equal((await store.list())[0]?.bytes, Buffer.byteLength(text));
    const fold = (us: readonly RunUpdate[]) => us.reduce((v, u) => applyUpdate(v, u), emptyRunState());
    assert.equal(fold(back.updates).nodes[0]?.text.length, fold(updates).nodes[0]!.text.length - token.length + 'pat_***'.length);
  });
});
