// `coze-workflows mcp` end to end: the built CLI spawned as an MCP server on stdio against the local server,
// driven by the MCP SDK's own client, on both dialects. Tools per saved workflow with the cloud schema,
// progress, a failure as a tool error, a question through elicitation and through the resume tool, file
// inputs, only saved workflows, and a scan of everything the server wrote for the token.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema, ToolListChangedNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { TOKENS, WORKFLOWS } from '../server/index';
import { useServers } from './support/servers';

const CLI = resolve(__dirname, '../../../dist/cli.js'); // built from out/test/unit/
const TOKEN = `${TOKENS.valid}_mcp_${process.pid}`;

const SAVED = {
  workflows: [
    { id: WORKFLOWS.helloStream, name: 'hello_stream', kind: 'workflow', presets: { ada: { name: 'Ada', style: 'plain' } } },
    { id: WORKFLOWS.askQuestion, name: 'ask_question', kind: 'workflow' },
    { id: WORKFLOWS.failMidway, name: 'fail_midway', kind: 'workflow' },
    { id: WORKFLOWS.describeFile, name: 'describe_file', kind: 'workflow' },
  ],
};

const textOf = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

describe('coze-workflows mcp (spawned, with the MCP SDK client)', function () {
  const servers = useServers();
  let dir: string;
  let stderr: string;
  const seen: string[] = [];
  const clients: Client[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coze-mcp-'));
    mkdirSync(join(dir, '.coze'));
    writeFileSync(join(dir, '.coze', 'workflows.json'), JSON.stringify(SAVED));
    writeFileSync(join(dir, 'notes.txt'), 'notes for the workflow\n');
    stderr = '';
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    rmSync(dir, { recursive: true, force: true });
  });
  after(() => {
    const all = [...seen, stderr].join('\n');
    assert.ok(!all.includes(TOKEN), 'no token in anything the server wrote');
  });

  async function connect(dialect: 'cloud' | 'studio', answer?: (message: string, schema: unknown) => string | undefined, token = TOKEN): Promise<Client> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', '--base-url', servers[dialect].url, '--dialect', dialect],
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', COZE_API_TOKEN: token },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const client = new Client({ name: 'coze-mcp-test', version: '1.0.0' }, { capabilities: answer ? { elicitation: {} } : {} });
    if (answer) {
      client.setRequestHandler(ElicitRequestSchema, (request) => {
        const params = request.params as { message: string; requestedSchema?: unknown };
        const a = answer(params.message, params.requestedSchema);
        return a === undefined ? { action: 'decline' } : { action: 'accept', content: { answer: a } };
      });
    }
    await client.connect(transport);
    clients.push(client);
    return client;
  }
  const call = async (client: Client, name: string, args: Record<string, unknown>, onprogress?: (p: { message?: string }) => void) => {
    const r = (await client.callTool({ name, arguments: args }, undefined, onprogress ? { onprogress } : {})) as CallToolResult;
    seen.push(JSON.stringify(r));
    return r;
  };

  for (const dialect of ['cloud', 'studio'] as const) {
    it(`${dialect}: a server that echoes the token (pasted with a line break) gets it back into no result, structured output, progress or log line`, async () => {
      servers[dialect].setEchoToken(true);
      const asked: string[] = [];
      const client = await connect(dialect, (message) => (asked.push(message), 'blue'), `${TOKEN}\n`);
      const progress: string[] = [];
      const ok = await call(client, 'hello_stream', { name: 'Ada' }, (p) => void progress.push(p.message ?? ''));
      assert.equal(ok.isError, undefined);
      assert.match(textOf(ok), /Hello, Ada!.*\[echo pat_\*\*\*\]/);
      assert.equal((ok.structuredContent as { caller_token?: string }).caller_token, 'pat_***');
      const failed = await call(client, 'fail_midway', {});
      assert.equal(failed.isError, true);
      assert.match(textOf(failed), /the caller was pat_\*\*\*/);
      const answered = await call(client, 'ask_question', {});
      assert.match(textOf(answered), /blue/);
      const everything = [JSON.stringify([ok, failed, answered]), progress.join('\n'), asked.join('\n'), stderr].join('\n');
      for (const t of [TOKEN, TOKEN.slice(4)]) assert.ok(!everything.includes(t), `no ${t === TOKEN ? 'token' : 'token body'} anywhere`);
      assert.ok(servers[dialect].requests.every((q) => q.headers.authorization === `Bearer ${TOKEN}`));
    });
  }

  it("cloud: one tool per saved workflow, with the start node's schema and Coze's description, and a resume tool", async () => {
    const client = await connect('cloud');
    const { tools } = await client.listTools();
    seen.push(JSON.stringify(tools));
    assert.deepEqual(tools.map((t) => t.name).sort(), ['ask_question', 'describe_file', 'fail_midway', 'hello_stream', 'resume']);
    const hello = tools.find((t) => t.name === 'hello_stream')!;
    assert.match(hello.description ?? '', /Greets someone, streaming the answer/);
    assert.deepEqual(hello.inputSchema.required, ['name']);
    assert.deepEqual(hello.inputSchema.properties?.name, { type: 'string', description: 'Who to greet' });
    assert.equal((hello.inputSchema.properties?.style as { default?: string }).default, 'plain');
    const file = tools.find((t) => t.name === 'describe_file')!;
    assert.match(String((file.inputSchema.properties?.file as { description?: string }).description), /local path .* or an http\(s\) URL/);
  });

  it('cloud: a streamed run returns its output and debug_url, with progress while it runs', async () => {
    const client = await connect('cloud');
    const progress: string[] = [];
    const r = await call(client, 'hello_stream', { name: 'Ada' }, (p) => void progress.push(p.message ?? ''));
    assert.equal(r.isError, undefined);
    assert.match(textOf(r), /Hello, Ada/);
    assert.match(textOf(r), /debug_url: https:\/\/www\.coze\.cn\/work_flow\?execute_id=\d+/);
    assert.match(textOf(r), /execute_id: \d+/);
    assert.ok(progress.length >= 1, 'progress notifications while it streamed');
  });

  it('cloud: a failing workflow is a tool error with the code, the message and the logid', async () => {
    const client = await connect('cloud');
    const r = await call(client, 'fail_midway', {});
    assert.equal(r.isError, true);
    assert.match(textOf(r), /failed: .*\(code 720701013\)/);
    assert.match(textOf(r), /logid: \w+/);
  });

  it('cloud: a question goes to the person through elicitation, with its options, and the run resumes with the answer', async () => {
    const asked: string[] = [];
    const client = await connect('cloud', (message) => (asked.push(message), 'blue'));
    const r = await call(client, 'ask_question', {});
    assert.deepEqual(asked, ['Which colour do you like best?']);
    assert.match(textOf(r), /You chose blue/);
  });

  it('studio: a client without elicitation gets the question and finishes through the resume tool', async () => {
    const client = await connect('studio');
    const first = await call(client, 'ask_question', {});
    assert.match(textOf(first), /asks: Which colour do you like best\?/);
    const eventId = /event_id "([^"]+)"/.exec(textOf(first))?.[1];
    assert.ok(eventId, 'the result names the event_id to resume');
    const second = await call(client, 'resume', { event_id: eventId, answer: 'green' });
    assert.match(textOf(second), /You chose green/);
    const again = await call(client, 'resume', { event_id: eventId, answer: 'green' });
    assert.equal(again.isError, true, 'an answered question cannot be answered twice');
  });

  it('studio: no schema from the server, so the inputs follow the saved presets; a file input is uploaded', async () => {
    const client = await connect('studio');
    const { tools } = await client.listTools();
    const hello = tools.find((t) => t.name === 'hello_stream')!;
    assert.match(hello.description ?? '', /follow the workflow's saved presets/);
    assert.deepEqual(Object.keys(hello.inputSchema.properties ?? {}).sort(), ['name', 'style']);
    const free = tools.find((t) => t.name === 'describe_file')!;
    assert.deepEqual(Object.keys(free.inputSchema.properties ?? {}), ['parameters']);
    assert.match(textOf(await call(client, 'hello_stream', { name: 'Bo' })), /Hello, Bo/);
    // no schema says which input is a file: {"file": path} is uploaded, and the workflow sees the file
    assert.match(free.description ?? '', /\{"file": "<local path or http\(s\) URL>"\}/);
    const r = await call(client, 'describe_file', { parameters: { file: { file: 'notes.txt' } } });
    assert.equal(r.isError, undefined, textOf(r));
    assert.match(textOf(r), /notes\.txt/);
    assert.equal(servers.studio.requests.filter((q) => q.path === '/v1/files/upload').length, 1, 'uploaded once');
  });

  it('studio: inputs given beside "parameters" are never dropped unseen: alone they are the parameters, mixed they are an error and nothing runs', async () => {
    const client = await connect('studio');
    const alone = await call(client, 'describe_file', { file: { file: 'notes.txt' } });
    assert.equal(alone.isError, undefined, textOf(alone));
    assert.match(textOf(alone), /notes\.txt/);
    servers.studio.clearRequests();
    const mixed = await call(client, 'describe_file', { parameters: {}, w: 'x' });
    assert.equal(mixed.isError, true);
    assert.match(textOf(mixed), /inside "parameters" only.*w were given beside it/);
    assert.equal(servers.studio.requests.filter((q) => q.path.includes('run')).length, 0, 'no tokens spent');
  });

  it('cloud: a file input given as a local path is uploaded, encoded, and the workflow sees it', async () => {
    const client = await connect('cloud');
    const r = await call(client, 'describe_file', { file: 'notes.txt' });
    assert.equal(r.isError, undefined, textOf(r));
    assert.match(textOf(r), /notes\.txt/);
    assert.equal(servers.cloud.requests.filter((q) => q.path === '/v1/files/upload').length, 1);
  });

  it('a workflow saved while an agent is connected becomes a tool: the server says the list changed (tools.listChanged)', async () => {
    const client = await connect('cloud');
    assert.equal(client.getServerCapabilities()?.tools?.listChanged, true);
    assert.ok(!(await client.listTools()).tools.some((t) => t.name === 'collect_input'));
    const changed = new Promise<void>((done) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => done()));
    writeFileSync(
      join(dir, '.coze', 'workflows.json'),
      JSON.stringify({ workflows: [...SAVED.workflows, { id: WORKFLOWS.collectInput, name: 'collect_input', kind: 'workflow' }] }),
    );
    await changed;
    assert.ok(
      (await client.listTools()).tools.some((t) => t.name === 'collect_input'),
      'the new workflow is a tool',
    );
  });

  it('only saved workflows run: another name is refused and nothing is sent', async () => {
    const client = await connect('cloud');
    const before = servers.cloud.requests.length;
    await assert.rejects(call(client, 'run_anything', { workflow_id: WORKFLOWS.helloStream }), /Unknown tool "run_anything"/);
    assert.equal(
      servers.cloud.requests.filter((q) => q.path.includes('run')).length,
      servers.cloud.requests.slice(0, before).filter((q) => q.path.includes('run')).length,
    );
  });
});
