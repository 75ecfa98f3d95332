/**
 * One benchmark measurement in a fresh process (so peak RSS belongs to it alone), printed as one JSON line.
 *   node out/bench/worker.js <task> <impl> <json args>
 * task stream|long: ours (CozeClient.streamRun), sdk (@coze/api workflows.runs.stream), limit (the same bytes
 * through undici.request(), split on blank lines and JSON.parse'd: what the machine allows). A stream task
 * takes a comma-separated list and alternates them in one process; a long task takes one (its peak memory).
 * task upload: ours (CozeClient.uploadFile), sdk (@coze/api files.upload), raw (the file as the body, no multipart).
 * task latency: ours and sdk alternating against an in-process server, time from its write to the event.
 */
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { request } from 'undici';
import { CozeClient } from '../../src/core/client/cozeClient';
import type { Scenario } from './sseBodies';
import { doneEvent, messageEvent } from './sseBodies';

const [task, impl, rawArgs] = process.argv.slice(2);
const args = JSON.parse(rawArgs ?? '{}') as { base?: string; scenario?: Scenario; file?: string; runs?: number; sdkDir: string };
const TOKEN = 'pat_bench_local_only';
const WORKFLOW = '7500000000000000109';
/** Rounds of timed reads per stream process, after the warm-up reads of each implementation. */
const STREAM_REPS = 5;
const STREAM_WARM_READS = 3;

interface SdkEvent {
  event: string;
  data?: { content?: string };
}
interface Sdk {
  workflows: { runs: { stream(p: Record<string, unknown>): AsyncIterable<SdkEvent> } };
  files: { upload(p: { file: unknown }): Promise<{ id: string; bytes: number }> };
}
/**
 * One client per server for each implementation, made on first use and kept, as a program (and the
 * extension, which shares one connection pool) would: every run after the warm-up reuses its connection.
 * The practical limit does the same through undici's global dispatcher.
 */
function keptPerServer<T>(make: (base: string) => T): (base: string) => T {
  const made = new Map<string, T>();
  return (base) => {
    let c = made.get(base);
    if (c === undefined) made.set(base, (c = make(base)));
    return c;
  };
}
const sdk = keptPerServer((base): Sdk => {
  const req = createRequire(join(args.sdkDir, 'package.json'));
  const { CozeAPI } = req('@coze/api') as { CozeAPI: new (o: Record<string, unknown>) => Sdk };
  return new CozeAPI({ token: TOKEN, baseURL: base });
});
const ours = keptPerServer((base) => new CozeClient({ baseUrl: base, token: TOKEN, dialect: 'cloud', maxRetries: 0 }));

/**
 * Reads a stream and returns [Message events, content characters]. Each implementation reads in a function
 * of its own, as a program would, so the objects of one never shape the optimized code of another.
 */
function consume(kind: string, base: string, scenario: Scenario): Promise<[number, number]> {
  const parameters = { scenario };
  return kind === 'ours' ? readOurs(base, parameters) : kind === 'sdk' ? readSdk(base, parameters) : readLimit(base, parameters);
}

async function readOurs(base: string, parameters: Record<string, unknown>): Promise<[number, number]> {
  let events = 0;
  let chars = 0;
  // a chunk's events at a time, as the extension's run session reads them
  for await (const batch of (await ours(base).streamRun({ workflowId: WORKFLOW, parameters })).batches()) {
    for (const e of batch)
      if (e.kind === 'message') {
        events++;
        chars += e.content.length;
      }
  }
  return [events, chars];
}

async function readSdk(base: string, parameters: Record<string, unknown>): Promise<[number, number]> {
  let events = 0;
  let chars = 0;
  for await (const e of sdk(base).workflows.runs.stream({ workflow_id: WORKFLOW, parameters })) {
    if (e.event === 'Message') {
      events++;
      chars += e.data?.content?.length ?? 0;
    }
  }
  return [events, chars];
}

/** The practical limit: undici.request(), UTF-8 decoded in stream mode, split on blank lines, JSON.parse. */
async function readLimit(base: string, parameters: Record<string, unknown>): Promise<[number, number]> {
  let events = 0;
  let chars = 0;
  const res = await request(`${base}/v1/workflow/stream_run`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ workflow_id: WORKFLOW, parameters }),
  });
  const decoder = new TextDecoder();
  const frame = (f: string) => {
    const at = f.indexOf('\ndata: ');
    if (f.includes('event: Message')) {
      const data = JSON.parse(f.slice(at + 7)) as { content: string };
      events++;
      chars += data.content.length;
    }
  };
  const parts: string[] = [];
  for await (const chunk of res.body) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    // keep the pieces of an unfinished event in a list: joining once keeps one long event linear
    const end = text.lastIndexOf('\n\n');
    if (end < 0) {
      parts.push(text);
      continue;
    }
    const buf = parts.join('') + text.slice(0, end);
    parts.length = 0;
    parts.push(text.slice(end + 2));
    for (const f of buf.split('\n\n')) if (f) frame(f);
  }
  return [events, chars];
}

async function upload(kind: string, base: string, file: string): Promise<number> {
  if (kind === 'ours') return (await ours(base).uploadFile(file)).bytes;
  if (kind === 'sdk') return (await sdk(base).files.upload({ file: createReadStream(file) })).bytes;
  const size = statSync(file).size;
  const res = await request(`${base}/raw`, { method: 'PUT', headers: { 'content-length': String(size) }, body: createReadStream(file) });
  return ((await res.body.json()) as { bytes: number }).bytes;
}

/** First-event latency: an in-process server writes one Message after a pause; the time it took to reach the code. */
async function latency(runs: number): Promise<Record<string, number[]>> {
  let wroteAt = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      setTimeout(() => {
        wroteAt = performance.now();
        res.write(messageEvent(0, 'first'));
        setTimeout(() => res.end(doneEvent(1)), 2);
      }, 5);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const out: Record<string, number[]> = { ours: [], sdk: [] };
  const client = ours(base);
  const coze = sdk(base);
  const once = async (kind: 'ours' | 'sdk'): Promise<number> => {
    let at = 0;
    if (kind === 'ours') {
      for await (const e of await client.streamRun({ workflowId: WORKFLOW })) if (e.kind === 'message' && !at) at = performance.now();
    } else {
      for await (const e of coze.workflows.runs.stream({ workflow_id: WORKFLOW })) if (e.event === 'Message' && !at) at = performance.now();
    }
    return at - wroteAt;
  };
  for (let i = 0; i < 5; i++) {
    await once('ours');
    await once('sdk');
  }
  for (let i = 0; i < runs; i++) {
    const order: ('ours' | 'sdk')[] = i % 2 ? ['ours', 'sdk'] : ['sdk', 'ours'];
    for (const k of order) out[k]!.push(await once(k));
  }
  server.close();
  return out;
}

/** One timed read of a stream scenario. */
interface StreamTiming {
  ms: number;
  cpuMs: number;
  events: number;
  chars: number;
}

async function timedRead(impl: string, base: string, scenario: Scenario): Promise<StreamTiming> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const [events, chars] = await consume(impl, base, scenario);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, events, chars };
}

/**
 * Stream throughput: the implementations (comma-separated) in this one process, alternating. Each reads the
 * whole scenario STREAM_WARM_READS times untimed first, so the figures are steady-state throughput, as in an
 * extension host that has run streams before (after one read the bigger code path, ours, was still being
 * compiled: its first timed rounds ran up to 15 % slower and moved the 2 KB ratio from ~0.95 to ~0.87). Then
 * STREAM_REPS rounds, each reading with every implementation back to back in a rotating order: the runs
 * of one round share the machine's state of that moment, which on a busy 2-core machine moves more than
 * the differences measured.
 */
async function streamRounds(impls: string[], base: string, scenario: Scenario): Promise<Record<string, StreamTiming[]>> {
  for (let w = 0; w < STREAM_WARM_READS; w++) for (const impl of impls) await consume(impl, base, scenario);
  const out: Record<string, StreamTiming[]> = Object.fromEntries(impls.map((i) => [i, []]));
  for (let r = 0; r < STREAM_REPS; r++) {
    for (let k = 0; k < impls.length; k++) {
      const impl = impls[(r + k) % impls.length]!;
      out[impl]!.push(await timedRead(impl, base, scenario));
    }
  }
  return out;
}

async function main(): Promise<void> {
  if (task === 'stream') {
    console.log(JSON.stringify({ rounds: await streamRounds(impl!.split(','), args.base!, args.scenario!) }));
    return;
  }
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  let result: Record<string, unknown>;
  if (task === 'long') {
    // warm on a short stream, the same for every implementation, so peak memory stays the long event's own
    await consume(impl!, args.base!, { kind: 'stream', count: 5_000, eventBytes: 250 });
    t0 = performance.now();
    cpu0 = process.cpuUsage();
    const [events, chars] = await consume(impl!, args.base!, args.scenario!);
    result = { events, chars };
  } else if (task === 'upload') {
    result = { bytes: await upload(impl!, args.base!, args.file!) };
  } else {
    result = { latencies: await latency(args.runs ?? 50) };
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ ...result, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
