import assert from 'node:assert/strict';
import { curlForRun } from '../../src/core/snippets/curl';
import { nodeSnippet, pythonSnippet } from '../../src/core/snippets/sdkSnippets';

const req = { workflowId: '7500000000000000101', parameters: { name: "O'Brien", on: true, none: null }, botId: '73' };

describe('snippets', () => {
  it('curl: the stream endpoint, the body, a quoted apostrophe and $COZE_API_TOKEN', () => {
    const curl = curlForRun('https://api.coze.cn/', req, 'stream');
    assert.match(curl, /^curl -N -X POST 'https:\/\/api\.coze\.cn\/v1\/workflow\/stream_run'/);
    assert.match(curl, /Bearer \$COZE_API_TOKEN/);
    assert.match(curl, /O'\\''Brien/);
    assert.match(curlForRun('https://x', req, 'async'), /"is_async":true/);
  });

  it('@coze/api: stream, then resume on an interrupt, token from the environment', () => {
    const code = nodeSnippet('https://api.coze.cn', req);
    for (const s of ['client.workflows.runs.stream(', 'client.workflows.runs.resume(', 'interrupt_data.event_id', 'process.env.COZE_API_TOKEN', '"bot_id"'.slice(1, -1)]) assert.ok(code.includes(s), s);
  });

  it('cozepy: Python literals and the resume loop', () => {
    const code = pythonSnippet('https://api.coze.com', req);
    assert.match(code, /"on": True/);
    assert.match(code, /"none": None/);
    assert.match(code, /coze\.workflows\.runs\.resume\(/);
    assert.match(code, /os\.environ\["COZE_API_TOKEN"\]/);
    assert.match(code, /bot_id="73"/);
  });
});
