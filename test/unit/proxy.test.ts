import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { CozeClient } from '../../src/core/client/cozeClient';
import { createDispatcher } from '../../src/core/http/dispatcher';
import { startCozeServer, TOKENS, WORKFLOWS, type CozeTestServer } from '../server/index';
import { collect } from './support/chunks';

/** A minimal forward proxy on loopback: CONNECT tunnels and absolute-form requests, counting what it carried. */
async function startProxy(): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  server.on('connect', (req, client: net.Socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('proxy-aware dispatcher', () => {
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let remote: CozeTestServer;
  let local: CozeTestServer;
  before(async () => {
    proxy = await startProxy();
    // 127.0.0.2 is this machine too, but not in the no-proxy list, so it stands for a remote Coze
    remote = await startCozeServer({ dialect: 'cloud', timeScale: 0, host: '127.0.0.2' });
    local = await startCozeServer({ dialect: 'cloud', timeScale: 0 });
  });
  after(async () => {
    await Promise.all([proxy.close(), remote.close(), local.close()]);
  });

  it('sends requests to a remote host through the explicit proxy (VS Code http.proxy)', async () => {
    const client = new CozeClient({ baseUrl: remote.url, token: TOKENS.valid, dialect: 'cloud', dispatcher: createDispatcher({ proxy: proxy.url }) });
    const events = await collect(await client.streamRun({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'proxy' } }));
    assert.equal(events.at(-1)?.kind, 'done');
    const host = new URL(remote.url).host;
    assert.ok(
      proxy.seen.some((s) => s.includes(host)),
      `the proxy carried the request (${proxy.seen.join(', ')})`,
    );
  });

  it('never sends loopback traffic through the proxy', async () => {
    proxy.seen.length = 0;
    const client = new CozeClient({ baseUrl: local.url, token: TOKENS.valid, dialect: 'cloud', dispatcher: createDispatcher({ proxy: proxy.url }) });
    await client.runSync({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'direct' } });
    assert.deepEqual(proxy.seen, []);
  });

  it('reads HTTPS_PROXY / HTTP_PROXY from the environment when no proxy is set', async () => {
    const saved = { ...process.env };
    process.env.HTTP_PROXY = proxy.url;
    process.env.HTTPS_PROXY = proxy.url;
    proxy.seen.length = 0;
    try {
      const client = new CozeClient({ baseUrl: remote.url, token: TOKENS.valid, dialect: 'cloud', dispatcher: createDispatcher() });
      await client.runSync({ workflowId: WORKFLOWS.helloStream, parameters: { name: 'env' } });
      assert.ok(proxy.seen.length > 0);
    } finally {
      process.env = saved;
    }
  });
});
