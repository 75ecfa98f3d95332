// Byte-level tests of the local Coze-compatible server (test/server), using only node:http and raw sockets.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { SPACE_ID, TOKENS, WORKFLOWS, startCozeServer } from '../server/index';
import type { CozeTestServer, ServerOptions } from '../server/index';

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Set when the connection failed or was cut before the response ended. */
  error?: string;
}

/** One request with node:http (no keep-alive agent, so every socket closes with its response). */
function send(base: string, method: string, path: string, opts: { body?: string | Buffer; headers?: Record<string, string>; token?: string | null } = {}): Promise<Res> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token !== null) headers.Authorization = `Bearer ${opts.token ?? TOKENS.valid}`;
  if (typeof opts.body === 'string' && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  return new Promise((resolve) => {
    const req = http.request(base + path, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      const done = (error?: string) => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ...(error ? { error } : {}) });
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done());
      res.on('error', (e) => done(e.message));
      res.on('aborted', () => done('aborted'));
    });
    req.on('error', (e) => resolve({ status: 0, headers: {}, text: '', error: e.message }));
    req.end(opts.body);
  });
}

const post = (s: CozeTestServer, path: string, body: unknown, token?: string | null) =>
  send(s.url, 'POST', path, { body: typeof body === 'string' ? body : JSON.stringify(body), ...(token !== undefined ? { token } : {}) });

const hello = { workflow_id: WORKFLOWS.helloStream, parameters: { name: 'Ada' } };

/** Splits an SSE body into its frames (text between blank lines). */
const frames = (text: string) => text.split('\n\n').filter((f) => f !== '');

describe('local Coze server', function () {
  this.timeout(5000);
  const open: CozeTestServer[] = [];
  async function start(dialect: 'cloud' | 'studio', extra: Partial<ServerOptions> = {}): Promise<CozeTestServer> {
    const s = await startCozeServer({ dialect, timeScale: 0, ...extra });
    open.push(s);
    return s;
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('cloud stream_run: exact SSE bytes, ids 0..n, End message and Done with debug_url', async () => {
    const s = await start('cloud');
    const r = await post(s, '/v1/workflow/stream_run', hello);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/event-stream');
    assert.match(String(r.headers['x-tt-logid']), /^\d{14}[0-9A-F]{14}$/);
    const exe = '7600000000000000001';
    const uuid = 'bc1b31e3-868d-4c58-e8a3-7fd5cfe9c717';
    const chunks = ['Hello, Ada', '! This ans', 'wer is str', 'eamed from', ' a local C', 'oze workfl', 'ow, chunk ', 'by chunk.'];
    let expected = '';
    chunks.forEach((c, i) => {
      expected += `id: ${i}\nevent: Message\ndata: {"content":${JSON.stringify(c)},"node_title":"Output","node_seq_id":"${i}","node_is_finish":${i === 7},"node_id":"135790","node_execute_uuid":"${uuid}"}\n\n`;
    });
    expected +=
      'id: 8\nevent: Message\ndata: {"content":"{\\"output\\":\\"Hello, Ada! This answer is streamed from a local Coze workflow, chunk by chunk.\\"}",' +
      '"node_title":"","node_seq_id":"0","node_is_finish":true,"node_id":"900001","node_execute_uuid":"15ed4205-ca37-550c-e313-cb132ec77d02",' +
      '"cost":"0.00","token":0,"usage":{"input_count":12,"output_count":30,"token_count":42}}\n\n';
    expected += `id: 9\nevent: Done\ndata: {"debug_url":"https://www.coze.cn/work_flow?execute_id=${exe}&space_id=${SPACE_ID}&workflow_id=${WORKFLOWS.helloStream}"}\n\n`;
    assert.equal(r.text, expected);
  });

  it('studio stream_run: headers, Message key order, End node with token, Done', async () => {
    const s = await start('studio');
    const r = await post(s, '/v1/workflow/stream_run', { workflow_id: WORKFLOWS.singleChunk, parameters: '{"text":"one"}' });
    assert.equal(r.headers['content-type'], 'text/event-stream; charset=utf-8');
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.match(String(r.headers['x-log-id']), /^[0-9a-f-]{36}$/);
    assert.equal(
      r.text,
      'id: 0\nevent: Message\ndata: {"content":"{\\"output\\":\\"one\\"}","content_type":"text","node_seq_id":"0","node_id":"900001","node_is_finish":true,"node_type":"End","node_title":"End","token":42}\n\n' +
        `id: 1\nevent: Done\ndata: {"debug_url":"${s.url}/work_flow?execute_id=7600000000000000001&execute_mode=2&space_id=${SPACE_ID}&workflow_id=${WORKFLOWS.singleChunk}"}\n\n`,
    );
    const first = frames((await post(s, '/v1/workflow/stream_run', hello)).text)[0]!;
    assert.equal(first, 'id: 0\nevent: Message\ndata: {"content":"Hello, Ada","content_type":"text","node_seq_id":"0","node_id":"135790","node_is_finish":false,"node_type":"Message","node_title":"Output"}');
  });

  it('studio Interrupt has no node_title and no Done; resume restarts ids at 0', async () => {
    const s = await start('studio');
    const r = await post(s, '/v1/workflow/stream_run', { workflow_id: WORKFLOWS.askQuestion });
    const f = frames(r.text);
    assert.equal(f.length, 2);
    assert.ok(f[0]!.startsWith('id: 0\nevent: Message\n'));
    const m = /^id: 1\nevent: Interrupt\ndata: (.*)$/.exec(f[1]!);
    assert.ok(m, f[1]);
    const dbg = `${s.url}/work_flow?execute_id=7600000000000000001&execute_mode=2&space_id=${SPACE_ID}&workflow_id=${WORKFLOWS.askQuestion}`;
    assert.ok(m[1]!.startsWith(`{"debug_url":"${dbg}","interrupt_data":{"event_id":"7600000000000000001/`), m[1]);
    assert.ok(!m[1]!.includes('node_title'));
    const data = JSON.parse(m[1]!) as { interrupt_data: { event_id: string; type: number; data: string } };
    assert.equal(data.interrupt_data.type, 2);
    assert.equal(JSON.parse(data.interrupt_data.data).messages[0].content.question, 'Which colour do you like best?');
    const again = await post(s, '/v1/workflow/stream_resume', { workflow_id: WORKFLOWS.askQuestion, event_id: data.interrupt_data.event_id, interrupt_type: 2, resume_data: 'red' });
    const rf = frames(again.text);
    assert.ok(rf[0]!.startsWith('id: 0\nevent: Message\ndata: {"content":"You cho'));
    assert.ok(rf.at(-1)!.startsWith(`id: ${rf.length - 1}\nevent: Done\n`));
    assert.ok(again.text.includes('You chose red. Good choice!'));
    // A wrong event id is a pre-stream error: empty body.
    const bad = await post(s, '/v1/workflow/stream_resume', { workflow_id: WORKFLOWS.askQuestion, event_id: '1/2', interrupt_type: 2, resume_data: 'x' });
    assert.equal(bad.text, '');
  });

  it('cloud Interrupt then Done; the 4th resume of one event is an Error event', async () => {
    const s = await start('cloud');
    const r = await post(s, '/v1/workflow/stream_run', { workflow_id: WORKFLOWS.askQuestion });
    const f = frames(r.text);
    assert.equal(f[1], 'id: 1\nevent: Interrupt\ndata: {"interrupt_data":{"event_id":"7600000000000000001/1","type":2,"data":"Which colour do you like best?"},"node_title":"Question"}');
    assert.ok(f[2]!.startsWith('id: 2\nevent: Done\n'));
    const body = { workflow_id: WORKFLOWS.askQuestion, event_id: '7600000000000000001/1', interrupt_type: 2, resume_data: 'blue' };
    for (let i = 0; i < 3; i++) assert.ok((await post(s, '/v1/workflow/stream_resume', body)).text.includes('event: Done'));
    const fourth = await post(s, '/v1/workflow/stream_resume', body);
    assert.equal(fourth.text, 'id: 0\nevent: Error\ndata: {"error_code":6040,"error_message":"resume limit reached: a question can be resumed at most 3 times"}\n\n');
  });

  it('studio json-error after headers: lower-case error frame without id', async () => {
    const s = await start('studio');
    s.setFault({ kind: 'json-error', afterEvents: 1 });
    const r = await post(s, '/v1/workflow/stream_run', hello);
    const f = frames(r.text);
    assert.equal(f.length, 2);
    assert.ok(f[0]!.startsWith('id: 0\nevent: Message\n'));
    assert.equal(f[1], 'event: error\ndata: internal server error');
    assert.ok(r.text.endsWith('event: error\ndata: internal server error\n\n'));
  });

  it('studio pre-stream error: HTTP 200, JSON content type, empty body; cloud answers JSON 4200', async () => {
    const s = await start('studio');
    const r = await post(s, '/v1/workflow/stream_run', { workflow_id: WORKFLOWS.unpublished });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(r.text, '');
    const run = await post(s, '/v1/workflow/run', { workflow_id: WORKFLOWS.unpublished });
    assert.equal(JSON.parse(run.text).code, 6031);
    const c = await start('cloud');
    const cr = await post(c, '/v1/workflow/stream_run', { workflow_id: WORKFLOWS.unpublished });
    assert.equal(cr.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(cr.text), { code: 4200, msg: 'workflow not published', detail: { logid: cr.headers['x-tt-logid'] } });
  });

  it('cloud auth: 4100 with HTTP 401 on a bad token, 4101 for the other region, 6003 for async on the free plan', async () => {
    const s = await start('cloud');
    const r = await post(s, '/v1/workflow/stream_run', hello, 'pat_wrong');
    assert.equal(r.status, 401);
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.text, `{"code":4100,"msg":"authentication is invalid","detail":{"logid":"${r.headers['x-tt-logid']}"}}`);
    const missing = await post(s, '/v1/workflow/run', hello, null);
    assert.equal(missing.status, 401);
    const other = await post(s, '/v1/workflow/run', hello, TOKENS.otherRegion);
    assert.equal(other.status, 200);
    assert.equal(JSON.parse(other.text).code, 4101);
    assert.ok(JSON.parse(other.text).msg.startsWith('The token you entered is incorrect.'));
    const free = await post(s, '/v1/workflow/run', { ...hello, is_async: true }, TOKENS.freePlan);
    assert.equal(JSON.parse(free.text).code, 6003);
    assert.equal(JSON.parse((await post(s, '/v1/workflow/run', hello, TOKENS.freePlan)).text).code, 0);
  });

  it('studio auth: HTTP 200 with code 700012006, also on stream endpoints', async () => {
    const s = await start('studio');
    for (const token of ['pat_wrong', TOKENS.otherRegion, null]) {
      const r = await post(s, '/v1/workflow/stream_run', hello, token);
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(r.text, '{"code":700012006,"msg":"authentication failed: invalid api key"}');
    }
    const numericId = await post(s, '/v1/workflow/run', '{"workflow_id":7500000000000000101}');
    assert.equal(numericId.status, 400);
    assert.equal(JSON.parse(numericId.text).code, 400);
  });

  it('upload: streamed sha256 recorded, cloud and studio response shapes', async () => {
    const content = Buffer.from('hello upload\n'.repeat(1000));
    const sha = createHash('sha256').update(content).digest('hex');
    const b = 'test-boundary-42';
    const body = Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\ndemo\r\n`),
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${b}--\r\n`),
    ]);
    const headers = { 'Content-Type': `multipart/form-data; boundary=${b}` };
    const c = await start('cloud');
    const cr = JSON.parse((await send(c.url, 'POST', '/v1/files/upload', { body, headers })).text);
    assert.deepEqual(Object.keys(cr), ['code', 'msg', 'data', 'detail']);
    assert.deepEqual(Object.keys(cr.data), ['id', 'bytes', 'file_name', 'created_at']);
    assert.equal(cr.data.bytes, content.length);
    assert.equal(cr.data.file_name, 'notes.txt');
    assert.deepEqual(c.requests[0]!.multipart, { fields: { purpose: 'demo' }, files: [{ field: 'file', filename: 'notes.txt', mimeType: 'text/plain', size: content.length, sha256: sha }] });
    assert.equal(c.requests[0]!.rawBody, undefined);

    const s = await start('studio');
    const sr = JSON.parse((await send(s.url, 'POST', '/v1/files/upload', { body, headers })).text);
    assert.deepEqual(Object.keys(sr), ['data', 'code', 'msg', 'BaseResp']);
    assert.deepEqual(Object.keys(sr.data), ['uri', 'bytes', 'CreatedAt', 'file_name', 'url', 'id']);
    assert.equal(sr.data.url, `${s.url}/local_storage/bot_files/${sr.data.id}/notes.txt`);
    assert.equal(s.requests[0]!.multipart!.files[0]!.sha256, sha);
    // The url is what studio's file inputs take.
    const d = await post(s, '/v1/workflow/run', { workflow_id: WORKFLOWS.describeFile, parameters: { file: sr.data.url } });
    assert.ok(JSON.parse(JSON.parse(d.text).data).output.includes(sha));
    const none = await send(s.url, 'POST', '/v1/files/upload', { body: `--${b}--\r\n`, headers });
    assert.equal(JSON.parse(none.text).code, 104000006);
  });

  it('studio run history: 19-digit execute_id as a raw JSON number; async Running then Success', async () => {
    const s = await start('studio', { timeScale: 1, asyncDurationMs: 150 });
    const run = JSON.parse((await post(s, '/v1/workflow/run', { workflow_id: WORKFLOWS.singleChunk })).text);
    assert.equal(run.msg, null);
    assert.equal(run.execute_id, '7600000000000000001');
    const h = await send(s.url, 'GET', `/v1/workflow/get_run_history?workflow_id=${WORKFLOWS.singleChunk}&execute_id=7600000000000000001`);
    assert.ok(h.text.startsWith('{"data":[{"execute_id":7600000000000000001,"execute_status":"Success","bot_id":null,"connector_id":1024,'), h.text);
    assert.ok(h.text.endsWith('"error_code":null,"error_msg":null}],"BaseResp":null}'));
    assert.notEqual(String(JSON.parse(h.text).data[0].execute_id), '7600000000000000001'); // why it must not go through Number
    const job = JSON.parse((await post(s, '/v1/workflow/run', { workflow_id: WORKFLOWS.slowJob, is_async: true, parameters: { seconds: 0.1 } })).text);
    const url = `/v1/workflow/get_run_history?workflow_id=${WORKFLOWS.slowJob}&execute_id=${job.execute_id}`;
    assert.ok((await send(s.url, 'GET', url)).text.includes(`"execute_id":${job.execute_id},"execute_status":"Running"`));
    await new Promise((r) => setTimeout(r, 150));
    const done = JSON.parse((await send(s.url, 'GET', url)).text);
    assert.equal(done.data[0].execute_status, 'Success');
    assert.equal(done.data[0].output, '{"Output":"job finished after 0.1 s"}');
    const unknown = await send(s.url, 'GET', `/v1/workflow/get_run_history?workflow_id=${WORKFLOWS.slowJob}&execute_id=123`);
    assert.equal(JSON.parse(unknown.text).code, 777777775);
    const cloudPath = await send(s.url, 'GET', `/v1/workflows/${WORKFLOWS.slowJob}/run_histories/${job.execute_id}`);
    assert.equal(cloudPath.status, 401);
    assert.equal(cloudPath.text, '{"code":401,"msg":"missing session_key in cookie"}');
  });

  it('a fault is consumed after `times` matching requests and skips other paths', async () => {
    const s = await start('cloud');
    s.setFault({ kind: 'http-429', times: 2, retryAfter: 7 });
    assert.equal((await send(s.url, 'GET', '/v1/workspaces')).status, 200); // not a run path: untouched
    for (let i = 0; i < 2; i++) {
      const r = await post(s, '/v1/workflow/run', hello);
      assert.equal(r.status, 429);
      assert.equal(r.headers['retry-after'], '7');
      assert.equal(JSON.parse(r.text).code, 4013);
    }
    assert.equal((await post(s, '/v1/workflow/run', hello)).status, 200);
  });

  it('framing faults (no-space, crlf), drop-mid-stream and drop-before-headers', async () => {
    const s = await start('cloud');
    s.setFault({ kind: 'no-space' });
    assert.ok((await post(s, '/v1/workflow/stream_run', hello)).text.startsWith('id:0\nevent:Message\ndata:{"content":"Hello, Ada"'));
    s.setFault({ kind: 'crlf' });
    const crlf = (await post(s, '/v1/workflow/stream_run', hello)).text;
    assert.ok(crlf.startsWith('id: 0\r\nevent: Message\r\ndata: {'));
    assert.ok(crlf.endsWith('"}\r\n\r\n'));
    s.setFault({ kind: 'drop-mid-stream', afterEvents: 2 });
    const dropped = await post(s, '/v1/workflow/stream_run', hello);
    assert.ok(dropped.error, 'the response must end abnormally');
    assert.equal(frames(dropped.text).length, 2);
    s.setFault({ kind: 'drop-before-headers' });
    const raw = await new Promise<string>((resolve) => {
      const sock = net.connect(Number(new URL(s.url).port), '127.0.0.1', () => {
        sock.end(`POST /v1/workflow/run HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKENS.valid}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`);
      });
      let got = '';
      sock.on('data', (d) => (got += d));
      sock.on('close', () => resolve(got));
      sock.on('error', () => undefined);
    });
    assert.equal(raw, '');
  });

  it('firehose: many events with backpressure, exact count', async () => {
    const s = await start('studio');
    const r = await post(s, '/v1/workflow/stream_run', { workflow_id: WORKFLOWS.firehose, parameters: { count: 20000, size: 100, utf8: true } });
    const f = frames(r.text);
    assert.equal(f.length, 20002);
    assert.ok(f[19999]!.startsWith('id: 19999\nevent: Message\ndata: {"content":"#19999 流式'));
    assert.ok(f[20001]!.startsWith('id: 20001\nevent: Done\n'));
    const m = /"content":"([^"]*)"/.exec(f[5]!)!;
    assert.equal(Buffer.byteLength(m[1]!), 100);
  });

  it('chatflow: cloud frames without ids, studio ids from 1, turns counted per conversation', async () => {
    const c = await start('cloud');
    const msg = (content: string) => [{ role: 'user', content, content_type: 'text' }];
    const first = await post(c, '/v1/workflows/chat', { workflow_id: WORKFLOWS.chatAssistant, additional_messages: msg('hi') });
    const cf = frames(first.text);
    assert.ok(cf[0]!.startsWith('event: conversation.chat.created\ndata: {'));
    assert.ok(cf.at(-1)!.startsWith('event: done\ndata: {"debug_url":"https://www.coze.cn/work_flow?execute_id='));
    const conv = JSON.parse(cf[0]!.split('data: ')[1]!).conversation_id as string;
    const second = await post(c, '/v1/workflows/chat', { workflow_id: WORKFLOWS.chatAssistant, conversation_id: conv, additional_messages: msg('again') });
    assert.ok(second.text.includes('"content":"You said: again (turn 2)"'));
    const s = await start('studio');
    const noName = await post(s, '/v1/workflows/chat', { workflow_id: WORKFLOWS.chatAssistant, additional_messages: msg('hi') });
    assert.notEqual(JSON.parse(noName.text).code, 0);
    const sr = await post(s, '/v1/workflows/chat', { workflow_id: WORKFLOWS.chatAssistant, additional_messages: msg('hi'), parameters: { CONVERSATION_NAME: 'demo' } });
    const sf = frames(sr.text);
    assert.ok(sf[0]!.startsWith('id: 1\nevent: conversation.chat.created\n'));
    assert.ok(sf.at(-1)!.startsWith(`id: ${sf.length}\nevent: done\n`));
  });

  it('control endpoints over HTTP; /_test/ requests are not recorded', async () => {
    const s = await start('cloud');
    await post(s, '/v1/workflow/run', hello);
    const put = await send(s.url, 'PUT', '/_test/fault', { body: JSON.stringify({ kind: 'empty-200' }), token: null });
    assert.equal(put.status, 200);
    const empty = await post(s, '/v1/workflow/stream_run', hello);
    assert.equal(empty.headers['content-type'], 'text/event-stream');
    assert.equal(empty.text, '');
    const bad = await send(s.url, 'PUT', '/_test/fault', { body: '{"kind":"nope"}', token: null });
    assert.equal(bad.status, 400);
    const reqs = JSON.parse((await send(s.url, 'GET', '/_test/requests', { token: null })).text) as { path: string; body: unknown; headers: Record<string, string> }[];
    assert.deepEqual(reqs.map((r) => r.path), ['/v1/workflow/run', '/v1/workflow/stream_run']);
    assert.deepEqual(reqs[0]!.body, hello);
    assert.equal(reqs[0]!.headers.authorization, `Bearer ${TOKENS.valid}`);
    assert.equal((await send(s.url, 'DELETE', '/_test/requests', { token: null })).status, 200);
    assert.equal((await send(s.url, 'GET', '/_test/requests', { token: null })).text, '[]');
    const cat = JSON.parse((await send(s.url, 'GET', '/_test/catalogue', { token: null })).text) as { id: string; kind: string }[];
    assert.deepEqual(cat.map((w) => w.id), Object.values(WORKFLOWS));
    assert.equal(cat.find((w) => w.id === WORKFLOWS.chatAssistant)!.kind, 'chatflow');
    assert.equal((await send(s.url, 'GET', `/v1/workflows/${WORKFLOWS.helloStream}/run_histories/7600000000000000001`)).text.includes('"execute_status":"Success"'), true);
    assert.equal((await send(s.url, 'POST', '/_test/reset', { token: null })).status, 200);
    assert.equal(JSON.parse((await send(s.url, 'GET', `/v1/workflows/${WORKFLOWS.helloStream}/run_histories/7600000000000000001`)).text).code, 4000);
    assert.equal(s.requests.length, 1);
  });

  it('close() ends streams in progress without hanging', async () => {
    const s = await startCozeServer({ dialect: 'cloud', timeScale: 1 });
    const pending = post(s, '/v1/workflow/stream_run', { workflow_id: WORKFLOWS.slowJob, parameters: { seconds: 30 } });
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await s.close();
    const r = await pending;
    assert.ok(Date.now() - t0 < 1000);
    assert.ok(r.error);
  });
});
