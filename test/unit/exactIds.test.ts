// Coze ids are 19-digit integers: an output that holds one keeps every digit wherever it is shown or checked,
// and a bare one that a person wrote (a test file, .coze/workflows.json, the parameter editor) is refused at
// its line with "quote it", never rounded into another id.
import assert from 'node:assert/strict';
import { parseWorkflowsFile, WorkflowsFileError } from '../../src/core/config/workflowsFile';
import { parseParametersText } from '../../src/core/model/validateParameters';
import type { RunUpdate } from '../../src/core/model/runUpdate';
import { applyUpdate, emptyRunState, prettyOutput } from '../../src/core/model/runState';
import { outputText, outputValue } from '../../src/core/run/output';
import { evaluate } from '../../src/core/testing/expectations';
import { parseTestFile, type Matcher } from '../../src/core/testing/testFile';

const ID = '7500000000000000101';
const ROUNDED = '7500000000000000000'; // what a double makes of it: another id
const OUTPUT = `{"order_id": ${ID}, "note": "ok"}`;

function viewWith(data: string) {
  const updates: RunUpdate[] = [
    { u: 'started', at: 1, mode: 'sync' },
    { u: 'result', at: 2, data, executeId: '1' },
  ];
  return updates.reduce((v, u) => applyUpdate(v, u), emptyRunState());
}
const failuresOf = (data: string, m: Matcher) => evaluate({ output: { line: 3, column: 5, value: m } }, viewWith(data), { line: 1, column: 1 });

describe('19-digit ids in outputs', () => {
  it('the panel and the Test Explorer show the digits the server sent, as the number it was', () => {
    assert.match(prettyOutput(OUTPUT), new RegExp(`"order_id": ${ID},`));
    assert.doesNotMatch(prettyOutput(OUTPUT), new RegExp(ROUNDED));
    // JSON held in a string (cloud's data, a Message's content) too
    assert.match(prettyOutput(JSON.stringify({ output: OUTPUT })), new RegExp(`"order_id": ${ID}`));
    // digits inside strings, floats and safe integers stay as they are
    assert.equal(prettyOutput('{"a":"7500000000000000101x","b":1.5,"c":12}'), '{\n  "a": "7500000000000000101x",\n  "b": 1.5,\n  "c": 12\n}');
  });

  it('contains and json see every digit; another id does not pass', () => {
    assert.deepEqual(failuresOf(OUTPUT, { contains: ID }), []);
    assert.deepEqual(failuresOf(OUTPUT, { json: { order_id: ID } }), []);
    assert.equal(failuresOf(OUTPUT, { json: { order_id: ROUNDED } }).length, 1, 'another id is another id');
    assert.equal(failuresOf(OUTPUT, { contains: ROUNDED }).length, 1);
  });

  it('the value an agent gets (MCP structuredContent) holds the id exactly, as a string where a number would round', () => {
    assert.deepEqual(outputValue(OUTPUT), { order_id: ID, note: 'ok' });
    assert.match(outputText(JSON.stringify({ output: { order_id: 7 } })) ?? '', /"order_id": 7/);
  });
});

describe('a bare 19-digit id that a person wrote', () => {
  it('in a test file: refused at its line with "quote it", the workflow and a json expectation alike', () => {
    const r = parseTestFile(`cases:\n  - name: order\n    workflow: ${ID}\n    expect:\n      output: { json: { order_id: ${ID} } }\n`, 'order.test.yaml');
    assert.equal(r.ok, false);
    const d = r.ok ? [] : r.diagnostics;
    assert.deepEqual(
      d.map((x) => x.line),
      [3, 5],
    );
    for (const x of d) assert.match(x.message, new RegExp(`${ID} is a number .* another id\\): quote it, "${ID}"`));
    // quoted, it is read as written
    const ok = parseTestFile(
      `$schema: ../../schemas/tests.schema.json\ncases:\n  - name: order\n    workflow: "${ID}"\n    expect:\n      output: { json: { order_id: "${ID}" } }\n`,
      'order.test.yaml',
    );
    assert.ok(ok.ok, JSON.stringify(ok));
    assert.equal(ok.ok && ok.file.cases[0]?.workflow, ID);
  });

  it('in .coze/workflows.json: refused at its line, so another workflow never runs', () => {
    const text = `{\n  "workflows": [\n    { "id": 7500000000000000333, "name": "order" }\n  ]\n}`;
    assert.throws(
      () => parseWorkflowsFile(text, '.coze/workflows.json'),
      (e: unknown) => e instanceof WorkflowsFileError && e.line === 3 && /quote it, "7500000000000000333"/.test(e.message),
    );
    assert.equal(parseWorkflowsFile(text.replace('7500000000000000333', '"7500000000000000333"'), 'w.json').workflows[0]?.id, '7500000000000000333');
  });

  it('in the parameter editor: an issue naming the digits, nothing sent rounded', () => {
    assert.deepEqual(parseParametersText(`{"order_id": ${ID}}`), { issue: { code: 'unsafeInteger', detail: ID } });
    assert.deepEqual(parseParametersText(`{"order_id": "${ID}", "n": 12}`), { value: { order_id: ID, n: 12 } });
  });
});
