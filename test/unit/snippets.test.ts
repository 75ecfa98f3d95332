// Copy as curl / Copy as Code are generated from the one request the client sends, and they are run here:
// the curl command with curl, the @coze/api code with Node, the cozepy code with Python when cozepy is
// installed. Each must get the answer the client got for the same request.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCall } from '../../src/core/client/runRequest';
import type { RunRequest } from '../../src/core/model/workflow';
import { applyUpdate, emptyRunState, type RunState } from '../../src/core/model/runState';
import { curlForRun } from '../../src/core/snippets/curl';
import { nodeSnippet, pythonSnippet } from '../../src/core/snippets/sdkSnippets';
import { readSseBatches } from '../../src/core/sse/readSse';
import { toWorkflowEvent } from '../../src/core/sse/workflowEvents';
import type { WorkflowEvent } from '../../src/core/model/events';
import { TOKENS, WORKFLOWS } from '../server/index';
import { asAsync, collect } from './support/chunks';
import { clientFor, useServers } from './support/servers';

// string values that spell JSON literals, quotes of both kinds, and real booleans and nulls
const request: RunRequest = {
  workflowId: WORKFLOWS.helloStream,
  parameters: { name: `O'Brien says "true", false and null`, style: 'plain', on: true, none: null, list: [1, 'null'] },
};

const fold = (events: WorkflowEvent[]): RunState =>
  events.reduce((v, event) => applyUpdate(v, { u: 'event', at: 0, event }), applyUpdate(emptyRunState(), { u: 'started', at: 0, mode: 'stream' }));
const streamed = (events: WorkflowEvent[]) => events.map((e) => (e.kind === 'message' ? e.content : '')).join('');
const env = { ...process.env, COZE_API_TOKEN: TOKENS.valid };
/** Runs a program and gives its output. Asynchronously: the local server answers from this same process. */
const run = async (file: string, args: string[]) => (await promisify(execFile)(file, args, { env, encoding: 'utf8' })).stdout;

async function parseSse(text: string): Promise<WorkflowEvent[]> {
  const events: WorkflowEvent[] = [];
  for await (const batch of readSseBatches(asAsync([new TextEncoder().encode(text)]))) events.push(...batch.map(toWorkflowEvent));
  return events;
}

function hasCozepy(): boolean {
  return spawnSync('python3', ['-c', 'import cozepy'], { stdio: 'ignore' }).status === 0;
}

describe('snippets: generated from the request the client sends, and run', function () {
  const servers = useServers();
  let dir: string;
  before(() => {
    // inside the project, so `import '@coze/api'` resolves from its node_modules
    mkdirSync(join(__dirname, '..', 'snippets'), { recursive: true });
    dir = mkdtempSync(join(__dirname, '..', 'snippets', 'run-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const dialect of ['cloud', 'studio'] as const) {
    it(`${dialect}: curl sends the client's exact body and streams the same answer`, async () => {
      const base = servers[dialect].url;
      const ours = await collect(await clientFor(servers[dialect]).streamRun(request));
      const sentByClient = servers[dialect].requests.at(-1)?.rawBody;
      const curl = curlForRun(runCall(dialect, base, request, 'stream'));
      assert.ok(!curl.includes(TOKENS.valid), 'the token is never written');
      const out = await run('sh', ['-c', curl]);
      assert.equal(servers[dialect].requests.at(-1)?.rawBody, sentByClient, 'the same bytes as the client sent');
      const theirs = await parseSse(out);
      assert.equal(streamed(theirs), streamed(ours));
      assert.equal(fold(theirs).output, fold(ours).output);
      assert.ok(fold(ours).output, 'the run has an output to compare');
    });

    it(`${dialect}: the @coze/api code runs with Node and prints what the run streamed`, async () => {
      const base = servers[dialect].url;
      const ours = await collect(await clientFor(servers[dialect]).streamRun(request));
      const file = join(dir, `${dialect}-stream.mjs`);
      writeFileSync(file, nodeSnippet(runCall(dialect, base, request, 'stream')));
      const out = await run(process.execPath, [file]);
      assert.equal(out, `${streamed(ours)}\n`);
      const sync = await clientFor(servers[dialect]).runSync(request);
      writeFileSync(file, nodeSnippet(runCall(dialect, base, request, 'sync')));
      assert.equal((await run(process.execPath, [file])).trim(), sync.data);
    });

    it(`${dialect}: the cozepy code carries the request as JSON, exactly (string "true" stays a string)`, async function () {
      const code = pythonSnippet(runCall(dialect, servers[dialect].url, request, 'stream'));
      const line = code.split('\n').find((l) => l.startsWith('request = json.loads('))!;
      const python = spawnSync('python3', ['-c', `import json\n${line}\nprint(json.dumps(request))`], { encoding: 'utf8' });
      if (python.status !== 0 && /not found|ENOENT/.test(String(python.error ?? python.stderr))) this.skip();
      assert.deepEqual(JSON.parse(python.stdout), runCall(dialect, servers[dialect].url, request, 'stream').body);
      if (!hasCozepy()) {
        console.log('      (cozepy is not installed here, and PyPI is out of reach: the Python code is checked for its request, not run)');
        return;
      }
      const ours = await collect(await clientFor(servers[dialect]).streamRun(request));
      const file = join(dir, `${dialect}_stream.py`);
      writeFileSync(file, code);
      assert.equal(await run('python3', [file]), `${streamed(ours)}\n`);
    });
  }

  it('sends each dialect only what it knows, and never bot_id with app_id', () => {
    const options: RunRequest = { ...request, workflowVersion: 'v1', connectorId: '1024', executeMode: 'DEBUG', version: 'v0.0.1', appId: '73' };
    const cloud = runCall('cloud', 'https://api.coze.cn/', options, 'async');
    assert.deepEqual(Object.keys(cloud.body), ['workflow_id', 'parameters', 'app_id', 'workflow_version', 'connector_id', 'is_async']);
    assert.equal(cloud.baseUrl + cloud.path, 'https://api.coze.cn/v1/workflow/run');
    const studio = runCall('studio', 'http://localhost:8888', options, 'stream');
    assert.deepEqual(Object.keys(studio.body), ['workflow_id', 'parameters', 'app_id', 'execute_mode', 'version', 'connector_id']);
    assert.match(pythonSnippet(studio), /cozepy does not send execute_mode, version, connector_id/);
    assert.throws(() => runCall('cloud', 'https://api.coze.cn', { ...request, botId: '1', appId: '2' }, 'stream'), /bot_id or app_id/);
  });
});
