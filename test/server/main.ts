/**
 * CLI: node out/test/server/main.js [--dialect cloud|studio|both] [--port N] [--time-scale X] [--host H]
 *                                   [--region cn|com] [--async-ms N] [--qps N] [--daily-limit N] [--manual-clock]
 * Prints one JSON line {"cloud":"http://…","studio":"http://…"} when listening (with both dialects and --port N,
 * cloud takes N and studio N+1), logs each request on stderr, exits cleanly on SIGINT/SIGTERM.
 */
import type { CozeTestServer, Dialect } from './types';
import { createCozeServer } from './server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

function fail(msg: string): never {
  process.stderr.write(`coze-test-server: ${msg}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const which = arg('dialect') ?? 'both';
  if (!['cloud', 'studio', 'both'].includes(which)) fail(`--dialect must be cloud, studio or both, not ${which}`);
  const port = Number(arg('port') ?? 0);
  const timeScale = Number(arg('time-scale') ?? 1);
  const asyncMs = arg('async-ms');
  const region = arg('region') ?? 'cn';
  const limit = (name: string): number | undefined => {
    const v = arg(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer`);
    return n;
  };
  const qps = limit('qps');
  const dailyLimit = limit('daily-limit');
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be an integer port');
  if (!Number.isFinite(timeScale) || timeScale < 0) fail('--time-scale must be a non-negative number');
  if (region !== 'cn' && region !== 'com') fail('--region must be cn or com');
  const dialects: Dialect[] = which === 'both' ? ['cloud', 'studio'] : [which as Dialect];
  const servers: CozeTestServer[] = [];
  const urls: Record<string, string> = {};
  for (const [i, dialect] of dialects.entries()) {
    const s = await createCozeServer(
      {
        dialect,
        port: port === 0 ? 0 : port + i,
        timeScale,
        region,
        ...(arg('host') ? { host: arg('host')! } : {}),
        ...(asyncMs ? { asyncDurationMs: Number(asyncMs) } : {}),
        ...(qps !== undefined ? { qps } : {}),
        ...(dailyLimit !== undefined ? { dailyLimit } : {}),
        ...(process.argv.includes('--manual-clock') ? { manualClock: true } : {}),
      },
      (line) => process.stderr.write(`[${dialect}] ${line}\n`),
    );
    servers.push(s);
    urls[dialect] = s.url;
  }
  process.stdout.write(JSON.stringify(urls) + '\n');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void Promise.all(servers.map((s) => s.close())).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => fail((e as Error)?.message ?? String(e)));
