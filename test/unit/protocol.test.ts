import assert from 'node:assert/strict';
import { FILE_CHUNK_BYTES, parseHostMessage, parseWebviewMessage } from '../../src/shared/protocol';

describe('webview protocol: messages are validated on arrival', () => {
  it('accepts each well-formed message from the webview', () => {
    const good: unknown[] = [
      { type: 'ready' },
      { type: 'cancel', runId: 'run-1' },
      { type: 'openDebugUrl', runId: 'run-1' },
      { type: 'copyText', text: 'logid' },
      { type: 'resume', runId: 'run-1', answer: 'green' },
      { type: 'openLink', runId: 'run-1', url: 'https://example.com/a.png' },
      { type: 'run', parameters: '{"a":1}' },
      { type: 'draft', parameters: '{"a":' },
      { type: 'savePreset', parameters: '{}' },
      { type: 'errorAction', runId: 'r1', action: 'signIn' },
      { type: 'fetchFullOutput', runId: 'r1' },
      { type: 'chooseFile', uploadId: 'u1', field: 'file', many: false },
      { type: 'dropUris', uploadId: 'u1', field: 'file', uris: ['file:///tmp/a.txt'] },
      { type: 'fileBegin', uploadId: 'u1', field: 'file', name: 'a.txt', size: 3 },
      { type: 'fileChunk', uploadId: 'u1', data: new Uint8Array([1, 2, 3]) },
      { type: 'fileEnd', uploadId: 'u1' },
      { type: 'cancelUpload', uploadId: 'u1' },
    ];
    for (const m of good) assert.ok(parseWebviewMessage(m), JSON.stringify(m));
  });

  it('drops malformed, unknown and dangerous ones', () => {
    const bad: unknown[] = [
      null,
      42,
      'ready',
      [],
      {},
      { type: 'nope' },
      { type: 'cancel' },
      { type: 'cancel', runId: 7 },
      { type: 'openLink', runId: 'r', url: 'javascript:alert(1)' },
      { type: 'errorAction', runId: 'r', action: 'workbench.action.terminal.sendSequence' },
      { type: 'openLink', runId: 'r', url: 'file:///etc/passwd' },
      { type: 'run' },
      { type: 'run', parameters: { a: 1 } },
      { type: 'chooseFile', uploadId: '../../x', field: 'file', many: false },
      { type: 'chooseFile', uploadId: 'u1', field: 'file' },
      { type: 'dropUris', uploadId: 'u1', field: 'file', uris: [] },
      { type: 'dropUris', uploadId: 'u1', field: 'file', uris: Array.from({ length: 101 }, () => 'file:///a') },
      { type: 'fileBegin', uploadId: 'u1', field: 'file', name: '', size: 3 },
      { type: 'fileBegin', uploadId: 'u1', field: 'file', name: 'a', size: -1 },
      { type: 'fileBegin', uploadId: 'u1', field: 'file', name: 'a', size: 1.5 },
      { type: 'fileChunk', uploadId: 'u1', data: 'AAAA' },
      { type: 'fileChunk', uploadId: 'u1', data: new Uint8Array(FILE_CHUNK_BYTES + 1) },
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
  });

  it('keeps only the fields it knows (nothing extra reaches the host)', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'cancel', runId: 'r', extra: '<script>' }), { type: 'cancel', runId: 'r' });
    const chunk = parseWebviewMessage({ type: 'fileChunk', uploadId: 'u', data: new Uint8Array([9]).buffer });
    assert.ok(chunk?.type === 'fileChunk' && chunk.data instanceof Uint8Array && chunk.data[0] === 9, 'an ArrayBuffer arrives as bytes');
  });

  it('checks messages from the host too', () => {
    assert.ok(parseHostMessage({ type: 'init', init: { strings: {}, form: { workflowId: '1', text: '{}', presets: [] } } }));
    assert.ok(parseHostMessage({ type: 'updates', runId: 'r', updates: [] }));
    assert.equal(parseHostMessage({ type: 'init', init: { strings: {}, run: { runId: 'r' } } }), undefined);
    assert.equal(parseHostMessage({ type: 'upload', upload: { uploadId: 'bad id!', field: 'f' } }), undefined);
    assert.equal(parseHostMessage({ type: 'eval', code: 'alert(1)' }), undefined);
  });
});
