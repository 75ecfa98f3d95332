// Runs a host test suite inside a real VS Code: code-server's Node extension host, driven by Debian
// Chromium through playwright-core, against the local Coze servers (cloud and studio dialects).
// usage: node scripts/run-vscode-tests.mjs [host|restricted|zh-cn|bench]      (after `node esbuild.mjs`)
//   host        the suite (*.test.js) in a trusted workspace, with a second extension installed that tries to
//               read the token, and a third local server ("elsewhere") that must never see a token
//   restricted  *.restricted.test.js in an untrusted workspace (Restricted Mode) whose .vscode/settings.json
//               tries to point the user's environment at "elsewhere"
//   zh-cn       *.zh-cn.test.js with VS Code's display language set to Simplified Chinese (--locale zh-cn)
//   bench       *.bench.js (npm run bench)
// env: TEST_TIMEOUT_MS (default 1800000, a guard against a hung host only), VERBOSE=1 for all workbench logs,
//      TEST_GREP to filter tests.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, localEnvironments, makeTempDir, prepareWorkspace, startCodeServer } from './lib/codeServer.mjs';
import { startDomBridge } from './lib/domBridge.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { startCozeServer, TOKENS } = require(path.join(root, 'out/test/server/index.js'));

const NOISE =
  /getaddrinfo ENOTFOUND|^\s+at |Creating a socket|connection token|AgentHost|ChatModelSelection|AccountPolicyGate|grace time|builtin extensions|Service Worker|ENOPRO|CodeExpectedError|copilot|ERR_NAME_NOT_RESOLVED|authentication provider 'github'|workbench\.js:/i;

const suite = process.argv[2] ?? process.env.COZE_HOST_SUITE ?? 'host';
const label = suite === 'bench' ? 'host bench' : suite;

async function main() {
  const t0 = Date.now();
  const tmp = makeTempDir('coze-host-tests-');
  const folder = path.join(tmp, 'workspace');
  fs.mkdirSync(folder, { recursive: true });
  const cloud = await startCozeServer({ dialect: 'cloud', timeScale: 1 });
  const studio = await startCozeServer({ dialect: 'studio', timeScale: 1 });
  // a server no token may ever reach: workspaces and tests point environments at it
  const elsewhere = await startCozeServer({ dialect: 'cloud', timeScale: 1 });
  // stand-ins for api.coze.cn and api.coze.com, so the region probe can be walked offline (test mode only)
  const regionCn = await startCozeServer({ dialect: 'cloud', region: 'cn', timeScale: 1 });
  const regionCom = await startCozeServer({ dialect: 'cloud', region: 'com', timeScale: 1 });
  const userSettings = localEnvironments({ cloud: cloud.url, studio: studio.url });
  // what a cloned repository could hold: in Restricted Mode its settings try to move the user's environment
  const hostile = {
    'coze.environments': [{ id: 'local-cloud', name: 'Local Coze (cloud)', baseUrl: elsewhere.url, dialect: 'cloud' }],
    'coze.environment': 'local-studio',
  };
  prepareWorkspace(folder, suite === 'restricted' ? hostile : {});
  if (suite === 'bench') {
    // the benchmark times the Workflows view filling from a saved list
    fs.mkdirSync(path.join(folder, '.coze'));
    const workflows = Array.from({ length: 20 }, (_, i) => ({
      id: `75000000000000001${String(i).padStart(2, '0')}`,
      name: `bench workflow ${i}`,
      environment: 'local-cloud',
    }));
    fs.writeFileSync(path.join(folder, '.coze', 'workflows.json'), JSON.stringify({ workflows }));
  }
  let page;
  const bridge = await startDomBridge(() => page);
  let server;
  let browser;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    server?.stop();
    bridge.close();
    await Promise.all([cloud, studio, elsewhere, regionCn, regionCom].map((s) => s.close()));
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    server = await startCodeServer({
      tmp,
      folder,
      smokeTestDriver: true,
      userSettings,
      workspaceTrust: suite === 'restricted',
      ...(suite === 'zh-cn' ? { locale: 'zh-cn' } : {}),
      extraExtensions:
        suite === 'host'
          ? [path.join(root, 'test/fixtures/attacker-extension')]
          : suite === 'zh-cn'
            ? [path.join(root, 'test/fixtures/zh-cn-language-pack')]
            : [],
      env: {
        VSCODE_TEST_DOM_BRIDGE: bridge.url,
        COZE_TEST_SERVERS: JSON.stringify({
          cloud: cloud.url,
          studio: studio.url,
          elsewhere: elsewhere.url,
          regionCn: regionCn.url,
          regionCom: regionCom.url,
          token: TOKENS.valid,
        }),
        COZE_TEST_REGION_URLS: JSON.stringify({ 'coze.cn': regionCn.url, 'coze.com': regionCom.url }),
        COZE_TEST_USER_DATA: path.join(tmp, 'user-data'),
        COZE_HOST_SUITE: suite,
        ...(process.env.TEST_GREP ? { COZE_TEST_GREP: process.env.TEST_GREP } : {}),
        // a shorter per-test timeout, for a quick look at one test that hangs (the suite's default is generous)
        ...(process.env.TEST_CASE_TIMEOUT_MS ? { COZE_TEST_TIMEOUT_MS: process.env.TEST_CASE_TIMEOUT_MS } : {}),
        ...(suite === 'bench' ? { COZE_BENCH_OUT: process.env.COZE_BENCH_OUT ?? '' } : {}),
      },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    let finish;
    const finished = new Promise((r) => (finish = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...args);
      if (!process.env.VERBOSE && NOISE.test(line)) return;
      (type === 'error' ? console.error : console.log)(line);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    page.on('pageerror', (e) => process.env.VERBOSE && console.error('[pageerror]', String(e)));
    const authority = new URL(server.url).host;
    const remote = (p) => `vscode-remote://${authority}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(root)],
      ['extensionTestsPath', remote(path.join(root, 'out/test/host/index.js'))],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    // not a time budget for the tests (each has its own generous timeout): only what ends a host that hung
    const timeoutMs = Number(process.env.TEST_TIMEOUT_MS || 1_800_000);
    const code = await Promise.race([finished, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
    console.log(`[host] extension host exited with ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (code === 'timeout') console.log(`${label}: 0 passed, 1 failed`);
    if (code !== 0) console.error(server.log().split('\n').slice(-30).join('\n'));
    await cleanup();
    return code === 0 ? 0 : 1;
  } catch (e) {
    console.error('[host]', e);
    console.log(`${label}: 0 passed, 1 failed`);
    await cleanup();
    return 2;
  }
}

process.exit(await main());
