// Agent mode: the definition provider gives `coze-workflows mcp` for the workspace's saved workflows (with the
// token only in the resolved definition), a client started from that definition lists and runs the tools, and
// the language model tool runs a saved workflow through vscode.lm.invokeTool, refusing any other.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { extensionApi, nextEvent, servers, setToken, useLocalEnvironments } from './support/host';

const HELLO = '7500000000000000101';

describe('agent mode: saved workflows as MCP tools and a language model tool', () => {
  useLocalEnvironments();
  const file = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.coze', 'workflows.json');
  before(async () => {
    await vscode.workspace.fs.writeFile(
      file(),
      new TextEncoder().encode(JSON.stringify({ workflows: [{ id: HELLO, name: 'hello_stream', kind: 'workflow' }] })),
    );
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
    const transport = new StdioClientTransport({
      command: def.command,
      args: def.args,
      env: { PATH: process.env.PATH ?? '', ...env },
      cwd: def.cwd!.fsPath,
      stderr: 'ignore',
    });
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
    const result = await vscode.lm.invokeTool('coze_run_workflow', {
      input: { workflow: 'hello_stream', parameters: { name: 'Tool' } },
      toolInvocationToken: undefined,
    });
    const text = result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    assert.match(text, /Hello, Tool/);
    assert.match(text, /debug_url: https:\/\/www\.coze\.cn\/work_flow/);
    await assert.rejects(
      Promise.resolve(vscode.lm.invokeTool('coze_run_workflow', { input: { workflow: 'anything_else' }, toolInvocationToken: undefined })),
      /not a saved workflow/,
    );
  });

  it("the language model tool's result holds no token when the server echoes it back", async () => {
    const token = servers().token;
    await fetch(`${servers().cloud}/_test/echo-token`, { method: 'PUT', body: JSON.stringify({ on: true }) });
    try {
      const result = await vscode.lm.invokeTool('coze_run_workflow', {
        input: { workflow: 'hello_stream', parameters: { name: 'Echo' } },
        toolInvocationToken: undefined,
      });
      const text = result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
      assert.match(text, /Hello, Echo.*\[echo pat_\*\*\*\]/);
      assert.match(text, /caller=pat_\*\*\*/);
      for (const t of [token, token.slice(4)]) assert.ok(!text.includes(t), 'no token in what goes to the model provider');
    } finally {
      await fetch(`${servers().cloud}/_test/echo-token`, { method: 'PUT', body: JSON.stringify({ on: false }) });
    }
  });

  it('the agent server follows the token: signing out lists no server (VS Code stops it), a new token starts a new session with it', async () => {
    const api = await extensionApi();
    const [running] = await api.mcp.provideMcpServerDefinitions();
    assert.ok(running);
    try {
      const signedOut = nextEvent(api.mcp.onDidChangeMcpServerDefinitions);
      await vscode.commands.executeCommand('coze.signOut', { environmentId: 'local-cloud' });
      await signedOut;
      assert.deepEqual(await api.mcp.provideMcpServerDefinitions(), [], 'signed out: no server to run');
      assert.equal(await api.mcp.resolveMcpServerDefinition(running), undefined, 'the old definition starts nothing');
      const next = `${servers().token}_rotated`;
      const signedIn = nextEvent(api.mcp.onDidChangeMcpServerDefinitions);
      await setToken('local-cloud', next);
      await signedIn;
      const [fresh] = await api.mcp.provideMcpServerDefinitions();
      assert.ok(fresh, 'signed in again: the server is listed');
      assert.notEqual(fresh.version, running.version, 'a new session: VS Code starts it anew');
      assert.notEqual(fresh.env.COZE_WORKFLOWS_SESSION, running.env.COZE_WORKFLOWS_SESSION);
      assert.ok(!JSON.stringify(fresh).includes(next), 'the listed definition holds no token');
      assert.equal((await api.mcp.resolveMcpServerDefinition(fresh))?.env.COZE_API_TOKEN, next, 'it starts with the new token');
    } finally {
      await setToken('local-cloud', servers().token);
    }
  });
});
