// Byte-level tests of the local Coze-compatible server (test/server), using only node:http and raw sockets.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { APP_ID, SPACE_ID, TOKENS, WORKFLOWS, startCozeServer } from '../server/index';
import type { CozeTestServer, ServerOptions } from '../server/index';
import { HoldStore } from '../server/holds';

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Set when the connection failed or was cut before the response ended. */
  error?: string;
}

/** One request with node:http (no keep-alive agent, so every socket closes with its response). */
function send(
  base: string,
  method: string,
  path: string,
  opts: { body?: string | Buffer; headers?: Record<string, string>; token?: string | null } = {},
): Promise<Res> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token !== null) headers.Authorization = `Bearer ${opts.token ?? TOKENS.valid}`;
  if (typeof opts.body === 'string' && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  return new Promise((resolve) => {
    const req = http.request(base + path, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      const done = (error?: string) =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ...(error ? { error } : {}) });
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

/** A POST whose response headers can be awaited on their own (the condition "the stream has started"). */
function openStream(
  s: CozeTestServer,
  path: string,
  body: unknown,
  token = TOKENS.valid,
): { headers: Promise<http.IncomingMessage>; done: Promise<Res>; req: http.ClientRequest } {
  let onHeaders!: (r: http.IncomingMessage) => void;
  const headers = new Promise<http.IncomingMessage>((r) => (onHeaders = r));
  let req!: http.ClientRequest;
  const done = new Promise<Res>((resolve) => {
    req = http.request(
      s.url + path,
      { method: 'POST', agent: false, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } },
      (res) => {
        onHeaders(res);
        const chunks: Buffer[] = [];
        const end = (error?: string) =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ...(error ? { error } : {}) });
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => end());
        res.on('error', (e) => end(e.message));
        res.on('aborted', () => end('aborted'));
      },
    );
    req.on('error', (e) => resolve({ status: 0, headers: {}, text: '', error: e.message }));
    req.end(JSON.stringify(body));
  });
  return { headers, done, req };
}

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
    assert.equal(
      first,
      'id: 0\nevent: Message\ndata: {"content":"Hello, Ada","content_type":"text","node_seq_id":"0","node_id":"135790","node_is_finish":false,"node_type":"Message","node_title":"Output"}',
    );
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
    const again = await post(s, '/v1/workflow/stream_resume', {
      workflow_id: WORKFLOWS.askQuestion,
      event_id: data.interrupt_data.event_id,
      interrupt_type: 2,
      resume_data: 'red',
    });
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
    assert.equal(
      f[1],
      'id: 1\nevent: Interrupt\ndata: {"interrupt_data":{"event_id":"7600000000000000001/1","type":2,"data":"Which colour do you like best?"},"node_title":"Question"}',
    );
    assert.ok(f[2]!.startsWith('id: 2\nevent: Done\n'));
    const body = { workflow_id: WORKFLOWS.askQuestion, event_id: '7600000000000000001/1', interrupt_type: 2, resume_data: 'blue' };
    for (let i = 0; i < 3; i++) assert.ok((await post(s, '/v1/workflow/stream_resume', body)).text.includes('event: Done'));
    const fourth = await post(s, '/v1/workflow/stream_resume', body);
    assert.equal(
      fourth.text,
      'id: 0\nevent: Error\ndata: {"error_code":6040,"error_message":"resume limit reached: a question can be resumed at most 3 times"}\n\n',
    );
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

  it('cloud auth: 4100 with HTTP 200 on a bad token (401 with the http-401 fault), 4101 for the other region, 6003 for async on the free plan', async () => {
    const s = await start('cloud');
    const r = await post(s, '/v1/workflow/stream_run', hello, 'pat_wrong');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.text, `{"code":4100,"msg":"authentication is invalid","detail":{"logid":"${r.headers['x-tt-logid']}"}}`);
    const missing = await post(s, '/v1/workflow/run', hello, null);
    assert.equal(missing.status, 200);
    assert.equal(JSON.parse(missing.text).code, 4100);
    s.setFault({ kind: 'http-401' });
    const faulted = await post(s, '/v1/workflow/run', hello);
    assert.equal(faulted.status, 401);
    assert.equal(faulted.text, `{"code":4100,"msg":"authentication is invalid","detail":{"logid":"${faulted.headers['x-tt-logid']}"}}`);
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
    assert.deepEqual(c.requests[0]!.multipart, {
      fields: { purpose: 'demo' },
      files: [{ field: 'file', filename: 'notes.txt', mimeType: 'text/plain', size: content.length, sha256: sha }],
    });
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
    const s = await start('studio', { manualClock: true });
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
    s.advanceClock(100);
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
      assert.equal(JSON.parse(r.text).code, 4009);
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
        sock.end(
          `POST /v1/workflow/run HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKENS.valid}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
        );
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
    const first = await post(c, '/v1/workflows/chat', { workflow_id: WORKFLOWS.chatAssistant, app_id: APP_ID, additional_messages: msg('hi') });
    const cf = frames(first.text);
    assert.ok(cf[0]!.startsWith('event: conversation.chat.created\ndata: {'));
    assert.ok(cf.at(-1)!.startsWith('event: done\ndata: {"debug_url":"https://www.coze.cn/work_flow?execute_id='));
    const conv = JSON.parse(cf[0]!.split('data: ')[1]!).conversation_id as string;
    const second = await post(c, '/v1/workflows/chat', {
      workflow_id: WORKFLOWS.chatAssistant,
      app_id: APP_ID,
      conversation_id: conv,
      additional_messages: msg('again'),
    });
    assert.ok(second.text.includes('"content":"You said: again (turn 2)"'));
    const s = await start('studio');
    const noName = await post(s, '/v1/workflows/chat', { workflow_id: WORKFLOWS.chatAssistant, additional_messages: msg('hi') });
    assert.notEqual(JSON.parse(noName.text).code, 0);
    const sr = await post(s, '/v1/workflows/chat', {
      workflow_id: WORKFLOWS.chatAssistant,
      additional_messages: msg('hi'),
      parameters: { CONVERSATION_NAME: 'demo' },
    });
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
    const reqs = JSON.parse((await send(s.url, 'GET', '/_test/requests', { token: null })).text) as {
      path: string;
      body: unknown;
      headers: Record<string, string>;
    }[];
    assert.deepEqual(
      reqs.map((r) => r.path),
      ['/v1/workflow/run', '/v1/workflow/stream_run'],
    );
    assert.deepEqual(reqs[0]!.body, hello);
    assert.equal(reqs[0]!.headers.authorization, `Bearer ${TOKENS.valid}`);
    assert.equal((await send(s.url, 'DELETE', '/_test/requests', { token: null })).status, 200);
    assert.equal((await send(s.url, 'GET', '/_test/requests', { token: null })).text, '[]');
    const cat = JSON.parse((await send(s.url, 'GET', '/_test/catalogue', { token: null })).text) as { id: string; kind: string }[];
    assert.deepEqual(
      cat.map((w) => w.id),
      Object.values(WORKFLOWS),
    );
    assert.equal(cat.find((w) => w.id === WORKFLOWS.chatAssistant)!.kind, 'chatflow');
    assert.equal(
      (await send(s.url, 'GET', `/v1/workflows/${WORKFLOWS.helloStream}/run_histories/7600000000000000001`)).text.includes('"execute_status":"Success"'),
      true,
    );
    assert.equal((await send(s.url, 'POST', '/_test/reset', { token: null })).status, 200);
    assert.equal(JSON.parse((await send(s.url, 'GET', `/v1/workflows/${WORKFLOWS.helloStream}/run_histories/7600000000000000001`)).text).code, 4000);
    assert.equal(s.requests.length, 1);
  });

  it('close() ends streams in progress and held requests without hanging', async () => {
    const s = await start('cloud', { timeScale: 1 }); // also closed by afterEach if the test fails early (close() is idempotent)
    const streaming = openStream(s, '/v1/workflow/stream_run', { workflow_id: WORKFLOWS.slowJob, parameters: { seconds: 30 } });
    await streaming.headers; // the stream has started
    s.hold({ paths: ['/v1/workflow/run'] });
    const held = post(s, '/v1/workflow/run', hello);
    await s.waitForHeld(1);
    // the stream would last 30 s and the hold forever: close() ending both is what lets this test finish
    await s.close();
    const [r, h] = await Promise.all([streaming.done, held]);
    assert.ok(r.error);
    assert.ok(h.error || h.status === 0, 'the held request never got an answer');
  });
  describe('token permissions (cloud)', () => {
    const upload = () => {
      const b = 'perm-boundary';
      return {
        body: `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nabc\r\n--${b}--\r\n`,
        headers: { 'Content-Type': `multipart/form-data; boundary=${b}` },
      };
    };
    /** Every cloud endpoint with the permission §1.2 names for it. */
    const ENDPOINTS: { perm: string; method: string; path: string; body?: unknown; multipart?: boolean }[] = [
      { perm: 'run', method: 'POST', path: '/v1/workflow/run', body: hello },
      { perm: 'run', method: 'POST', path: '/v1/workflow/stream_run', body: hello },
      {
        perm: 'run',
        method: 'POST',
        path: '/v1/workflow/stream_resume',
        body: { workflow_id: WORKFLOWS.askQuestion, event_id: '1/1', interrupt_type: 2, resume_data: 'red' },
      },
      {
        perm: 'run',
        method: 'POST',
        path: '/v1/workflows/resume',
        body: { workflow_id: WORKFLOWS.askQuestion, event_id: '1/1', interrupt_type: 2, resume_data: 'red' },
      },
      {
        perm: 'run',
        method: 'POST',
        path: '/v1/workflows/chat',
        body: { workflow_id: WORKFLOWS.chatAssistant, app_id: APP_ID, additional_messages: [{ role: 'user', content: 'hi', content_type: 'text' }] },
      },
      { perm: 'listRunHistory', method: 'GET', path: `/v1/workflows/${WORKFLOWS.helloStream}/run_histories/7600000000000000001` },
      { perm: 'listRunHistory', method: 'GET', path: `/v1/workflows/${WORKFLOWS.helloStream}/run_histories/7600000000000000001/execute_nodes/x` },
      { perm: 'getMetaData', method: 'GET', path: `/v1/workflows/${WORKFLOWS.helloStream}` },
      { perm: 'listWorkflow', method: 'GET', path: `/v1/workflows?workspace_id=${SPACE_ID}&page_num=1` },
      { perm: 'listWorkspace', method: 'GET', path: '/v1/workspaces' },
      { perm: 'uploadFile', method: 'POST', path: '/v1/files/upload', multipart: true },
      { perm: 'uploadFile', method: 'GET', path: '/v1/files/retrieve?file_id=7400000000000000101' },
    ];
    const TOKEN_MISSING: [string, string[]][] = [
      [TOKENS.valid, []],
      [`${TOKENS.valid}_x`, []],
      [TOKENS.freePlan, []],
      [TOKENS.runOnly, ['listWorkspace', 'listWorkflow']],
      [`${TOKENS.runOnly}_bench7`, ['listWorkspace', 'listWorkflow']],
      [TOKENS.noRun, ['run']],
      [`${TOKENS.noRun}_y`, ['run']],
    ];
    const call = (s: CozeTestServer, e: (typeof ENDPOINTS)[number], token: string) =>
      e.multipart
        ? send(s.url, 'POST', e.path, { ...upload(), token })
        : e.body !== undefined
          ? post(s, e.path, e.body, token)
          : send(s.url, e.method, e.path, { token });

    it('each endpoint needs its permission; a missing one is HTTP 200 code 4101 naming it, with the logid', async () => {
      const s = await start('cloud');
      for (const [token, missing] of TOKEN_MISSING) {
        for (const e of ENDPOINTS) {
          const r = await call(s, e, token);
          const what = `${token} ${e.method} ${e.path}`;
          const code = r.headers['content-type'] === 'application/json' ? (JSON.parse(r.text) as { code?: number }).code : undefined;
          if (!missing.includes(e.perm)) {
            assert.notEqual(code, 4101, what);
            continue;
          }
          assert.equal(r.status, 200, what);
          const body = JSON.parse(r.text) as { code: number; msg: string; detail: { logid: string } };
          assert.equal(body.code, 4101, what);
          assert.match(body.msg, new RegExp(`^The token has no permission to .*\\(missing permission: ${e.perm}\\)`), what);
          assert.equal(body.detail.logid, r.headers['x-tt-logid'], what);
        }
      }
    });

    it('auth first, then the permission, then the request; a refused run starts nothing', async () => {
      const s = await start('cloud');
      const bad = await post(s, '/v1/workflow/run', '{not json', 'pat_wrong');
      assert.equal(JSON.parse(bad.text).code, 4100);
      const noRun = await post(s, '/v1/workflow/run', '{not json', TOKENS.noRun);
      assert.equal(JSON.parse(noRun.text).code, 4101);
      assert.equal(JSON.parse((await post(s, '/v1/workflow/run', '{not json', TOKENS.runOnly)).text).code, 4000);
      // the refused run did not take an execute id: the next run is the first
      assert.equal(JSON.parse((await post(s, '/v1/workflow/run', hello, TOKENS.runOnly)).text).execute_id, '7600000000000000001');
    });

    it('studio has no permission model: the scoped tokens simply work', async () => {
      const s = await start('studio');
      for (const token of [TOKENS.runOnly, TOKENS.noRun, `${TOKENS.noRun}_z`]) {
        const r = JSON.parse((await post(s, '/v1/workflow/run', hello, token)).text);
        assert.equal(r.code, 0, token);
      }
    });
  });

  describe('rate limits', () => {
    it('http-429 sends 4009 by default with Retry-After; code picks 4020 or 4008; retryAfter null sends no header', async () => {
      const s = await start('cloud');
      s.setFault({ kind: 'http-429' });
      const r = await post(s, '/v1/workflow/stream_run', hello);
      assert.equal(r.status, 429);
      assert.equal(r.headers['content-type'], 'application/json');
      assert.equal(r.headers['retry-after'], '1');
      assert.deepEqual(JSON.parse(r.text), {
        code: 4009,
        msg: 'The system request limit has been reached. Please try again later.',
        detail: { logid: r.headers['x-tt-logid'] },
      });
      s.setFault({ kind: 'http-429', code: 4020, retryAfter: null });
      const rpm = await post(s, '/v1/workflow/run', hello);
      assert.equal(rpm.status, 429);
      assert.equal(rpm.headers['retry-after'], undefined);
      assert.equal(JSON.parse(rpm.text).code, 4020);
      s.setFault({ kind: 'http-429', code: 4008, retryAfter: 0 });
      const daily = await post(s, '/v1/workflow/run', hello);
      assert.equal(daily.headers['retry-after'], '0');
      assert.equal(JSON.parse(daily.text).code, 4008);
      // over HTTP too, with null accepted
      assert.equal((await send(s.url, 'PUT', '/_test/fault', { body: '{"kind":"http-429","retryAfter":null}', token: null })).status, 200);
      assert.equal((await post(s, '/v1/workflow/run', hello)).headers['retry-after'], undefined);
    });

    it('rate-limit-200: HTTP 200, code 4009 (or code), no Retry-After, a JSON body on stream endpoints too', async () => {
      for (const dialect of ['cloud', 'studio'] as const) {
        const s = await start(dialect);
        for (const path of ['/v1/workflow/run', '/v1/workflow/stream_run', '/v1/workflows/chat']) {
          s.setFault({ kind: 'rate-limit-200' });
          const r = await post(s, path, hello);
          assert.equal(r.status, 200, `${dialect} ${path}`);
          assert.match(String(r.headers['content-type']), /^application\/json/);
          assert.equal(r.headers['retry-after'], undefined);
          assert.equal(JSON.parse(r.text).code, 4009, `${dialect} ${path}`);
        }
        s.setFault({ kind: 'rate-limit-200', code: 4020, msg: 'slow down' });
        assert.deepEqual(JSON.parse((await post(s, '/v1/workflow/run', hello)).text).msg, 'slow down');
      }
    });

    it('qps: a sliding second on the server clock; over the limit → 429 + 4020, no Retry-After, no run', async () => {
      const s = await start('cloud', { manualClock: true, qps: 2 });
      const ok1 = JSON.parse((await post(s, '/v1/workflow/run', hello)).text);
      assert.equal(ok1.execute_id, '7600000000000000001');
      s.advanceClock(500);
      assert.ok((await post(s, '/v1/workflow/stream_run', { workflow_id: WORKFLOWS.askQuestion })).text.startsWith('id: 0\nevent: Message\n'));
      const over = await post(s, '/v1/workflow/stream_run', hello);
      assert.equal(over.status, 429);
      assert.equal(over.headers['content-type'], 'application/json');
      assert.equal(over.headers['retry-after'], undefined);
      assert.equal(JSON.parse(over.text).code, 4020);
      const chat = await post(s, '/v1/workflows/chat', {
        workflow_id: WORKFLOWS.chatAssistant,
        app_id: APP_ID,
        additional_messages: [{ role: 'user', content: 'hi' }],
      });
      assert.equal(JSON.parse(chat.text).code, 4020);
      assert.equal((await send(s.url, 'GET', '/v1/workspaces')).status, 200, 'not a run endpoint');
      s.advanceClock(500); // the first request leaves the window
      const next = JSON.parse((await post(s, '/v1/workflow/run', hello)).text);
      assert.equal(next.code, 0);
      assert.equal(next.execute_id, '7600000000000000003', 'the refused requests started no run');
      assert.deepEqual(s.limitCounters, { accepted: 3, refusedQps: 2, refusedDaily: 0 });
      s.reset(); // restores the option's limit and zeroes the counters
      assert.deepEqual(s.limits, { qps: 2 });
      assert.deepEqual(s.limitCounters, { accepted: 0, refusedQps: 0, refusedDaily: 0 });
    });

    it('PUT /_test/limits: qps with a chosen answer, dailyLimit → HTTP 200 4008, counters in GET; null clears', async () => {
      const s = await start('cloud', { manualClock: true });
      const put = await send(s.url, 'PUT', '/_test/limits', {
        body: JSON.stringify({ qps: 1, answer: { status: 200, code: 4009, retryAfter: 2 } }),
        token: null,
      });
      assert.equal(put.status, 200);
      assert.equal((await post(s, '/v1/workflow/run', hello)).status, 200);
      const over = await post(s, '/v1/workflow/run', hello);
      assert.equal(over.status, 200);
      assert.equal(over.headers['retry-after'], '2');
      assert.equal(JSON.parse(over.text).code, 4009);
      await send(s.url, 'PUT', '/_test/limits', { body: JSON.stringify({ dailyLimit: 2 }), token: null });
      for (let i = 0; i < 2; i++) assert.equal(JSON.parse((await post(s, '/v1/workflow/run', hello)).text).code, 0);
      for (const path of ['/v1/workflow/run', '/v1/workflow/stream_run', '/v1/workflows/resume']) {
        const r = await post(s, path, hello);
        assert.equal(r.status, 200);
        assert.equal(r.headers['retry-after'], undefined);
        assert.deepEqual(JSON.parse(r.text).code, 4008, path);
      }
      const got = JSON.parse((await send(s.url, 'GET', '/_test/limits', { token: null })).text);
      assert.deepEqual(got, { limits: { dailyLimit: 2 }, counters: { accepted: 2, refusedQps: 0, refusedDaily: 3 } });
      assert.equal((await send(s.url, 'PUT', '/_test/limits', { body: 'null', token: null })).status, 200);
      assert.equal(JSON.parse((await post(s, '/v1/workflow/run', hello)).text).code, 0);
      assert.equal((await send(s.url, 'PUT', '/_test/limits', { body: '{"qps":-1}', token: null })).status, 400);
    });

    it('a burst released at once by a hold meets the QPS limit on the wall clock', async () => {
      const s = await start('studio');
      s.setLimits({ qps: 3 });
      s.hold({ paths: ['/v1/workflow/run'], until: 5 });
      const all = await Promise.all(Array.from({ length: 5 }, () => post(s, '/v1/workflow/run', hello)));
      assert.deepEqual(all.map((r) => r.status).sort(), [200, 200, 200, 429, 429]);
      assert.deepEqual(
        all.filter((r) => r.status === 429).map((r) => JSON.parse(r.text)),
        [
          { code: 4020, msg: 'The request rate exceeds the RPM quota of your plan. Please try again later or raise the quota.' },
          { code: 4020, msg: 'The request rate exceeds the RPM quota of your plan. Please try again later or raise the quota.' },
        ],
      );
      assert.deepEqual(s.limitCounters, { accepted: 3, refusedQps: 2, refusedDaily: 0 });
    });
  });

  describe('holds', () => {
    it('holds a request after auth until release(); the request is recorded but not answered', async () => {
      const s = await start('cloud');
      s.hold({ paths: ['/v1/workflow/stream_run'] });
      const pending = post(s, '/v1/workflow/stream_run', hello);
      assert.equal(await s.waitForHeld(1), 1);
      assert.deepEqual(
        s.heldState().requests.map((r) => [r.method, r.path]),
        [['POST', '/v1/workflow/stream_run']],
      );
      assert.equal(s.requests.length, 1);
      assert.equal(s.requests[0]!.endedAt, undefined, 'no answer yet');
      assert.equal((await post(s, '/v1/workflow/run', hello)).status, 200, 'other paths pass');
      const refused = await post(s, '/v1/workflow/stream_run', hello, 'pat_wrong');
      assert.equal(JSON.parse(refused.text).code, 4100, 'auth failures are answered, not held');
      assert.equal(s.release(), 1);
      const r = await pending;
      assert.ok(r.text.includes('event: Done'));
      assert.equal((await post(s, '/v1/workflow/stream_run', hello)).status, 200, 'release ended the hold');
    });

    it('until: a barrier that releases them all at once', async () => {
      const s = await start('cloud');
      s.hold({ paths: ['/v1/workflow/run'], until: 3 });
      const all = Promise.all([0, 1, 2].map(() => post(s, '/v1/workflow/run', hello)));
      assert.equal(await s.waitForHeld(3), 3);
      assert.deepEqual(
        (await all).map((r) => JSON.parse(r.text).code),
        [0, 0, 0],
      );
      assert.deepEqual({ ...s.heldState(), requests: undefined }, { held: 0, released: 3, count: 3, requests: undefined });
    });

    it('over HTTP: a path regex, the long poll GET /_test/held, release by the entry given', async () => {
      const s = await start('cloud');
      const re = '^/v1/workflows/[0-9]+$';
      const put = await send(s.url, 'PUT', '/_test/hold', { body: JSON.stringify({ paths: [re] }), token: null });
      assert.equal(put.status, 200);
      const meta = send(s.url, 'GET', `/v1/workflows/${WORKFLOWS.askQuestion}`, { token: TOKENS.runOnly });
      const held = JSON.parse((await send(s.url, 'GET', '/_test/held?atLeast=1', { token: null })).text);
      assert.deepEqual([held.held, held.count, held.requests[0].path], [1, 1, `/v1/workflows/${WORKFLOWS.askQuestion}`]);
      assert.equal(JSON.parse((await send(s.url, 'GET', `/v1/workflows?workspace_id=${SPACE_ID}`)).text).code, 0, 'the list path does not match');
      const timedOut = await send(s.url, 'GET', '/_test/held?atLeast=2&timeoutMs=1', { token: null });
      assert.equal(timedOut.status, 408);
      assert.equal((await send(s.url, 'PUT', '/_test/hold', { body: '{"paths":["^("]}', token: null })).status, 400);
      const rel = await send(s.url, 'POST', '/_test/release', { body: JSON.stringify({ paths: ['/v1/workflow/run'] }), token: null });
      assert.equal(JSON.parse(rel.text).released, 0, 'another entry releases nothing');
      const rel2 = await send(s.url, 'POST', '/_test/release', { body: JSON.stringify({ paths: [re] }), token: null });
      assert.equal(JSON.parse(rel2.text).released, 1);
      assert.equal(JSON.parse((await meta).text).data.workflow_detail.workflow_id, WORKFLOWS.askQuestion);
    });

    it('a missing permission is answered, not held; POST /_test/reset releases what is held', async () => {
      const s = await start('cloud');
      s.hold({ paths: ['/v1/workspaces'] });
      assert.equal(JSON.parse((await send(s.url, 'GET', '/v1/workspaces', { token: TOKENS.runOnly })).text).code, 4101);
      assert.equal(s.heldState().held, 0);
      const pending = send(s.url, 'GET', '/v1/workspaces');
      await s.waitForHeld(1);
      assert.equal((await send(s.url, 'POST', '/_test/reset', { token: null })).status, 200);
      assert.equal(JSON.parse((await pending).text).code, 0);
      assert.equal(s.heldState().held, 0);
    });

    it('a held request whose client goes away is dropped from the hold (not counted, not handled)', async () => {
      const store = new HoldStore();
      store.add({ paths: ['/x'], until: 2 });
      const ac = new AbortController();
      const first = store.pass('POST', '/x', ac.signal);
      assert.equal(store.state().held, 1);
      ac.abort();
      assert.equal(await first, false);
      assert.equal(store.state().count, 0);
      const second = store.pass('POST', '/x', new AbortController().signal);
      assert.equal(store.state().held, 1, 'the dropped one does not count towards until');
      void store.pass('POST', '/x', new AbortController().signal);
      assert.equal(await second, true);
      // end to end: the server survives a client that leaves while held
      const s = await start('cloud');
      s.hold({ paths: ['/v1/workflow/run'] });
      const gone = openStream(s, '/v1/workflow/run', hello);
      await s.waitForHeld(1);
      gone.req.destroy();
      await gone.done;
      s.release();
      assert.equal(JSON.parse((await post(s, '/v1/workflow/run', hello)).text).code, 0);
    });
  });

  describe('manual clock', () => {
    it('an async run stays Running until the clock passes its duration (cloud history, POST /_test/clock)', async () => {
      const s = await start('cloud', { manualClock: true, timeScale: 1 });
      const job = JSON.parse((await post(s, '/v1/workflow/run', { workflow_id: WORKFLOWS.slowJob, is_async: true, parameters: { seconds: 5 } })).text);
      const status = async () =>
        JSON.parse((await send(s.url, 'GET', `/v1/workflows/${WORKFLOWS.slowJob}/run_histories/${job.execute_id}`)).text).data[0].execute_status as string;
      assert.equal(await status(), 'Running');
      s.advanceClock(4999);
      assert.equal(await status(), 'Running');
      const adv = await send(s.url, 'POST', '/_test/clock', { body: '{"advanceMs":1}', token: null });
      assert.equal(adv.status, 200);
      assert.equal(await status(), 'Success');
      // the default duration (asyncDurationMs, unscaled by timeScale 0 under the manual clock)
      const z = await start('cloud', { manualClock: true, asyncDurationMs: 3000 });
      const hi = JSON.parse((await post(z, '/v1/workflow/run', { ...hello, is_async: true })).text);
      const hist = async () =>
        JSON.parse((await send(z.url, 'GET', `/v1/workflows/${WORKFLOWS.helloStream}/run_histories/${hi.execute_id}`)).text).data[0].execute_status as string;
      assert.equal(await hist(), 'Running');
      z.advanceClock(3000);
      assert.equal(await hist(), 'Success');
    });

    it('without manualClock the clock cannot be advanced', async () => {
      const s = await start('cloud');
      assert.throws(() => s.advanceClock(1), /manualClock/);
      assert.equal((await send(s.url, 'POST', '/_test/clock', { body: '{"advanceMs":1}', token: null })).status, 409);
      assert.equal(JSON.parse((await send(s.url, 'GET', '/_test/clock', { token: null })).text).manual, false);
    });
  });

  describe('chatflow app_id / bot_id', () => {
    const msgs = [{ role: 'user', content: 'hi', content_type: 'text' }];
    it('cloud needs exactly one of app_id and bot_id; studio needs neither', async () => {
      const c = await start('cloud');
      const none = await post(c, '/v1/workflows/chat', { workflow_id: WORKFLOWS.chatAssistant, additional_messages: msgs });
      assert.equal(none.status, 200);
      assert.deepEqual(JSON.parse(none.text), { code: 4000, msg: 'one of bot_id or app_id is required', detail: { logid: none.headers['x-tt-logid'] } });
      const both = await post(c, '/v1/workflows/chat', {
        workflow_id: WORKFLOWS.chatAssistant,
        app_id: APP_ID,
        bot_id: '7300000000000000001',
        additional_messages: msgs,
      });
      assert.equal(JSON.parse(both.text).code, 4000);
      assert.ok(
        (await post(c, '/v1/workflows/chat', { workflow_id: WORKFLOWS.chatAssistant, bot_id: '7300000000000000001', additional_messages: msgs })).text.includes(
          'event: done',
        ),
      );
      const st = await start('studio');
      assert.ok(
        (
          await post(st, '/v1/workflows/chat', { workflow_id: WORKFLOWS.chatAssistant, additional_messages: msgs, parameters: { CONVERSATION_NAME: 'x' } })
        ).text.includes('event: done'),
      );
    });

    it('cloud metadata reports the app of chat_assistant, "0" for library workflows; the list filters by app_id (the two chatflows of the app)', async () => {
      const c = await start('cloud');
      const info = async (id: string) => JSON.parse((await send(c.url, 'GET', `/v1/workflows/${id}`)).text).data.workflow_detail.app_id as string;
      assert.equal(await info(WORKFLOWS.chatAssistant), APP_ID);
      assert.equal(await info(WORKFLOWS.helloStream), '0');
      const list = JSON.parse((await send(c.url, 'GET', `/v1/workflows?workspace_id=${SPACE_ID}&page_num=1&app_id=${APP_ID}`)).text);
      assert.deepEqual(
        list.data.items.map((i: { workflow_id: string }) => i.workflow_id),
        [WORKFLOWS.chatAssistant, WORKFLOWS.supportChat],
      );
    });
  });

  describe('question interrupt shapes', () => {
    const messagesData = (question: string) =>
      JSON.stringify({
        messages: [
          { type: 'question', content_type: 'option', content: { question, options: [{ name: 'red' }, { name: 'green' }, { name: 'blue' }] }, id: '246810_1' },
        ],
      });
    const Q = 'Which colour do you like best?';
    const expected = { text: Q, messages: messagesData(Q), empty: '' } as const;

    for (const dialect of ['cloud', 'studio'] as const) {
      it(`${dialect}: shape text | messages | empty, each after the Question node's Message event`, async () => {
        const s = await start(dialect);
        for (const shape of ['text', 'messages', 'empty'] as const) {
          const r = await post(s, '/v1/workflow/stream_run', { workflow_id: WORKFLOWS.askQuestion, parameters: { shape } });
          const f = frames(r.text);
          const msg = JSON.parse(f[0]!.split('data: ')[1]!);
          assert.ok(f[0]!.startsWith('id: 0\nevent: Message\n'), shape);
          assert.deepEqual([msg.content, msg.node_title, msg.node_is_finish], [Q, 'Question', true], shape);
          assert.ok(f[1]!.startsWith('id: 1\nevent: Interrupt\n'), shape);
          const intr = JSON.parse(f[1]!.split('data: ')[1]!).interrupt_data;
          assert.equal(intr.data, expected[shape], `${dialect} ${shape}`);
          // resuming works whatever the shape
          const again = await post(s, '/v1/workflow/stream_resume', {
            workflow_id: WORKFLOWS.askQuestion,
            event_id: intr.event_id,
            interrupt_type: 2,
            resume_data: 'green',
          });
          assert.ok(again.text.includes('You chose green.'), shape);
        }
        // without a shape each dialect keeps its own default
        const d = frames((await post(s, '/v1/workflow/stream_run', { workflow_id: WORKFLOWS.askQuestion })).text)[1]!;
        assert.equal(JSON.parse(d.split('data: ')[1]!).interrupt_data.data, dialect === 'cloud' ? Q : messagesData(Q));
        const bad = await post(s, '/v1/workflow/stream_run', { workflow_id: WORKFLOWS.askQuestion, parameters: { shape: 'html' } });
        assert.match(bad.text, /event: Error\ndata: \{"error_code":4000,"error_message":"input \\"shape\\" must be one of text, messages, empty/);
      });
    }

    it('cloud sync run and async history carry the chosen shape too', async () => {
      const s = await start('cloud', { manualClock: true });
      const sync = JSON.parse((await post(s, '/v1/workflow/run', { workflow_id: WORKFLOWS.askQuestion, parameters: { shape: 'empty', topic: 'cars' } })).text);
      assert.equal(sync.interrupt_data.data, '');
      const job = JSON.parse(
        (await post(s, '/v1/workflow/run', { workflow_id: WORKFLOWS.askQuestion, is_async: true, parameters: { shape: 'messages' } })).text,
      );
      s.advanceClock(3000);
      const h = JSON.parse((await send(s.url, 'GET', `/v1/workflows/${WORKFLOWS.askQuestion}/run_histories/${job.execute_id}`)).text).data[0];
      assert.equal(h.interrupt_data.data, messagesData(Q));
    });
  });

  it('malformed-event breaks the wire only: run history and node output keep the complete text', async () => {
    const s = await start('cloud');
    s.setFault({ kind: 'malformed-event', afterEvents: 2 });
    const r = await post(s, '/v1/workflow/stream_run', hello);
    const f = frames(r.text);
    const datas = f.map((x) => x.split('data: ')[1]!);
    const broken = datas.filter((d) => {
      try {
        JSON.parse(d);
        return false;
      } catch {
        return true;
      }
    });
    assert.equal(broken.length, 1, 'one event is broken on the wire');
    const full = 'Hello, Ada! This answer is streamed from a local Coze workflow, chunk by chunk.';
    const received = datas
      .filter((d) => !broken.includes(d))
      .map((d) => JSON.parse(d) as { content?: string; node_title?: string; node_execute_uuid?: string });
    const outputChunks = received.filter((m) => m.node_title === 'Output');
    assert.notEqual(outputChunks.map((m) => m.content).join(''), '', 'the client saw the rest');
    const exe = '7600000000000000001';
    const hist = JSON.parse((await send(s.url, 'GET', `/v1/workflows/${WORKFLOWS.helloStream}/run_histories/${exe}`)).text).data[0];
    assert.equal(hist.execute_status, 'Success');
    assert.equal(hist.output, JSON.stringify({ Output: full }));
    const node = JSON.parse(
      (await send(s.url, 'GET', `/v1/workflows/${WORKFLOWS.helloStream}/run_histories/${exe}/execute_nodes/${outputChunks[0]!.node_execute_uuid}`)).text,
    );
    assert.deepEqual(node.data, { is_finish: true, node_output: full });
    // a sync run whose JSON body the fault cuts in half keeps its history too
    s.setFault({ kind: 'malformed-event' });
    const cut = await post(s, '/v1/workflow/run', hello);
    assert.throws(() => JSON.parse(cut.text));
    const h2 = JSON.parse((await send(s.url, 'GET', `/v1/workflows/${WORKFLOWS.helloStream}/run_histories/7600000000000000002`)).text).data[0];
    assert.equal(h2.output, JSON.stringify({ Output: full }));
  });
});
