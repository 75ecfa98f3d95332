// `npm test`: builds, type-checks, then runs the two stages, each ending with "N passed, N failed":
//   unit  mocha in plain Node: src/core and the local Coze server, over loopback
//   host  mocha inside a real VS Code (code-server 1.139, installed into .vscode-host/ on first use)
// usage: node scripts/test.mjs [unit|host]...
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stages = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const wanted = stages.length ? stages : ['unit', 'host'];

function step(title, cmd, args) {
  const t0 = Date.now();
  console.log(`\n=== ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  console.log(`=== ${title}: ${r.status === 0 ? 'ok' : `exit ${r.status}`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r.status ?? 1;
}

let failed = 0;
if (step('build', process.execPath, ['esbuild.mjs']) !== 0) process.exit(1);
if (step('typecheck', process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json']) !== 0) failed++;
if (step('typecheck webview', process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.webview.json']) !== 0) failed++;
if (step('check commands', process.execPath, ['scripts/check-commands.mjs']) !== 0) failed++;
if (wanted.includes('unit') && step('unit tests (plain Node)', process.execPath, ['scripts/run-unit-tests.mjs']) !== 0) failed++;
if (wanted.includes('host') && step('host tests (real VS Code in code-server)', process.execPath, ['scripts/run-vscode-tests.mjs']) !== 0) failed++;
if (step('package (.vsix holds only what runs)', process.execPath, ['scripts/check-package.mjs']) !== 0) failed++;
process.exit(failed ? 1 : 0);
