import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CozeError } from '../../src/core/errors';
import { encodeFileParam } from '../../src/core/files/encodeFileParam';
import type { WorkflowEvent } from '../../src/core/model/events';
import { APP_ID, startCozeServer, TOKENS, WORKFLOWS } from '../server/index';
import { collect } from './support/chunks';
import { clientFor, useServers } from './support/servers';

const GREETING = (name: string) => `Hello, ${name}! This answer is streamed from a local Coze workflow, chunk by chunk.`;

async function rejects(p: Promise<unknown>, check: (e: CozeError) => void): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CozeError, `expected a CozeError, got ${String(e)}`);
    check(e);
    return;
  }
  assert.fail('expected the call to fail');
}

describe('CozeClient against the local server', () => {
  const servers = useServers();

  for (const dialect of ['cloud', 'studio'] as const) {
    describe(`${dialect} dialect`, () => {
      it('streams a run: chunks in order, the End output, Done with the debug_url', async () => {
        const client = clientFor(servers[dialect]);
        const stream = await client.streamRun({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'Ada' } });
        assert.ok(stream.logid, 'the response carries a logid header');
        const events = await collect(stream);
        const chunks = events.filter((e): e is Extract<WorkflowEvent, { kind: 'message' }> => e.kind === 'message' && e.nodeTitle === 'Output');
        assert.ok(chunks.length >= 5, `several chunks (${chunks.length})`);
        assert.equal(chunks.map((c) => c.content).join(''), GREETING('Ada'));
        assert.deepEqual(
          chunks.map((c) => c.nodeSeqId),
          chunks.map((_, i) => i),
        );
        assert.deepEqual(
          events.map((e) => e.id),
          events.map((_, i) => String(i)),
          'ids count from 0',
        );
        const last = events[events.length - 1];
        assert.equal(last?.kind, 'done');
        assert.match(last?.kind === 'done' ? (last.debugUrl ?? '') : '', /work_flow\?execute_id=\d+/);
        const sent = servers[dialect].requests.find((r) => r.path === '/v1/workflow/stream_run');
        assert.deepEqual(sent?.body, { workflow_id: WORKFLOWS.helloStream, parameters: { name: 'Ada' } });
        assert.equal(sent?.headers.authorization, `Bearer ${TOKENS.valid}`);
        assert.equal(sent?.headers['content-type'], 'application/json');
      });

      it('gives every stream the same shape, so code that reads stream after stream stays optimized', async () => {
        // a generator function made per stream has a prototype of its own: each stream's batches would then
        // have a new hidden class, and the reader's optimized code was thrown away at every new stream
        const client = clientFor(servers[dialect]);
        const a = await client.streamRun({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'A' } });
        const b = await client.streamRun({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'B' } });
        assert.equal(Object.getPrototypeOf(a.batches()), Object.getPrototypeOf(b.batches()));
        assert.deepEqual(Object.keys(a), Object.keys(b));
        for (const s of [a, b]) assert.equal((await collect(s)).at(-1)?.kind, 'done');
      });

      it('answers a question interrupt through stream_resume, ids restarting at 0', async () => {
        const client = clientFor(servers[dialect]);
        const first = await collect(await client.streamRun({ workflowId: WORKFLOWS.askQuestion, parameters: {} }));
        const interrupt = first.find((e) => e.kind === 'interrupt');
        assert.ok(interrupt?.kind === 'interrupt');
        assert.match(interrupt.interrupt.eventId, /^\d+\/\d+$/);
        assert.equal(interrupt.interrupt.type, 2);
        assert.match(interrupt.interrupt.data, /Which colour do you like best\?/);
        const resumed = await collect(
          await client.streamResume({ workflowId: WORKFLOWS.askQuestion, eventId: interrupt.interrupt.eventId, interruptType: 2, resumeData: 'green' }),
        );
        assert.equal(resumed[0]?.id, '0');
        assert.match(
          resumed
            .filter((e) => e.kind === 'message')
            .map((e) => (e.kind === 'message' ? e.content : ''))
            .join(''),
          /You chose green/,
        );
        assert.equal(resumed[resumed.length - 1]?.kind, 'done');
        const body = servers[dialect].requests.find((r) => r.path === '/v1/workflow/stream_resume')?.body;
        assert.deepEqual(body, { workflow_id: WORKFLOWS.askQuestion, event_id: interrupt.interrupt.eventId, interrupt_type: 2, resume_data: 'green' });
      });

      it('keeps the output before a workflow Error and ends without Done', async () => {
        const events = await collect(await clientFor(servers[dialect]).streamRun({ workflowId: WORKFLOWS.failMidway }));
        const err = events[events.length - 1];
        assert.equal(events.filter((e) => e.kind === 'message').length, 3);
        assert.ok(err?.kind === 'error' && err.code === 720701013 && /upstream model timed out/.test(err.message));
      });

      it('runs synchronously and reads the usage', async () => {
        const r = await clientFor(servers[dialect]).runSync({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'Sync' } });
        assert.equal(JSON.parse(r.data ?? '{}').output, GREETING('Sync'));
        assert.match(r.executeId ?? '', /^\d{19}$/);
        assert.equal(r.usage?.tokenCount, 42);
      });

      it("runs asynchronously and polls the dialect's history endpoint to Success, ids exact", async () => {
        // the server's clock moves only when the test says so: no wait on time, whatever the machine is doing
        const timed = await startCozeServer({ dialect, timeScale: 1, asyncDurationMs: 300, manualClock: true });
        try {
          const client = clientFor(timed);
          const started = await client.runAsync({ workflowId: WORKFLOWS.slowJob, parameters: {} });
          assert.match(started.executeId, /^\d{19}$/);
          let rec = await client.getRunHistory(WORKFLOWS.slowJob, started.executeId);
          assert.equal(rec.status, 'Running');
          timed.advanceClock(299);
          assert.equal((await client.getRunHistory(WORKFLOWS.slowJob, started.executeId)).status, 'Running');
          timed.advanceClock(1);
          rec = await client.getRunHistory(WORKFLOWS.slowJob, started.executeId);
          assert.equal(rec.status, 'Success');
          assert.equal(rec.executeId, started.executeId, 'the 19-digit id survives (studio sends it as a JSON number)');
          assert.match(rec.output ?? '', /job finished/);
          const path = timed.requests.at(-1)?.path;
          assert.equal(path, dialect === 'cloud' ? `/v1/workflows/${WORKFLOWS.slowJob}/run_histories/${started.executeId}` : '/v1/workflow/get_run_history');
        } finally {
          await timed.close();
        }
      });

      it('uploads a file as one multipart part named "file" and passes it the dialect\'s way', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'coze-upload-'));
        try {
          const file = join(dir, 'notes 中文.txt');
          const content = 'hello file\n'.repeat(50_000);
          writeFileSync(file, content);
          const progress: number[] = [];
          const client = clientFor(servers[dialect]);
          const uploaded = await client.uploadFile(file, { onProgress: (sent) => progress.push(sent) });
          assert.equal(uploaded.bytes, content.length);
          assert.equal(uploaded.fileName, 'notes 中文.txt');
          assert.equal(progress.at(-1), content.length);
          const rec = servers[dialect].requests.find((r) => r.path === '/v1/files/upload');
          assert.deepEqual(
            rec?.multipart?.files.map((f) => [f.field, f.filename, f.size, f.sha256]),
            [['file', 'notes 中文.txt', content.length, createHash('sha256').update(content).digest('hex')]],
          );
          const value = encodeFileParam(dialect, uploaded);
          if (dialect === 'cloud') assert.deepEqual(JSON.parse(value), { file_id: uploaded.id });
          else assert.match(value, /^http:\/\/127\.0\.0\.1:\d+\//);
          const events = await collect(await client.streamRun({ workflowId: WORKFLOWS.describeFile, parameters: { file: value } }));
          const text = events.map((e) => (e.kind === 'message' ? e.content : '')).join('');
          assert.match(text, /notes 中文\.txt/);
          assert.equal(events.at(-1)?.kind, 'done');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });

      it('chats: the conversation is kept across turns (cloud: in its app, as cloud requires)', async () => {
        const client = clientFor(servers[dialect]);
        const params = { CONVERSATION_NAME: 'unit' };
        const where = dialect === 'cloud' ? { appId: APP_ID } : {};
        if (dialect === 'cloud') {
          // cloud refuses a chat that names neither its app nor its agent
          await rejects(client.chat({ workflowId: WORKFLOWS.chatAssistant, message: 'hi', parameters: params }), (e) => assert.equal(e.code, 4000));
        }
        const turn1 = await collect(await client.chat({ workflowId: WORKFLOWS.chatAssistant, message: 'hi', parameters: params, ...where }));
        const conv = turn1
          .map((e) => (e.kind === 'chat' ? e.chat.conversationId : e.kind === 'completed' || e.kind === 'delta' ? e.message.conversationId : undefined))
          .find(Boolean);
        assert.ok(conv, 'a conversation id');
        const completed = turn1.find((e) => e.kind === 'completed');
        assert.match(completed?.kind === 'completed' ? completed.message.content : '', /You said: hi \(turn 1\)/);
        assert.equal(turn1.at(-1)?.kind, 'done');
        const turn2 = await collect(
          await client.chat({ workflowId: WORKFLOWS.chatAssistant, message: 'again', conversationId: conv, parameters: params, ...where }),
        );
        const c2 = turn2.find((e) => e.kind === 'completed');
        assert.match(c2?.kind === 'completed' ? c2.message.content : '', /turn 2/);
      });
    });
  }

  describe('errors a person must understand', () => {
    it('cloud: a bad token is 4100 (auth) with the logid', async () => {
      await rejects(clientFor(servers.cloud, { token: 'pat_wrong' }).streamRun({ workflowId: WORKFLOWS.helloStream }), (e) => {
        assert.equal(e.kind, 'auth');
        assert.equal(e.code, 4100);
        assert.ok(e.logid);
      });
    });

    it('cloud: 4101 is "no permission" (a token of the other region gets it too)', async () => {
      await rejects(clientFor(servers.cloud, { token: TOKENS.otherRegion }).runSync({ workflowId: WORKFLOWS.helloStream }), (e) =>
        assert.equal(e.kind, 'permission'),
      );
    });

    it('the token source is asked for each request and told the origin the request goes to', async () => {
      const asked: string[] = [];
      const client = clientFor(servers.cloud, { token: async (origin) => (asked.push(origin), TOKENS.valid) });
      await client.runSync({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'o' } });
      await client.runSync({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'o' } });
      assert.deepEqual(asked, [new URL(servers.cloud.url).origin, new URL(servers.cloud.url).origin]);
      // a source that refuses (a token bound elsewhere) stops the request before anything is sent
      const before = servers.cloud.requests.length;
      await rejects(
        clientFor(servers.cloud, { token: () => Promise.reject(new CozeError({ kind: 'notSignedIn', message: 'bound elsewhere' })) }).runSync({
          workflowId: WORKFLOWS.helloStream,
        }),
        (e) => assert.equal(e.kind, 'notSignedIn'),
      );
      assert.equal(servers.cloud.requests.length, before, 'nothing reached the server');
    });

    it('studio: a bad token is HTTP 200 with code 700012006', async () => {
      await rejects(clientFor(servers.studio, { token: 'pat_wrong' }).streamRun({ workflowId: WORKFLOWS.helloStream }), (e) => {
        assert.equal(e.kind, 'auth');
        assert.equal(e.code, 700012006);
        assert.equal(e.httpStatus, 200);
      });
    });

    it('unpublished: 4200 on cloud streams, 6031 on studio /run, an empty body on studio streams', async () => {
      await rejects(clientFor(servers.cloud).streamRun({ workflowId: WORKFLOWS.unpublished }), (e) => assert.equal(e.kind, 'unpublished'));
      await rejects(clientFor(servers.studio).runSync({ workflowId: WORKFLOWS.unpublished }), (e) => assert.equal(e.code, 6031));
      await rejects(clientFor(servers.studio).streamRun({ workflowId: WORKFLOWS.unpublished }), (e) => {
        // one explanation, the one that fits Coze Studio's empty answers (reference §4.7), not "not a Coze response"
        assert.equal(e.kind, 'notRunnable');
        assert.match(e.message, /Coze Studio answered stream_run with an empty body/);
        assert.ok(e.logid, 'X-Log-ID is kept');
      });
    });

    it('paid feature: is_async on a free plan is 6003', async () => {
      await rejects(clientFor(servers.cloud, { token: TOKENS.freePlan }).runAsync({ workflowId: WORKFLOWS.slowJob }), (e) =>
        assert.equal(e.kind, 'paidFeature'),
      );
    });

    it('never sends bot_id and app_id together', () => {
      assert.throws(() => clientFor(servers.cloud).runBody({ workflowId: '1', botId: '2', appId: '3' }), /bot_id or app_id/);
    });

    it('a JSON error envelope instead of SSE', async () => {
      servers.cloud.setFault({ kind: 'json-error', code: 4000, msg: 'Request parameter error' });
      await rejects(clientFor(servers.cloud).streamRun({ workflowId: WORKFLOWS.helloStream }), (e) => {
        assert.equal(e.kind, 'badRequest');
        assert.equal(e.message, 'Request parameter error');
      });
    });

    it("a gateway's HTML error page is named by its title, as a server failure with the logid", async () => {
      servers.cloud.setFault({ kind: 'http-500-html' });
      await rejects(clientFor(servers.cloud).streamRun({ workflowId: WORKFLOWS.helloStream }), (e) => {
        assert.equal(e.kind, 'server');
        assert.equal(e.message, 'Unexpected text/html answer to stream_run (HTTP 500): 500 Internal Server Error');
        assert.ok(e.logid);
      });
    });

    it('a connection dropped mid-stream: the events before it arrive, then a network error', async () => {
      servers.cloud.setFault({ kind: 'drop-mid-stream', afterEvents: 3 });
      const got: WorkflowEvent[] = [];
      await rejects(
        (async () => {
          for await (const e of await clientFor(servers.cloud).streamRun({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'x' } })) got.push(e);
        })(),
        (e) => assert.equal(e.kind, 'network'),
      );
      assert.equal(got.length, 3);
    });

    it('a stream that ends without Done is reported, not taken for success', async () => {
      servers.studio.setFault({ kind: 'no-done' });
      await rejects(collect(await clientFor(servers.studio).streamRun({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'x' } })), (e) => {
        assert.equal(e.kind, 'network');
        assert.match(e.message, /ended before the workflow finished/);
      });
    });

    it('a malformed event becomes an unknown-shaped event, and the stream goes on', async () => {
      servers.cloud.setFault({ kind: 'malformed-event', afterEvents: 1 });
      const events = await collect(await clientFor(servers.cloud).streamRun({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'x' } }));
      assert.ok(events.some((e) => e.kind === 'unknown'));
      assert.equal(events.at(-1)?.kind, 'done');
    });

    it('429 is retried after Retry-After and says so; it is the only answer retried', async () => {
      servers.cloud.setFault({ kind: 'http-429', retryAfter: 0 });
      const retries: string[] = [];
      const r = await clientFor(servers.cloud, { maxRetries: 2, onRetry: (i) => retries.push(i.reason) }).runSync({
        workflowId: WORKFLOWS.helloStream,
        parameters: { name: 'r' },
      });
      assert.ok(r.data);
      assert.equal(retries.length, 1);
      assert.match(retries[0]!, /^rate limited \(HTTP 429/);
      assert.equal(servers.cloud.requests.filter((q) => q.path === '/v1/workflow/run').length, 2);
    });

    it('a rate limit in a JSON body (4009, HTTP 200) is retried too; 4020 over HTTP 429 as well', async () => {
      for (const fault of [
        { kind: 'rate-limit-200', code: 4009 },
        { kind: 'http-429', code: 4020, retryAfter: 0 },
      ] as const) {
        servers.cloud.reset();
        servers.cloud.setFault(fault);
        const retries: string[] = [];
        const events = await collect(
          await clientFor(servers.cloud, { maxRetries: 2, onRetry: (i) => retries.push(i.reason), sleep: async () => undefined }).streamRun({
            workflowId: WORKFLOWS.helloStream,
            parameters: { name: 'r' },
          }),
        );
        assert.equal(events.at(-1)?.kind, 'done', fault.kind);
        assert.deepEqual(retries, [fault.kind === 'rate-limit-200' ? 'rate limited (code 4009)' : 'rate limited (HTTP 429, code 4020)']);
      }
    });

    it('the daily limit (4008) is not retried: nothing would help until tomorrow', async () => {
      servers.cloud.setFault({ kind: 'rate-limit-200', code: 4008, times: 0 });
      const retries: string[] = [];
      await rejects(
        clientFor(servers.cloud, { maxRetries: 3, onRetry: (i) => retries.push(i.reason) }).runSync({
          workflowId: WORKFLOWS.helloStream,
          parameters: { name: 'r' },
        }),
        (e) => {
          assert.equal(e.kind, 'dailyLimit');
          assert.equal(e.code, 4008);
        },
      );
      assert.deepEqual(retries, []);
      assert.equal(servers.cloud.requests.filter((q) => q.path === '/v1/workflow/run').length, 1);
    });

    it('retries stop when they run out: the rate limit is reported with its code', async () => {
      servers.cloud.setFault({ kind: 'rate-limit-200', code: 4009, times: 0 });
      const waits: number[] = [];
      await rejects(
        clientFor(servers.cloud, { maxRetries: 2, sleep: async (ms) => void waits.push(ms) }).runSync({ workflowId: WORKFLOWS.helloStream }),
        (e) => {
          assert.equal(e.kind, 'rateLimited');
          assert.equal(e.code, 4009);
        },
      );
      assert.deepEqual(waits, [500, 1000], 'backoff without a Retry-After: 0.5 s, then 1 s');
    });

    it('a token is valid only on the region it was made on: the other answers 4101', async () => {
      const com = await startCozeServer({ dialect: 'cloud', region: 'com', timeScale: 0 });
      try {
        await rejects(clientFor(servers.cloud, { token: TOKENS.regionCom }).runSync({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'x' } }), (e) =>
          assert.equal(e.code, 4101),
        );
        assert.ok((await clientFor(com, { token: TOKENS.regionCom }).runSync({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'x' } })).data);
      } finally {
        await com.close();
      }
    });

    it('an idle stream beyond the idle timeout fails as a timeout', async () => {
      servers.cloud.setFault({ kind: 'silence', afterEvents: 1, silenceMs: 5_000 });
      await rejects(
        collect(await clientFor(servers.cloud, { timeouts: { idleMs: 300 } }).streamRun({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'x' } })),
        (e) => {
          assert.equal(e.kind, 'timeout');
          assert.match(e.message, /No data/);
        },
      );
    });

    it('cancel through AbortSignal stops a stream the server holds silent', async () => {
      const ac = new AbortController();
      // silent for ten minutes after the first event: only the cancel can end this before the test's timeout
      servers.cloud.setFault({ kind: 'silence', afterEvents: 1, silenceMs: 600_000 });
      const stream = await clientFor(servers.cloud).streamRun({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'x' } }, { signal: ac.signal });
      const got: WorkflowEvent[] = [];
      await rejects(
        (async () => {
          for await (const e of stream) {
            got.push(e);
            ac.abort();
          }
        })(),
        (e) => assert.equal(e.kind, 'cancelled'),
      );
      assert.equal(got.length, 1);
    });

    it('a refused connection is a network error naming the server', async () => {
      await rejects(clientFor({ url: 'http://127.0.0.1:9', dialect: 'cloud' } as never).runSync({ workflowId: '1' }), (e) => {
        assert.equal(e.kind, 'network');
        assert.match(e.message, /refused/);
      });
    });
  });
});

import { checkConnection } from '../../src/core/connectionCheck';

describe('published versions (GET /v1/workflows/{id}/versions)', () => {
  const servers = useServers();
  it("cloud lists a workflow's versions, newest first; Coze Studio has no such endpoint and nothing is sent", async () => {
    const versions = await clientFor(servers.cloud).listWorkflowVersions(WORKFLOWS.helloStream);
    assert.deepEqual(
      versions.map((v) => v.version),
      ['v0.0.3', 'v0.0.2', 'v0.0.1'],
    );
    assert.equal(versions[0]?.description, 'release 3');
    assert.equal(typeof versions[0]?.createdAt, 'number');
    const sent = servers.cloud.requests.find((r) => r.path.endsWith('/versions'));
    assert.equal(sent?.path, `/v1/workflows/${WORKFLOWS.helloStream}/versions`);
    await assert.rejects(clientFor(servers.studio).listWorkflowVersions(WORKFLOWS.helloStream), (e: CozeError) => e.kind === 'unsupported');
    assert.equal(servers.studio.requests.length, 0);
  });
});

describe('connection check', () => {
  const servers = useServers();
  it('accepts a good token on both dialects and names a bad one', async () => {
    for (const dialect of ['cloud', 'studio'] as const) {
      const good = await checkConnection(clientFor(servers[dialect]));
      assert.equal(good.ok, true, `${dialect}: ${good.detail}`);
      const bad = await checkConnection(clientFor(servers[dialect], { token: 'pat_bad' }));
      assert.equal(bad.ok, false);
      assert.equal(bad.error?.kind, 'auth');
    }
    const other = await checkConnection(clientFor(servers.cloud, { token: TOKENS.otherRegion }));
    assert.equal(other.error?.kind, 'permission');
    // a token without listWorkspace still connects, and the report says what it lacks
    const runOnly = await checkConnection(clientFor(servers.cloud, { token: TOKENS.runOnly }));
    assert.deepEqual([runOnly.ok, runOnly.canRun, runOnly.canListWorkspaces], [true, true, false]);
    assert.match(runOnly.detail, /listWorkspace/);
    // a token that may not run fails, with 4101
    const noRun = await checkConnection(clientFor(servers.cloud, { token: TOKENS.noRun }));
    assert.deepEqual([noRun.ok, noRun.canRun, noRun.error?.code], [false, false, 4101]);
    // the checks start nothing
    assert.equal(
      servers.cloud.requests.filter((r) => r.path === '/v1/workflow/run').every((r) => (r.body as { workflow_id?: string }).workflow_id === '0'),
      true,
    );
    const down = await checkConnection(clientFor({ url: 'http://127.0.0.1:9', dialect: 'cloud' } as never));
    assert.equal(down.error?.kind, 'network');
  });
});
