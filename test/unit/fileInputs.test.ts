import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFileParam } from '../../src/core/files/encodeFileParam';
import { sha256OfFile } from '../../src/core/files/hashFile';
import { findReusableUpload, forgetEnvironment, rememberUpload, type CachedUpload } from '../../src/core/files/uploadCache';
import { isSupportedFileType, MAX_UPLOAD_BYTES, mimeTypeFor } from '../../src/core/files/fileTypes';

describe('file inputs: encoding per dialect', () => {
  const file = { id: '7400000000000000123', fileName: 'photo.png', bytes: 3, url: 'http://localhost:8888/local_storage/photo.png?sig=1' };

  it('cloud: a JSON-encoded {"file_id"} string, exactly as the run doc shows', () => {
    const value = encodeFileParam('cloud', file);
    assert.equal(value, '{"file_id":"7400000000000000123"}');
    assert.equal(typeof value, 'string');
    // inside a request body it is a string holding JSON, not an object
    assert.equal(JSON.stringify({ image: value }), '{"image":"{\\"file_id\\":\\"7400000000000000123\\"}"}');
  });

  it('studio: the URL the upload returned (its engine has no file-id lookup)', () => {
    assert.equal(encodeFileParam('studio', file), file.url);
    assert.throws(() => encodeFileParam('studio', { ...file, url: undefined } as never), /no URL/);
  });

  it('checks the 512 MB limit and the supported types before upload', () => {
    assert.equal(MAX_UPLOAD_BYTES, 512 * 1024 * 1024);
    for (const name of ['a.pdf', 'b.PNG', 'c.xlsx', 'd.mp4', 'e.zip', 'f.py', 'g.md', 'h.csv']) assert.ok(isSupportedFileType(name), name);
    for (const name of ['a.exe', 'b', 'c.dmg', 'd.iso']) assert.ok(!isSupportedFileType(name), name);
    assert.equal(mimeTypeFor('x.PNG'), 'image/png');
  });
});

describe('file inputs: reuse of uploads', () => {
  const now = Date.UTC(2026, 10, 21);
  const entry = (over: Partial<CachedUpload> = {}): CachedUpload => ({
    environmentId: 'coze.cn',
    sha256: 'aa',
    bytes: 3,
    fileName: 'a.txt',
    id: '1',
    uploadedAt: now,
    ...over,
  });

  it('reuses an upload of the same bytes to the same environment while it is valid', () => {
    const cache = rememberUpload({}, entry(), now);
    assert.equal(findReusableUpload(cache, 'coze.cn', 'cloud', 'aa', now + 1000)?.id, '1');
    assert.equal(findReusableUpload(cache, 'coze.com', 'cloud', 'aa', now), undefined, 'another environment');
    assert.equal(findReusableUpload(cache, 'coze.cn', 'cloud', 'bb', now), undefined, 'other bytes');
    assert.equal(
      findReusableUpload(cache, 'coze.cn', 'cloud', 'aa', now + 81 * 86_400_000),
      undefined,
      'cloud keeps uploads 3 months; past 80 days we upload again',
    );
  });

  it('studio reuses only within its signed URL window and only with a URL', () => {
    const cache = rememberUpload({}, entry({ environmentId: 'local', url: 'http://s/a' }), now);
    assert.ok(findReusableUpload(cache, 'local', 'studio', 'aa', now + 3_600_000));
    assert.equal(findReusableUpload(cache, 'local', 'studio', 'aa', now + 7 * 3_600_000), undefined);
    const noUrl = rememberUpload({}, entry({ environmentId: 'local' }), now);
    assert.equal(findReusableUpload(noUrl, 'local', 'studio', 'aa', now), undefined);
  });

  it('stays bounded, drops expired entries, and forgets an environment whose token changed', () => {
    let cache = {};
    for (let i = 0; i < 20; i++) cache = rememberUpload(cache, entry({ sha256: `h${i}`, uploadedAt: now + i }), now + i, 10);
    assert.equal(Object.keys(cache).length, 10);
    assert.ok(findReusableUpload(cache, 'coze.cn', 'cloud', 'h19', now + 20));
    const old = rememberUpload({}, entry({ sha256: 'old', uploadedAt: now - 200 * 86_400_000 }), now - 200 * 86_400_000);
    assert.deepEqual(Object.keys(rememberUpload(old, entry(), now)), ['coze.cn#aa']);
    const two = rememberUpload(rememberUpload({}, entry(), now), entry({ environmentId: 'x' }), now);
    assert.deepEqual(Object.keys(forgetEnvironment(two, 'coze.cn')), ['x#aa']);
  });

  it('hashes a file in constant memory, the same as hashing its bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coze-hash-'));
    try {
      const content = Buffer.alloc(3 * 1024 * 1024 + 7, 'ab');
      writeFileSync(join(dir, 'f.bin'), content);
      assert.equal(await sha256OfFile(join(dir, 'f.bin')), createHash('sha256').update(content).digest('hex'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
