// Everything `npm run demo` and the screenshot script start: the local Coze servers (cloud and studio
// dialects) with the sample workflows, a sample workspace pointing at them, and code-server with the
// extension installed from this checkout and the local servers' token preset (loopback only).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { makeTempDir, prepareWorkspace, startCodeServer } from './codeServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

function writeSampleWorkspace(folder, catalogue) {
  fs.mkdirSync(folder, { recursive: true });
  const lines = [
    '# Coze Workflows demo',
    '',
    'This workspace points the extension at two local Coze servers started by `npm run demo`:',
    '"Local Coze (cloud)" speaks the api.coze.cn dialect, "Local Coze Studio" the self-hosted one.',
    'You are already signed in to both (a token for the local servers only).',
    '',
    'Try it: press F1, run **Coze: Run Workflow**, enter `7500000000000000101` and `{"name": "you"}`.',
    'Switch servers with the "Coze: …" item in the status bar.',
    '',
    '| workflow id | name | what it shows |',
    '| --- | --- | --- |',
    ...catalogue.map((w) => `| \`${w.id}\` | ${w.name} | ${w.description} |`),
    '',
  ];
  fs.writeFileSync(path.join(folder, 'README.md'), lines.join('\n'));
}

export async function startDemo({ port = 0, timeScale = 1, userSettings = {} } = {}) {
  const { startCozeServer, TOKENS } = require(path.join(root, 'out/test/server/index.js'));
  const cloud = await startCozeServer({ dialect: 'cloud', timeScale });
  const studio = await startCozeServer({ dialect: 'studio', timeScale });
  const catalogue = await (await fetch(`${cloud.url}/_test/catalogue`)).json();
  const tmp = makeTempDir('coze-demo-');
  const folder = path.join(tmp, 'coze-demo-workspace');
  writeSampleWorkspace(folder, catalogue);
  prepareWorkspace(folder, { cloud: cloud.url, studio: studio.url });
  const server = await startCodeServer({
    tmp,
    folder,
    port,
    extensionDir: root,
    userSettings: { 'workbench.startupEditor': 'readme', ...userSettings },
    env: { COZE_WORKFLOWS_DEMO_TOKENS: JSON.stringify({ 'local-cloud': TOKENS.valid, 'local-studio': TOKENS.valid }) },
  });
  const url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  const stop = async () => {
    server.stop();
    await Promise.all([cloud.close(), studio.close()]);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  return { url, cloud, studio, folder, stop, catalogue };
}
