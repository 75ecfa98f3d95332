import assert from 'node:assert/strict';
import { parseWorkflowRef } from '../../src/core/workflowRef';

describe('workflow references', () => {
  const cases: [string, ReturnType<typeof parseWorkflowRef>][] = [
    ['  7500000000000000101 ', { workflowId: '7500000000000000101' }],
    [
      'https://www.coze.cn/work_flow?space_id=7500000000000000002&workflow_id=7500000000000000101',
      { workflowId: '7500000000000000101', spaceId: '7500000000000000002', host: 'www.coze.cn' },
    ],
    [
      'https://www.coze.com/space/7500000000000000002/workflow/7500000000000000101',
      { workflowId: '7500000000000000101', spaceId: '7500000000000000002', host: 'www.coze.com' },
    ],
    [
      'https://www.coze.cn/space/7500000000000000002/project-ide/7400000000000000009/workflow/7500000000000000101?from=x',
      { workflowId: '7500000000000000101', spaceId: '7500000000000000002', appId: '7400000000000000009', host: 'www.coze.cn' },
    ],
    [
      'https://www.coze.cn/work_flow?execute_id=7600000000000000001&space_id=7500000000000000002&workflow_id=7500000000000000101&project_id=7400000000000000009',
      { workflowId: '7500000000000000101', spaceId: '7500000000000000002', appId: '7400000000000000009', host: 'www.coze.cn' },
    ],
    [
      'http://localhost:8888/work_flow?workflow_id=7500000000000000101&space_id=7500000000000000002&execute_mode=2',
      { workflowId: '7500000000000000101', spaceId: '7500000000000000002', host: 'localhost:8888' },
    ],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${input.trim().slice(0, 60)}`, () => assert.deepEqual(parseWorkflowRef(input), expected));
  }
  it('refuses text without a workflow id', () => {
    for (const bad of ['', 'hello', '12', 'https://www.coze.cn/space/7500000000000000002/bot/7500000000000000009', 'javascript:alert(1)'])
      assert.equal(parseWorkflowRef(bad), undefined, bad);
  });
});
