// The test-file format has one definition (TEST_FILE_FORMAT in src/core/testing/testFile.ts): the parser reads
// by it, and this test fails when schemas/tests.schema.json, which editors validate files against, says
// anything else: a key one accepts and the other refuses, a mode, a status or a matcher of its own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseTestFile, TEST_FILE_FORMAT } from '../../src/core/testing/testFile';

type Schema = { properties: Record<string, Schema>; items: Schema; enum: unknown[]; definitions: Record<string, Schema>; required: string[] };
const schema = JSON.parse(readFileSync(resolve(__dirname, '../../../schemas/tests.schema.json'), 'utf8')) as Schema;
const keys = (s: Schema) => Object.keys(s.properties).sort();
const sorted = (a: readonly string[]) => [...a].sort();

describe('the test-file format: the parser and the JSON schema say the same', () => {
  const kase = schema.properties.cases!.items;
  const expect = kase.properties.expect!;

  it('the same keys at every level', () => {
    assert.deepEqual(keys(schema), sorted(TEST_FILE_FORMAT.file));
    assert.deepEqual(keys(kase), sorted(TEST_FILE_FORMAT.case));
    assert.deepEqual(keys(expect), sorted(TEST_FILE_FORMAT.expect));
    assert.deepEqual(keys(expect.properties.error!), sorted(TEST_FILE_FORMAT.error));
    assert.deepEqual(keys(schema.definitions.matcher!), sorted(TEST_FILE_FORMAT.matchers));
    assert.deepEqual(keys(expect.properties.judge!), sorted(TEST_FILE_FORMAT.judge));
  });

  it('the same modes and statuses', () => {
    assert.deepEqual(sorted(kase.properties.mode!.enum as string[]), sorted(TEST_FILE_FORMAT.modes));
    assert.deepEqual(sorted(expect.properties.status!.enum as string[]), sorted(TEST_FILE_FORMAT.statuses));
    assert.deepEqual(expect.properties.judge!.properties.scale!.enum, [...TEST_FILE_FORMAT.scales]);
  });

  it('a file that names its schema, as the schema allows, is read', () => {
    const r = parseTestFile('$schema: ../../schemas/tests.schema.json\ncases:\n  - name: a\n    workflow: "1"\n', 'a.test.yaml');
    assert.ok(r.ok, JSON.stringify(r));
  });
});
