// Agent mode: the definition provider gives `coze-workflows mcp` for the workspace's saved workflows (with the
// token only in the resolved definition), a client started from that definition lists and runs the tools, and
// the language model tool runs a saved workflow through vscode.lm.invokeTool, refusing any other.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { extensionApi, servers, useLocalEnvironments } from './support/host';

const HELLO = '7500000000000000101';

describe('agent mode: saved workflows as MCP tools and a language model tool', () => {
  useLocalEnvironments();
  const file = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.coze', 'workflows.json');
  before(async () => {
    await vscode.workspace.fs.writeFile(file(), new TextEncoder().encode(JSON.stringify({ workflows: [{ id: HELLO, name: 'hello_stream', kind: 'workflow' }] })));
  });
  after(async () => {
    await vscode.workspace.fs.delete(file()).then(undefined, () => undefined);
  });

  it('the definition provider gives the server without the token; resolved, it starts, lists the tools and runs one', async () => {
    const api = await extensionApi();
    const defs = await api.mcp.provideMcpServerDefinitions();
    assert.equal(defs.length, 1);
    assert.ok(!JSON.stringify(defs).includes(servers().token), 'the listed definition holds no token');
    const def = await api.mcp.resolveMcpServerDefinition(defs[0]!);
    assert.ok(def, 'resolved while signed in');
    assert.equal(def.env.COZE_API_TOKEN, servers().token, 'the token is in the resolved definition, for that process');
    const env = Object.fromEntries(Object.entries(def.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const transport = new StdioClientTransport({ command: def.command, args: def.args, env: { PATH: process.env.PATH ?? '', ...env }, cwd: def.cwd!.fsPath, stderr: 'ignore' });
    const client = new Client({ name: 'host-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['hello_stream', 'resume']);
      assert.deepEqual(tools.find((t) => t.name === 'hello_stream')?.inputSchema.required, ['name']);
      const r = (await client.callTool({ name: 'hello_stream', arguments: { name: 'Agent' } })) as CallToolResult;
      assert.match(r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n'), /Hello, Agent/);
    } finally {
      await client.close();
    }
  });

  it('vscode.lm.invokeTool runs a saved workflow and returns its output; a workflow that is not saved is refused', async () => {
    const result = await vscode.lm.invokeTool('coze_run_workflow', { input: { workflow: 'hello_stream', parameters: { name: 'Tool' } }, toolInvocationToken: undefined });
    const text = result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    assert.match(text, /Hello, Tool/);
    assert.match(text, /debug_url: https:\/\/www\.coze\.cn\/work_flow/);
    await assert.rejects(
      Promise.resolve(vscode.lm.invokeTool('coze_run_workflow', { input: { workflow: 'anything_else' }, toolInvocationToken: undefined })),
      /not a saved workflow/,
    );
  });
});
