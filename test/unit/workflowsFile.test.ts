import assert from 'node:assert/strict';
import { parseWorkflowsFile, serializeWorkflowsFile, WorkflowsFileError } from '../../src/core/config/workflowsFile';

describe('.coze/workflows.json', () => {
  it('reads saved workflows with their options and round-trips them', () => {
    const text = JSON.stringify({
      workflows: [
        { id: '7500000000000000101', name: 'Greeter', environment: 'coze.cn', app_id: '74', presets: { ada: { name: 'Ada' } } },
        { id: '7500000000000000106', kind: 'chatflow' },
      ],
    });
    const file = parseWorkflowsFile(text, 'w.json');
    assert.deepEqual(file.workflows, [
      { id: '7500000000000000101', name: 'Greeter', kind: 'workflow', environment: 'coze.cn', app_id: '74', presets: { ada: { name: 'Ada' } } },
      { id: '7500000000000000106', name: '7500000000000000106', kind: 'chatflow' },
    ]);
    assert.deepEqual(parseWorkflowsFile(serializeWorkflowsFile(file), 'w.json'), file);
  });

  it('names the place and the problem of a bad file', () => {
    const bad: [string, RegExp][] = [
      ['{ "workflows": [ }', /not valid JSON/],
      ['[]', /"workflows" array/],
      ['{"workflows":[{"id":"12"}]}', /workflows\[0\]\.id must be a workflow id/],
      ['{"workflows":[{"id":"7500000000000000101","bot_id":"1","app_id":"2"}]}', /bot_id or app_id, not both/],
      ['{"workflows":[{"id":"7500000000000000101"},{"id":"7500000000000000101"}]}', /listed twice/],
      ['{"workflows":[{"id":"7500000000000000101","ext":{"a":1}}]}', /ext must map names to strings/],
    ];
    for (const [text, re] of bad) {
      assert.throws(
        () => parseWorkflowsFile(text, '/ws/.coze/workflows.json'),
        (e: unknown) => e instanceof WorkflowsFileError && re.test(e.message) && e.message.startsWith('/ws/.coze/workflows.json'),
        text,
      );
    }
  });
});
