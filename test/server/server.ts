/**
 * Creates one server instance: recording, faults, routing, auth, permissions, holds, rate limits and lifecycle.
 * Order for an API request: record it → a response-replacing fault → route → auth (token validity) → cloud
 * permission (4101) → hold → rate limiter (run endpoints) → the handler, which checks the request itself.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { CozeTestServer, Fault, Hold, Limits, RecordedRequest, ServerOptions } from './types';
import type { RequestCtx, ServerCtx } from './context';
import { authenticate } from './auth';
import { ChatStore } from './chat-store';
import { Clock } from './clock';
import { RUN_PATHS } from './constants';
import { handleControl } from './control';
import { handleDebugPage, handleStorage } from './debug-page';
import { FaultStore, applyResponseFault } from './faults';
import { HoldStore } from './holds';
import { Reply, readBody } from './http';
import { newIdSet } from './ids';
import { RateLimiter } from './limits';
import { noPermissionMsg } from './permissions';
import { resolve } from './router';
import { RunStore } from './runs';
import { UploadStore } from './uploads';

const RAW_BODY_LIMIT = 1024 * 1024;

function headerRecord(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function handle(ctx: ServerCtx, req: http.IncomingMessage, res: http.ServerResponse, control: Parameters<typeof handleControl>[3]): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const query: Record<string, string> = Object.fromEntries(url.searchParams);
  if (path.startsWith('/_test/')) return handleControl(req, res, path, control);

  const record: RecordedRequest = { method, path, query, headers: headerRecord(req), time: Date.now() };
  ctx.requests.push(record);
  res.on('finish', () => (record.endedAt = Date.now()));
  const started = Date.now();
  res.on('close', () => ctx.log?.(`${method} ${req.url} -> ${res.headersSent ? res.statusCode : 'dropped'} (${Date.now() - started} ms)`));
  const reply = new Reply(res, ctx.dialect);
  const ac = new AbortController();
  res.on('close', () => ac.abort());

  let body: unknown;
  let badJson = false;
  const multipart = /^multipart\//i.test(req.headers['content-type'] ?? '');
  if (!multipart) {
    const b = await readBody(req);
    if (b.text !== '') record.rawBody = b.text.length > RAW_BODY_LIMIT ? b.text.slice(0, RAW_BODY_LIMIT) : b.text;
    if (b.json !== undefined) record.body = b.json;
    body = b.json;
    badJson = b.tooLarge || (b.text.trim() !== '' && b.json === undefined);
  }

  const fault = ctx.faults.take(path);
  if (fault && applyResponseFault(fault, path, reply)) return;

  if (method === 'GET' && path === '/work_flow') return handleDebugPage(ctx, reply, query);
  if (method === 'GET' && path.startsWith('/local_storage/')) return handleStorage(ctx, reply, path);

  const r = resolve(ctx.dialect, method, path);
  if (r.kind === 'no-session') return reply.error(401, 'missing session_key in cookie', 401);
  if (r.kind === 'not-found') return reply.error(404, 'not found', 404);
  const grant = authenticate(req, reply, ctx.region);
  const denied = grant !== null && ctx.dialect === 'cloud' && !grant.permissions.has(r.permission);
  if (!grant || denied) {
    if (denied) reply.error(4101, noPermissionMsg(r.permission));
    if (multipart) req.resume();
    return;
  }
  // A held request whose client went away is dropped: nothing to answer.
  if (!(await ctx.holds.pass(method, path, ac.signal))) return;
  if (RUN_PATHS.includes(path)) {
    const refusal = ctx.limiter.check();
    if (refusal) return reply.error(refusal.code, refusal.msg, refusal.status, {}, refusal.headers);
  }
  const rc: RequestCtx = { server: ctx, req, reply, method, path, query, body, badJson, record, fault, token: grant.kind, signal: ac.signal };
  await r.handler(rc, r.match);
}

export async function createCozeServer(options: ServerOptions, log?: (line: string) => void): Promise<CozeTestServer> {
  const ids = newIdSet();
  const clock = new Clock(options.manualClock === true);
  const defaultLimits: Limits | null =
    options.qps !== undefined || options.dailyLimit !== undefined
      ? { ...(options.qps !== undefined ? { qps: options.qps } : {}), ...(options.dailyLimit !== undefined ? { dailyLimit: options.dailyLimit } : {}) }
      : null;
  const ctx: ServerCtx = {
    dialect: options.dialect,
    region: options.region ?? 'cn',
    timeScale: options.timeScale ?? 1,
    asyncDurationMs: options.asyncDurationMs ?? 3000,
    clock,
    url: '',
    requests: [],
    faults: new FaultStore(),
    runs: new RunStore(() => clock.now()),
    uploads: new UploadStore(),
    chats: new ChatStore(ids.chat),
    holds: new HoldStore(),
    limiter: new RateLimiter(() => clock.now(), defaultLimits),
    ids,
    echoToken: options.echoToken === true,
    ...(log ? { log } : {}),
  };
  const clearRequests = () => void (ctx.requests.length = 0);
  const setFault = (f: Fault | null) => ctx.faults.set(f);
  const reset = () => {
    clearRequests();
    ctx.faults.set(null);
    ctx.runs.clear();
    ctx.uploads.clear();
    ctx.chats.clear();
    ctx.holds.release();
    ctx.limiter.reset();
    ctx.echoToken = options.echoToken === true;
  };
  const setEchoToken = (on: boolean) => void (ctx.echoToken = on);
  const control = {
    requests: () => ctx.requests,
    clearRequests,
    setFault,
    currentFault: () => ctx.faults.current,
    reset,
    holds: ctx.holds,
    limiter: ctx.limiter,
    clock,
    setEchoToken,
  };

  const sockets = new Set<Socket>();
  const server = http.createServer({ requestTimeout: 0 }, (req, res) => {
    handle(ctx, req, res, control).catch((err: unknown) => {
      const aborted = req.destroyed || (err as Error)?.message === 'request aborted';
      log?.(aborted ? `${req.method} ${req.url}: client went away` : `error handling ${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent && !res.destroyed) new Reply(res, ctx.dialect).error(500, 'internal server error', 500);
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (options.port ?? 0);
  const urlHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  ctx.url = `http://${urlHost}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url: ctx.url,
    dialect: ctx.dialect,
    get requests() {
      return ctx.requests;
    },
    clearRequests,
    setFault,
    reset,
    hold: (h: Hold) => ctx.holds.add(h),
    release: (paths?: string[]) => ctx.holds.release(paths),
    heldState: () => ctx.holds.state(),
    waitForHeld: (atLeast: number) => ctx.holds.waitFor(atLeast),
    setLimits: (l: Limits | null) => ctx.limiter.set(l),
    get limits() {
      return ctx.limiter.current;
    },
    get limitCounters() {
      return ctx.limiter.counters;
    },
    advanceClock: (ms: number) => clock.advance(ms),
    setEchoToken,
    close() {
      closing ??= new Promise<void>((done) => {
        ctx.holds.close();
        server.close(() => done());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
