/**
 * The benchmarks' Coze endpoint, run in a process of its own so it never competes with the client for the
 * event loop: POST /v1/workflow/stream_run answers the scenario named in the parameters with a pre-rendered
 * body written in 16 KB slices with backpressure; POST /v1/files/upload and PUT /raw read and discard the
 * body and answer as the cloud does. Prints {"port"} when listening.
 */
import http from 'node:http';
import { bodyFor, type Scenario } from './sseBodies';

const bodies = new Map<string, Buffer>();
/** Written in 16 KB pieces, as a server flushing its output buffer would. */
const SLICE = 16 * 1024;

async function readAll(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function drainCount(req: http.IncomingMessage): Promise<number> {
  let n = 0;
  for await (const c of req) n += (c as Buffer).byteLength;
  return n;
}

async function writeBody(res: http.ServerResponse, body: Buffer): Promise<void> {
  for (let off = 0; off < body.byteLength; off += SLICE) {
    if (!res.write(body.subarray(off, off + SLICE))) await new Promise((r) => res.once('drain', r));
  }
  res.end();
}

async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const logid = '20261121000000BENCH';
  try {
    if (req.method === 'POST' && req.url === '/v1/workflow/stream_run') {
      const body = JSON.parse((await readAll(req)).toString('utf8')) as { parameters: { scenario: Scenario } };
      const key = JSON.stringify(body.parameters.scenario);
      let payload = bodies.get(key);
      if (!payload) bodies.set(key, (payload = bodyFor(body.parameters.scenario)));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-tt-logid': logid });
      await writeBody(res, payload);
      return;
    }
    if (req.method === 'POST' && req.url === '/v1/files/upload') {
      const bytes = await drainCount(req);
      res.writeHead(200, { 'content-type': 'application/json', 'x-tt-logid': logid });
      res.end(JSON.stringify({ code: 0, msg: '', data: { id: '7400000000000000123', bytes, file_name: 'big.bin', created_at: 1767240000 } }));
      return;
    }
    if (req.method === 'PUT' && req.url === '/raw') {
      const bytes = await drainCount(req);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ bytes }));
      return;
    }
    res.writeHead(404).end();
  } catch (e) {
    res.writeHead(500).end(String(e));
  }
}

const server = http.createServer((req, res) => void answer(req, res));
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
