// `npm run test:desktop`: the same host suite in desktop VS Code through @vscode/test-electron, for machines
// that can download VS Code (these CI machines cannot; `npm test` runs the suite in code-server instead).
// Assertions that need the DOM bridge (Playwright on the workbench page) are skipped here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { makeTempDir, prepareWorkspace } from './lib/codeServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
if (spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
const { startCozeServer, TOKENS } = require(path.join(root, 'out/test/server/index.js'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const version = pkg.engines.vscode.replace(/^[^\d]*/, '');

const cloud = await startCozeServer({ dialect: 'cloud', timeScale: 1 });
const studio = await startCozeServer({ dialect: 'studio', timeScale: 1 });
const tmp = makeTempDir('coze-desktop-tests-');
const folder = path.join(tmp, 'workspace');
prepareWorkspace(folder, { cloud: cloud.url, studio: studio.url });
let code = 1;
try {
  await runTests({
    version,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/test/host/index.js'),
    launchArgs: [folder, '--disable-extensions', '--user-data-dir', path.join(tmp, 'user-data')],
    extensionTestsEnv: {
      COZE_TEST_SERVERS: JSON.stringify({ cloud: cloud.url, studio: studio.url, token: TOKENS.valid }),
      COZE_TEST_USER_DATA: path.join(tmp, 'user-data'),
    },
  });
  code = 0;
} catch (e) {
  console.error(`[desktop] ${e instanceof Error ? e.message : e}`);
  console.log('desktop: 0 passed, 1 failed');
} finally {
  await Promise.all([cloud.close(), studio.close()]);
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
