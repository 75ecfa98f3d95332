import assert from 'node:assert/strict';
import { fieldsFromSchema, initialParameters, isFileType, withFileValue } from '../../src/core/model/formFields';
import { jsonByteLength, parseParametersText, validateParameters } from '../../src/core/model/validateParameters';
import { CAPABILITIES } from '../../src/core/dialect';

// the shape of GET /v1/workflows/{id}?include_input_output=true inputs (reference §9.1), as normalized
const INPUTS = {
  text: { type: 'string', required: true, description: 'source text', defaultValue: '' },
  n: { type: 'integer', required: false, defaultValue: '3' },
  ratio: { type: 'number', defaultValue: '0.5' },
  loud: { type: 'boolean', required: false, defaultValue: 'false' },
  opts: { type: 'object', properties: { n: { type: 'integer' } } },
  names: { type: 'array', items: { type: 'string' } },
  photo: { type: 'image', required: true, description: 'a picture' },
  files: { type: 'array', required: false, items: { type: 'image' } },
  when: { type: 'time' },
  odd: { type: 'something-new' },
};

describe('parameter form: schema to fields', () => {
  it('maps every Coze parameter type to a field kind, required first, defaults converted', () => {
    const fields = fieldsFromSchema(INPUTS);
    assert.deepEqual(
      fields.map((f) => [f.name, f.kind, f.required]),
      [
        ['text', 'string', true],
        ['photo', 'file', true],
        ['n', 'integer', false],
        ['ratio', 'number', false],
        ['loud', 'boolean', false],
        ['opts', 'object', false],
        ['names', 'array', false],
        ['files', 'files', false],
        ['when', 'time', false],
        ['odd', 'string', false],
      ],
    );
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    assert.equal(byName.n.defaultValue, 3);
    assert.equal(byName.ratio.defaultValue, 0.5);
    assert.equal(byName.loud.defaultValue, false);
    assert.equal(byName.text.defaultValue, undefined, 'an empty default is no default');
    assert.equal(byName.photo.description, 'a picture');
    assert.equal(byName.files.itemType, 'image');
    assert.deepEqual(initialParameters(fields), { n: 3, ratio: 0.5, loud: false });
  });

  it('knows the file types of the enum and nothing else', () => {
    for (const t of ['file', 'default', 'image', 'svg', 'audio', 'video', 'voice', 'doc', 'ppt', 'excel', 'txt', 'code', 'zip']) assert.ok(isFileType(t), t);
    for (const t of ['string', 'integer', 'number', 'boolean', 'time', 'object', 'array', undefined]) assert.ok(!isFileType(t), String(t));
  });

  it('drops a default that does not convert to the kind', () => {
    const [f] = fieldsFromSchema({ n: { type: 'integer', defaultValue: '1.5' } });
    assert.equal(f.defaultValue, undefined);
    const [o] = fieldsFromSchema({ o: { type: 'object', defaultValue: '[1]' } });
    assert.equal(o.defaultValue, undefined);
  });
});

describe('parameter form: validation before sending', () => {
  const fields = fieldsFromSchema(INPUTS);
  const max = CAPABILITIES.cloud.maxRequestBytes;
  const ok = { text: 'hi', photo: '{"file_id":"7400000000000000123"}' };

  it('accepts a complete set', () => {
    assert.deepEqual(validateParameters(ok, fields, max), []);
    assert.deepEqual(validateParameters({ ...ok, files: ['https://x/a.png', '{"file_id":"1"}'], n: 2, loud: true, opts: {}, names: ['a'] }, fields, max), []);
  });

  it('refuses a missing required field, naming it (absent, null or empty)', () => {
    for (const text of [undefined, null, '']) {
      const issues = validateParameters({ ...ok, text }, fields, max);
      assert.deepEqual(issues, [{ field: 'text', code: 'required' }]);
    }
  });

  it('refuses values of the wrong type at their field', () => {
    const issues = validateParameters({ ...ok, n: 1.5, ratio: 'x', loud: 'yes', opts: [], names: {} }, fields, max);
    assert.deepEqual(
      issues.map((i) => [i.field, i.code, i.detail]),
      [
        ['n', 'type', 'integer'],
        ['ratio', 'type', 'number'],
        ['loud', 'type', 'boolean'],
        ['opts', 'type', 'object'],
        ['names', 'type', 'array'],
      ],
    );
  });

  it('refuses a file input given as an object rather than its JSON-encoded string (the classic mistake)', () => {
    const issues = validateParameters({ ...ok, photo: { file_id: '7400000000000000123' }, files: [{ file_id: '1' }] }, fields, max);
    assert.deepEqual(
      issues.map((i) => [i.field, i.code]),
      [
        ['photo', 'fileValue'],
        ['files', 'fileValue'],
      ],
    );
  });

  it('refuses parameters over the request limit (20 MB on cloud) before sending', () => {
    const big = { ...ok, text: 'x'.repeat(20 * 1024 * 1024) };
    const issues = validateParameters(big, fields, max);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].code, 'tooBig');
    assert.match(issues[0].detail ?? '', /20\.0 MB > 20 MB/);
    assert.deepEqual(validateParameters(big, fields, CAPABILITIES.studio.maxRequestBytes), []);
    assert.equal(jsonByteLength({ a: '中' }), 11, 'bytes are counted in UTF-8');
  });

  it('without a schema checks only the shape and the size', () => {
    assert.deepEqual(validateParameters({ anything: 1 }, undefined, max), []);
    assert.deepEqual(validateParameters([1], undefined, max), [{ code: 'notObject' }]);
  });

  it('parses the raw JSON view and says why it does not parse', () => {
    assert.deepEqual(parseParametersText('{"a":1}'), { value: { a: 1 } });
    assert.deepEqual(parseParametersText('[]'), { issue: { code: 'notObject' } });
    const bad = parseParametersText('{"a":');
    assert.ok('issue' in bad && bad.issue.code === 'notJson' && /JSON/.test(bad.issue.detail ?? ''));
  });
});

describe('parameter form: file values', () => {
  it('sets a single file input and appends to an array of files, without duplicates', () => {
    let p = withFileValue({ keep: 1 }, 'photo', 'file', 'A');
    p = withFileValue(p, 'photo', 'file', 'B');
    assert.deepEqual(p, { keep: 1, photo: 'B' });
    let q = withFileValue({}, 'files', 'files', 'A');
    q = withFileValue(q, 'files', 'files', 'B');
    q = withFileValue(q, 'files', 'files', 'A');
    assert.deepEqual(q, { files: ['B', 'A'] });
  });
});
