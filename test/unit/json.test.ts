import assert from 'node:assert/strict';
import { parseJsonLossless } from '../../src/core/model/json';
import { kindForCode } from '../../src/core/model/errorKind';
import { parseRetryAfter } from '../../src/core/errors';
import { SecretMask } from '../../src/core/secretMask';

describe('lossless JSON', () => {
  it('keeps studio int64 ids exact as strings', () => {
    const v = parseJsonLossless('{"data":[{"execute_id":7600000000000000009,"bot_id":null,"connector_id":1024,"token":42}]}') as {
      data: Record<string, unknown>[];
    };
    assert.deepEqual(v.data[0], { execute_id: '7600000000000000009', bot_id: null, connector_id: 1024, token: 42 });
  });

  it('leaves digits inside strings, floats and safe integers alone', () => {
    const text = '{"s":"7600000000000000009 \\" 1234567890123456789","f":1.5e3,"n":-9007199254740991,"big":-12345678901234567890}';
    assert.deepEqual(parseJsonLossless(text), { s: '7600000000000000009 " 1234567890123456789', f: 1500, n: -9007199254740991, big: '-12345678901234567890' });
  });
});

describe('error mapping', () => {
  it('maps codes of both dialects to what a person can act on', () => {
    assert.equal(kindForCode(4100), 'auth');
    assert.equal(kindForCode(700012006), 'auth');
    assert.equal(kindForCode(4101), 'permission', '4101 is "no permission"; the region is only a possibility');
    for (const c of [4200, 6031, 720702011]) assert.equal(kindForCode(c), 'unpublished');
    assert.equal(kindForCode(6003), 'paidFeature');
    // Coze's official table: 4009, 4020 (and HTTP 429) are rate limits, 4008 the daily limit, 4013 a model error
    for (const c of [4009, 4020, 429]) assert.equal(kindForCode(c), 'rateLimited', String(c));
    assert.equal(kindForCode(4008), 'dailyLimit');
    for (const c of [4010, 4012, 4013]) assert.equal(kindForCode(c), 'model', String(c));
    for (const c of [4011, 4019, 4022]) assert.equal(kindForCode(c), 'balance', String(c));
    assert.equal(kindForCode(4102), 'riskControl');
    for (const c of [4314, 4315]) assert.equal(kindForCode(c), 'resumeEnded', String(c));
    for (const c of [4300, 4301, 4302, 4303, 4304, 104000006, 104000007, 104000008]) assert.equal(kindForCode(c), 'upload', String(c));
    assert.equal(kindForCode(6039), 'interruptOnSync');
    assert.equal(kindForCode(401), 'unsupported');
    assert.equal(kindForCode(720701013), 'workflow');
    assert.equal(kindForCode(999, 503), 'server');
  });

  it('reads Retry-After as seconds or a date', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6_000);
    assert.equal(parseRetryAfter(undefined), undefined);
  });
});

describe('the secret mask', () => {
  it('masks registered tokens and any Bearer value', () => {
    const out = new SecretMask(['pat_abcdef123']).text('Authorization: Bearer pat_abcdef123 and again pat_abcdef123 or "Bearer xyz"');
    assert.equal(out.includes('abcdef123'), false);
    assert.equal(out.includes('xyz'), false);
    assert.match(out, /pat_\*\*\*/);
  });

  it('masks a token given with a line break as it is sent (trimmed) and as it was given', () => {
    const m = new SecretMask(['pat_abcdef123\n']);
    assert.equal(m.text('echo: pat_abcdef123.'), 'echo: pat_***.');
    assert.equal(m.text('raw: pat_abcdef123\n!'), 'raw: pat_***!');
  });

  it('masks every string of a value, keys too, and leaves a value without secrets as it is', () => {
    const m = new SecretMask(['pat_abcdef123']);
    const v = { a: ['x pat_abcdef123', 1, null, { pat_abcdef123: true }], n: '7500000000000000101' };
    assert.deepEqual(m.value(v), { a: ['x pat_***', 1, null, { 'pat_***': true }], n: '7500000000000000101' });
    const clean = { a: [1, 'b'] };
    assert.equal(m.value(clean), clean);
  });
});
